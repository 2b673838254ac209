"""Architecture lab: RMSNorm, RoPE, ALiBi, pre- vs post-norm and a 7B parameter count, held against transformers."""
TITLE = "Architecture: llama / glm / bloom (attention, norm, embedding)"
SUMMARY = ("Write RMSNorm, rotary embeddings, ALiBi slopes, pre- and post-norm blocks and a Llama parameter "
           "count; check them against LlamaRMSNorm, apply_rotary_pos_emb, bloom's build_alibi_tensor, real "
           "Llama and BERT layers and a 7B model built on the meta device.")
NOTES = ("llama-glm-bloom-attention-norm-embedding-87929f",)
MODES = ("quick", "full")
