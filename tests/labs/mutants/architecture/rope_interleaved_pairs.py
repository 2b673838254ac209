"""A wrong solution, appended to the reference: it replaces the function of the same name."""
import torch


def apply_rope(x, positions, base=10000.0):  # the paper's layout (pairs 2i, 2i+1), not transformers' halves
    dim = x.shape[-1]
    inv_freq = base ** (-torch.arange(0, dim, 2, dtype=torch.float32) / dim)
    angle = positions.float()[:, None] * inv_freq[None, :]
    cos, sin = angle.cos(), angle.sin()
    even, odd = x[..., 0::2], x[..., 1::2]
    out = torch.stack((even * cos - odd * sin, even * sin + odd * cos), dim=-1)
    return out.flatten(-2)
