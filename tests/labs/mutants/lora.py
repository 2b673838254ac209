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
