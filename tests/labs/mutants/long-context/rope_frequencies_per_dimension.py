"""A wrong solution, appended to the reference: it replaces the function of the same name."""
import torch


def rope_angles(positions, head_dim, base=10000.0, scale=1.0):  # exponent i/d over half the dims, not 2i/d
    inv_freq = 1.0 / base ** (torch.arange(head_dim // 2, dtype=torch.float32) / head_dim)
    return (positions.float()[:, None] / scale) * inv_freq[None, :]
