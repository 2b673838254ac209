"""Long-context lab: attention memory, fused SDPA kernels, the KV cache under GQA, RoPE position interpolation."""
TITLE = "Context length: attention memory, KV cache, position interpolation"
SUMMARY = ("Write the byte counts of the attention matrix and the KV cache and RoPE's angles with position "
           "interpolation; check them against tensors transformers allocates, measure that math attention "
           "grows as n^2 and fused SDPA kernels as n, and see interpolation keep angles in the trained range.")
NOTES = ("context-length-5e4c02",)
MODES = ("quick", "full")
