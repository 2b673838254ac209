"""Prompt-tuning lab: prompt tuning, P-tuning, prefix tuning (P-tuning v2) with peft, against LoRA and full tuning."""
TITLE = "Prompt tuning, P-tuning, P-tuning v2 and prefix tuning"
SUMMARY = ("Count the trainable parameters of peft's PromptTuning, PromptEncoder (P-tuning) and PrefixTuning "
           "(P-tuning v2) by formula, prepend a soft prompt by hand and match peft's logits, then tune a frozen "
           "tiny Llama to select a skill it learned in pre-training, next to LoRA and full fine-tuning.")
NOTES = ("p-tuning-fine-tuning-9f99a5", "p-tuning-v2-c5c518", "prompt-tuning-3d8081", "prefix-tuning-nlp-ec30e7")
MODES = ("quick", "full")
