"""QLoRA for real: NF4 storage and error with bitsandbytes, an independent NF4 codebook, and a LoRA
step on a 4-bit base. bitsandbytes is optional (`pip install 'studyapp[qlora]'`): without it the
bitsandbytes parts report themselves as unavailable and their checks are skipped.

The independent codebook follows the QLoRA paper (Dettmers et al. 2023, section 3): 4-bit NormalFloat
levels are quantiles of N(0, 1) normalised to [-1, 1], asymmetric so that 0 is exactly representable:
8 non-negative quantiles and 7 negative ones, taken at probabilities evenly spaced from 1 - delta to 1/2,
with delta = (1/30 + 1/32) / 2 (half-way between the 1/(2*15) and 1/(2*16) offsets of the two halves).
"""
from __future__ import annotations

import math

import torch

BLOCK = 64
NESTED_BLOCK = 256


def available() -> bool:
    try:
        import bitsandbytes  # noqa: F401
    except Exception:  # absent, or present but unusable on this machine
        return False
    return True


def nf4_levels() -> torch.Tensor:
    """The 16 NF4 levels, ascending, computed from the paper's definition (float64)."""
    delta = 0.5 * (1 / 30 + 1 / 32)
    positive = torch.special.ndtri(torch.linspace(1 - delta, 0.5, 9, dtype=torch.float64)[:-1])
    negative = -torch.special.ndtri(torch.linspace(1 - delta, 0.5, 8, dtype=torch.float64)[:-1])
    levels = torch.cat([negative, torch.zeros(1, dtype=torch.float64), positive]).sort().values
    return levels / levels.abs().max()


def nf4_quantize(weight: torch.Tensor, blocksize: int = BLOCK) -> torch.Tensor:
    """Blockwise NF4 round trip: each block of `blocksize` values scaled by its absmax to [-1, 1],
    rounded to the nearest level, scaled back. Returns the dequantised tensor (fp32)."""
    flat = weight.detach().float().reshape(-1, blocksize)
    absmax = flat.abs().amax(dim=1, keepdim=True)
    levels = nf4_levels().float().to(weight.device)
    index = ((flat / absmax.clamp_min(1e-30)).unsqueeze(-1) - levels).abs().argmin(dim=-1)
    return (levels[index] * absmax).reshape(weight.shape)


def nf4_storage_bytes(n_params: int, blocksize: int = BLOCK, double_quant: bool = False) -> int:
    """Bytes of one NF4 tensor: two 4-bit codes per byte, plus one fp32 absmax per block; with double
    quantisation the absmax values are stored as 8-bit codes, with one fp32 absmax per 256 of them and
    one fp32 offset (the shared code books themselves are not counted)."""
    blocks = math.ceil(n_params / blocksize)
    packed = math.ceil(n_params / 2)
    if not double_quant:
        return packed + 4 * blocks
    return packed + blocks + 4 * math.ceil(blocks / NESTED_BLOCK) + 4


def bnb_storage(weight: torch.Tensor, double_quant: bool) -> int:
    """Bytes bitsandbytes stores for `weight` in NF4: packed codes, absmax, and the nested statistics."""
    import bitsandbytes.functional as bnbf

    packed, state = bnbf.quantize_4bit(weight.detach().float().contiguous(), blocksize=BLOCK, quant_type="nf4",
                                       compress_statistics=double_quant)
    total = packed.numel() * packed.element_size() + state.absmax.numel() * state.absmax.element_size()
    if state.nested:
        total += state.state2.absmax.numel() * state.state2.absmax.element_size()
        total += state.offset.numel() * state.offset.element_size()
    return total


def bnb_round_trip(weight: torch.Tensor) -> torch.Tensor:
    import bitsandbytes.functional as bnbf

    packed, state = bnbf.quantize_4bit(weight.detach().float().contiguous(), blocksize=BLOCK, quant_type="nf4",
                                       compress_statistics=False)
    return bnbf.dequantize_4bit(packed, state).float()


def quantise_base(model, targets: dict[str, torch.nn.Linear], device: str) -> None:
    """Replaces each target Linear with a bitsandbytes NF4 Linear4bit holding the same weights."""
    import bitsandbytes as bnb

    for name, linear in targets.items():
        q = bnb.nn.Linear4bit(linear.in_features, linear.out_features, bias=linear.bias is not None,
                              compute_dtype=torch.float32, quant_type="nf4", compress_statistics=True)
        q.weight = bnb.nn.Params4bit(linear.weight.detach().cpu().clone(), requires_grad=False, quant_type="nf4",
                                     compress_statistics=True)
        q = q.to(device)
        parent, _, child = name.rpartition(".")
        setattr(model.get_submodule(parent), child, q)


def packed_weights(model) -> dict[str, torch.Tensor]:
    import bitsandbytes as bnb

    return {name: m.weight.data.clone() for name, m in model.named_modules() if isinstance(m, bnb.nn.Linear4bit)}
