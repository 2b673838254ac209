"""Sampling lab: temperature, top-k and top-p, checked against transformers and by a chi-square test."""
TITLE = "Sampling: temperature, top-k, top-p"
SUMMARY = ("Write the three decoding filters, check them against transformers' logits warpers, test "
           "sampled frequencies with a chi-square test, and watch a tiny LM's text change with temperature.")
NOTES = ("top-k-33e6c7", "top-p-86a7bb", "temperature-7033e9")
MODES = ("quick", "full")
