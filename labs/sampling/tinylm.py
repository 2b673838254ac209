"""A tiny character-level Llama trained on the bundled document, and a sampling loop that uses the
filters and the lab's sampler."""
from __future__ import annotations

import torch

from labs import corpus, tinyllama


def train(device: str, steps: int, batch: int, seq: int, hidden: int, layers: int, lr: float,
          on_step=None):
    """Returns (model, tokenizer, per-step losses)."""
    text = corpus.load_text()
    tok = corpus.CharTokenizer(text)
    data = torch.tensor(tok.encode(text), dtype=torch.long)
    cfg = tinyllama.config(vocab=tok.vocab_size, hidden=hidden, layers=layers, heads=4, kv_heads=2,
                           intermediate=hidden * 8 // 3, max_positions=seq)
    model = tinyllama.build(cfg, device=device)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    losses = []
    model.train()
    for step in range(steps):
        starts = torch.randint(0, data.numel() - seq - 1, (batch,))
        ids = torch.stack([data[s:s + seq] for s in starts.tolist()]).to(device)
        loss = model(input_ids=ids, labels=ids).loss
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        losses.append(loss.item())
        if on_step:
            on_step(step, losses[-1])
    model.eval()
    return model, tok, losses


@torch.no_grad()
def generate(model, tok, prompt: str, length: int, samples: int, temperature: float, sampler,
             filtered_probs, context: int) -> list[str]:
    """`samples` continuations of `prompt`, each token drawn from `filtered_probs(logits, temperature)`."""
    device = next(model.parameters()).device
    ids = torch.tensor([tok.encode(prompt)] * samples, device=device)
    out = []
    for _ in range(length):
        logits = model(input_ids=ids[:, -context:]).logits[:, -1, :].float()
        probs = filtered_probs(logits, temperature)
        nxt = torch.stack([sampler(row, 1) for row in probs])
        ids = torch.cat([ids, nxt], dim=1)
        out.append(nxt)
    new = torch.cat(out, dim=1).tolist()
    return [tok.decode(row) for row in new]
