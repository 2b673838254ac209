"""Realistic wrong LoRA exercises, each a whole exercise file, and the check that must catch it."""

REFERENCE = ("from labs.lora.adapters import lora_trainable_params, merge_weight, init_lora_factors, lora_forward, "
             "rank_r_residual\nfrom labs.lora.qlora import nf4_quantize, nf4_storage_bytes\n")

MUTANTS = {
    # "4-bit is about a byte per weight once you add the scales": NF4 estimated at 1 B/param
    "nf4_one_byte_per_param": ("nf4_bytes_match_bitsandbytes", REFERENCE + '''
def nf4_storage_bytes(n_params, blocksize=64, double_quant=False):
    return n_params
'''),
    # 16 evenly spaced levels: int4, not NormalFloat
    "nf4_uniform_levels": ("own_nf4_round_trip_matches_codebook", REFERENCE + '''
import torch

def nf4_quantize(weight, blocksize=64):
    flat = weight.detach().float().reshape(-1, blocksize)
    absmax = flat.abs().amax(dim=1, keepdim=True)
    levels = torch.linspace(-1, 1, 16)
    index = ((flat / absmax).unsqueeze(-1) - levels).abs().argmin(dim=-1)
    return (levels[index] * absmax).reshape(weight.shape)
'''),
    # alpha / r forgotten in the forward pass
    "forward_without_scaling": ("own_forward_matches_peft", REFERENCE + '''
def lora_forward(x, weight, lora_a, lora_b, scaling):
    return x @ weight.T + (x @ lora_a.T) @ lora_b.T
'''),
    # both factors random: the adapted model does not start as the base model
    "init_both_random": ("own_init_starts_at_base_and_can_learn", REFERENCE + '''
import torch

def init_lora_factors(d_in, d_out, r, generator):
    return torch.randn(r, d_in, generator=generator), torch.randn(d_out, r, generator=generator)
'''),
    # both factors zero: starts at the base, but no gradient ever reaches either factor
    "init_both_zero": ("own_init_starts_at_base_and_can_learn", REFERENCE + '''
import torch

def init_lora_factors(d_in, d_out, r, generator):
    return torch.zeros(r, d_in), torch.zeros(d_out, r)
'''),
    # Eckart-Young with singular values instead of their squares
    "residual_without_squares": ("predicted_rank_r_residual_matches_training", REFERENCE + '''
import torch

def rank_r_residual(delta, r):
    s = torch.linalg.svdvals(delta.double())
    return float(s[r:].sum() / s.sum())
'''),
    # the merge forgets alpha / r
    "merge_without_scaling": ("merged_logits_match_adapter", REFERENCE + '''
def merge_weight(weight, lora_a, lora_b, scaling):
    return weight + lora_b @ lora_a
'''),
}

NEEDS_BITSANDBYTES = {"nf4_one_byte_per_param"}

# A correct solution written differently from the reference: it must pass (no false alarm on a valid style)
ALTERNATIVE = '''
import math
import torch
import torch.nn.functional as F

def lora_trainable_params(d_in, d_out, r):
    return d_in * r + r * d_out

def merge_weight(weight, lora_a, lora_b, scaling):
    return torch.addmm(weight, lora_b, lora_a, alpha=scaling)

def init_lora_factors(d_in, d_out, r, generator):
    return torch.randn(r, d_in, generator=generator) / r, torch.zeros(d_out, r)

def lora_forward(x, weight, lora_a, lora_b, scaling):
    return F.linear(x, weight) + F.linear(F.linear(x, lora_a), lora_b) * scaling

def rank_r_residual(delta, r):
    s = torch.linalg.svd(delta.double()).S
    return float(torch.linalg.vector_norm(s[r:]) / torch.linalg.vector_norm(s))

def _levels():
    d = (1 / 30 + 1 / 32) / 2
    q = torch.distributions.Normal(0.0, 1.0).icdf
    pos = [q(torch.tensor(p, dtype=torch.float64)) for p in torch.linspace(1 - d, 0.5, 9, dtype=torch.float64)[:-1]]
    neg = [-q(torch.tensor(p, dtype=torch.float64)) for p in torch.linspace(1 - d, 0.5, 8, dtype=torch.float64)[:-1]]
    v = torch.stack(pos + neg + [torch.tensor(0.0, dtype=torch.float64)]).sort().values
    return (v / v.max()).float()

def nf4_quantize(weight, blocksize=64):
    levels = _levels()
    blocks = weight.detach().float().reshape(-1, blocksize)
    scale = blocks.abs().max(dim=1, keepdim=True).values
    index = torch.bucketize(blocks / scale, (levels[1:] + levels[:-1]) / 2)
    return (levels[index] * scale).reshape(weight.shape)

def nf4_storage_bytes(n_params, blocksize=64, double_quant=False):
    blocks = -(-n_params // blocksize)
    scales = blocks + 4 * (-(-blocks // 256)) + 4 if double_quant else 4 * blocks
    return (n_params + 1) // 2 + scales
'''
