"""Memory lab: where training memory goes, counted from real tensors."""
TITLE = "Memory: parameters, gradients, optimizer state, activations"
SUMMARY = ("Count the bytes of a tiny Llama's weights, gradients and optimizer states and match them with the "
           "per-parameter formulas (AdamW 16 B, SGD 12 B, 8-bit Adam), measure activations with saved-tensor "
           "hooks, and see what gradient checkpointing and accumulation buy.")
NOTES = ("fda38b", "5e5177")
MODES = ("quick", "full")
