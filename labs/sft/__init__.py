"""Instruction-tuning lab: chat template, loss masking, learning rate, epochs and instruction diversity."""
TITLE = "Instruction tuning: chat template, loss masking, hyper-parameters, instruction strategy"
SUMMARY = ("Write the chat template, the label mask that keeps prompt tokens out of the loss, the padding "
           "collator, the shifted loss and a warm-up + cosine schedule; check them against transformers, then "
           "fine-tune a tiny Llama: a learning-rate sweep, overfitting over epochs, and diverse instruction "
           "phrasings against one on held-out phrasings.")
NOTES = ("instruction-tuning-a65d9b", "5ecc96", "f995a2")
MODES = ("quick", "full")
