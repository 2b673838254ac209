"""LoRA lab: low-rank adapters with peft on a tiny Llama."""
TITLE = "LoRA: low-rank adapters, merging, and why they save memory"
SUMMARY = ("Wrap a tiny Llama with peft's LoRA, count the trainable parameters r*(d_in+d_out), train only the "
           "adapters while the base stays bit-identical, merge them back with no adapter left, and compare "
           "optimizer state with full fine-tuning.")
NOTES = ("lora-bc5745", "lora-502e3d", "qlora-lora-bc1c7a")
MODES = ("quick", "full")
