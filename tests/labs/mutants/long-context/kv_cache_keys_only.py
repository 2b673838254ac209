"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def kv_cache_bytes(batch, seq_len, layers, kv_heads, head_dim, bytes_per_element):  # values forgotten
    return batch * seq_len * layers * kv_heads * head_dim * bytes_per_element
