"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def p_tuning_params(num_virtual_tokens, hidden_size, encoder_hidden_size):  # Linear layers' biases forgotten
    h, e = hidden_size, encoder_hidden_size
    return num_virtual_tokens * h + h * e + e * e + e * h
