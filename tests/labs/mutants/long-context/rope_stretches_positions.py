"""A wrong solution, appended to the reference: it replaces the function of the same name."""
import torch


def rope_angles(positions, head_dim, base=10000.0, scale=1.0):  # multiplies where it should divide
    inv_freq = 1.0 / base ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
    return (positions.float()[:, None] * scale) * inv_freq[None, :]
