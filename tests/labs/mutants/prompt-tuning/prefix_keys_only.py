"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def prefix_tuning_params(num_virtual_tokens, num_layers, kv_heads, head_dim, projection_hidden=None):
    kv_dim = kv_heads * head_dim  # a prefix of keys only: the values are forgotten
    per_token = num_layers * kv_dim
    if projection_hidden is None:
        return num_virtual_tokens * per_token
    return (num_virtual_tokens * kv_dim + kv_dim * projection_hidden + projection_hidden
            + projection_hidden * per_token + per_token)
