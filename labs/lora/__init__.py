"""LoRA lab: low-rank adapters with peft on a tiny Llama."""
TITLE = "LoRA: low-rank adapters, merging, their limits, and QLoRA"
SUMMARY = ("Write LoRA's count, init, forward and merge and hold them against peft on a tiny Llama, train only "
           "the adapters while the base stays bit-identical, see an update of rank > r that LoRA cannot fit "
           "while full fine-tuning can, and run QLoRA's NF4 with bitsandbytes against the paper's codebook.")
NOTES = ("lora-bc5745", "lora-502e3d", "qlora-lora-bc1c7a", "lora-9f64e1")
MODES = ("quick", "full")
