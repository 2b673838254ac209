"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def llama_param_count(config):  # k and v counted as if every head had its own
    d, v, inter = config.hidden_size, config.vocab_size, config.intermediate_size
    layer = 4 * d * d + 3 * d * inter + 2 * d
    head = 0 if config.tie_word_embeddings else v * d
    return v * d + config.num_hidden_layers * layer + d + head
