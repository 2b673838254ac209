"""Attention lab: causal and padding masks, and what decoder-only, encoder-only and encoder-decoder models see."""
TITLE = "Attention masks: GPT one way, BERT both ways, T5 both"
SUMMARY = ("Write the causal and padding masks and masked attention, hold them against what GPT-2, Llama, "
           "BERT and T5 (built from configs) actually attend to, and predict which outputs a changed token "
           "can reach: a decoder's earlier logits never move, an encoder's all do.")
NOTES = ("encoder-only-decoder-only-encoder-decode-188b8d", "gpt-bert-51bf02")
MODES = ("quick", "full")
