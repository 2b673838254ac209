"""A wrong solution, appended to the reference: it replaces the function of the same name."""
import torch


def rms_norm(x, weight, eps=1e-6):  # LayerNorm's habit: subtract the mean first
    x32 = x.float()
    centred = x32 - x32.mean(dim=-1, keepdim=True)
    return (weight * centred * torch.rsqrt(centred.pow(2).mean(dim=-1, keepdim=True) + eps)).to(x.dtype)
