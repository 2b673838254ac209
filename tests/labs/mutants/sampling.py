"""Realistic wrong sampling exercises, each a whole exercise file, and the check that must catch it."""

REFERENCE = "from labs.sampling.filters import apply_temperature, top_k_filter, top_p_filter, filtered_probs\n"

MUTANTS = {
    # torch.topk's indices keep exactly k tokens: ties at the k-th value are dropped (transformers keeps them)
    "top_k_by_indices": ("top_k_keeps_ties_like_transformers", REFERENCE + '''
import torch

def top_k_filter(logits, k):
    idx = logits.topk(min(k, logits.shape[-1]), dim=-1).indices
    keep = torch.zeros_like(logits, dtype=torch.bool).scatter(-1, idx, True)
    return logits.masked_fill(~keep, float("-inf"))
'''),
    # the nucleus is cut on the raw logits, then temperature: generate tempers first
    "filters_in_wrong_order": ("chained_filters_match_transformers", REFERENCE + '''
def filtered_probs(logits, temperature=1.0, top_k=None, top_p=None):
    x = logits
    if top_k is not None:
        x = top_k_filter(x, top_k)
    if top_p is not None:
        x = top_p_filter(x, top_p)
    return apply_temperature(x, temperature).softmax(dim=-1)
'''),
    # the textbook cumsum in the logits' dtype: in fp32 the running mass overshoots 1.0 and p = 1.0 drops tokens
    "top_p_fp32_cumsum": ("top_p_1_keeps_every_token", REFERENCE + '''
import torch

def top_p_filter(logits, p):
    probs = logits.softmax(dim=-1)
    sorted_probs, order = probs.sort(dim=-1, descending=True)
    keep_sorted = sorted_probs.cumsum(dim=-1) - sorted_probs < p
    keep = torch.zeros_like(keep_sorted).scatter(-1, order, keep_sorted)
    return logits.masked_fill(~keep, float("-inf"))
'''),
    # keeps tokens while the mass is still below p: the token that crosses p is lost
    "top_p_drops_boundary_token": ("top_p_kept_sets_match_transformers", REFERENCE + '''
import torch

def top_p_filter(logits, p):
    probs = logits.double().softmax(dim=-1)
    sorted_probs, order = probs.sort(dim=-1, descending=True)
    keep_sorted = sorted_probs.cumsum(dim=-1) < p
    keep_sorted[..., 0] = True
    keep = torch.zeros_like(keep_sorted).scatter(-1, order, keep_sorted)
    return logits.masked_fill(~keep, float("-inf"))
'''),
    # multiplies by T: T > 1 then sharpens instead of flattening
    "temperature_multiplies": ("entropy_rises_with_temperature", REFERENCE + '''
def apply_temperature(logits, temperature):
    return logits * temperature
'''),
}

# A correct solution written differently from the reference: it must pass (no false alarm on a valid style)
ALTERNATIVE = '''
import torch

def apply_temperature(logits, temperature):
    return logits * (1.0 / temperature)

def top_k_filter(logits, k):
    threshold = logits.sort(dim=-1, descending=True).values[..., min(k, logits.shape[-1]) - 1:min(k, logits.shape[-1])]
    return torch.where(logits >= threshold, logits, torch.full_like(logits, float("-inf")))

def top_p_filter(logits, p):
    # as transformers does it: ascending order, drop the low tail whose mass is at most 1 - p
    sorted_logits, order = logits.sort(dim=-1)
    tail_mass = sorted_logits.double().softmax(dim=-1).cumsum(dim=-1)
    drop = tail_mass <= 1 - p
    drop[..., -1] = False
    return logits.masked_fill(drop.scatter(-1, order, drop), float("-inf"))

def filtered_probs(logits, temperature=1.0, top_k=None, top_p=None):
    steps = [lambda x: apply_temperature(x, temperature)]
    if top_k:
        steps.append(lambda x: top_k_filter(x, top_k))
    if top_p:
        steps.append(lambda x: top_p_filter(x, top_p))
    for step in steps:
        logits = step(logits)
    return torch.softmax(logits, dim=-1)
'''
