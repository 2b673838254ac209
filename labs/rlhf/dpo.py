"""DPO on a tabular policy: prompts x responses, preferences from hidden scores, any loss function."""
from __future__ import annotations

import torch

BETA = 0.1


def preference_data(prompts: int, responses: int, pairs_per_prompt: int, gen: torch.Generator):
    ref_logits = torch.randn(prompts, responses, generator=gen, dtype=torch.float64)
    scores = torch.randn(prompts, responses, generator=gen, dtype=torch.float64)
    prompt = torch.arange(prompts).repeat_interleave(pairs_per_prompt)
    a = torch.randint(0, responses, (prompt.numel(),), generator=gen)
    b = (a + torch.randint(1, responses, (prompt.numel(),), generator=gen)) % responses  # never a == b
    a_wins = scores[prompt, a] > scores[prompt, b]
    chosen, rejected = torch.where(a_wins, a, b), torch.where(a_wins, b, a)
    return ref_logits, prompt, chosen, rejected


def train(loss_fn, ref_logits, prompt, chosen, rejected, steps: int, lr: float = 0.05) -> float:
    """Trains the policy's logits with `loss_fn`; returns the share of pairs whose implicit reward
    margin beta*[(log pi - log ref)(chosen) - (log pi - log ref)(rejected)] ended positive."""
    ref_logp = ref_logits.log_softmax(-1)
    logits = ref_logits.clone().requires_grad_(True)
    optimizer = torch.optim.Adam([logits], lr=lr)
    for _ in range(steps):
        logp = logits.log_softmax(-1)
        loss = loss_fn(logp[prompt, chosen], logp[prompt, rejected], ref_logp[prompt, chosen],
                       ref_logp[prompt, rejected], BETA)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        shift = logits.log_softmax(-1) - ref_logp
        margin = shift[prompt, chosen] - shift[prompt, rejected]
    return float((margin > 0).double().mean())
