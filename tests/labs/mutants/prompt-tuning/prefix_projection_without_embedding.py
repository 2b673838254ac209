"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def prefix_tuning_params(num_virtual_tokens, num_layers, kv_heads, head_dim, projection_hidden=None):
    kv_dim = kv_heads * head_dim
    per_token = num_layers * 2 * kv_dim
    if projection_hidden is None:
        return num_virtual_tokens * per_token
    # only the MLP is counted: the virtual-token embedding that feeds it is forgotten
    return kv_dim * projection_hidden + projection_hidden + projection_hidden * per_token + per_token
