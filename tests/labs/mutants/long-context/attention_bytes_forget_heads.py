"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def attention_matrix_bytes(batch, heads, seq_len, bytes_per_element):  # one n x n matrix per sequence
    return batch * seq_len * seq_len * bytes_per_element
