"""Hallucination lab: a tiny LM on a synthetic fact table guesses confidently about entities it never saw."""
TITLE = "Hallucination: confident guesses, temperature, entropy as a detector, facts in context"
SUMMARY = ("Train a tiny Llama on a table of entity -> city facts; it answers unseen entities at chance yet "
           "confidently, errs more at higher temperature, is caught by its token entropy (AUROC), and stops "
           "erring when the fact is given in the prompt.")
NOTES = ("bfa9a5",)
MODES = ("quick", "full")
