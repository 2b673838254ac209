"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def lora_params(matrix_shapes, r):  # B (out x r) forgotten
    return sum(r * n_in for n_in, _ in matrix_shapes)
