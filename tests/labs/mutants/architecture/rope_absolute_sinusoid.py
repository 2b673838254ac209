"""A wrong solution, appended to the reference: it replaces the function of the same name."""
import torch


def apply_rope(x, positions, base=10000.0):  # adds a sinusoidal position vector instead of rotating
    dim = x.shape[-1]
    inv_freq = base ** (-torch.arange(0, dim, 2, dtype=torch.float32) / dim)
    angle = positions.float()[:, None] * inv_freq[None, :]
    return x + torch.cat((angle.sin(), angle.cos()), dim=-1)
