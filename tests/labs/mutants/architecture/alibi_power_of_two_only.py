"""A wrong solution, appended to the reference: it replaces the function of the same name."""
import torch


def alibi_slopes(num_heads):  # the power-of-two formula used for every head count
    return torch.tensor([2.0 ** (-8.0 * (h + 1) / num_heads) for h in range(num_heads)])
