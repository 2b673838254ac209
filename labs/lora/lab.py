"""LoRA lab: runs the experiment and returns its checks."""
from __future__ import annotations

import copy

import torch

from labs import corpus, tinyllama
from labs.lora import adapters, checks, exercise
from labs.protocol import LabContext

SIZES = {
    "quick": dict(model=dict(vocab=256, hidden=128, layers=2, heads=4, kv_heads=2, intermediate=344),
                  r=8, alpha=16, steps=100, batch=8, seq=64, lr=5e-3, min_drop=0.25),
    "full": dict(model=dict(vocab=32000, hidden=1024, layers=8, heads=16, kv_heads=8, intermediate=2816),
                 r=16, alpha=32, steps=200, batch=8, seq=256, lr=2e-3, min_drop=0.25),
}


def _task(device: str, batch: int, seq: int) -> torch.Tensor:
    """A fixed set of windows of the bundled document's UTF-8 bytes: the adapters learn to continue them."""
    data = torch.tensor(list(corpus.load_text().encode("utf-8")), dtype=torch.long)
    return data[: batch * seq].view(batch, seq).to(device)


@torch.no_grad()
def _logits(model, ids) -> torch.Tensor:
    model.eval()
    out = model(input_ids=ids).logits.float()
    model.train()
    return out


def _rel(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a - b).abs().max() / b.abs().max())


def _state_bytes(opt) -> int:
    return sum(t.numel() * t.element_size() for s in opt.state.values() for k, t in s.items() if k != "step")


def _train(model, ids, steps: int, lr: float, ctx: LabContext):
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    losses = []
    for step in range(steps):
        loss = model(input_ids=ids, labels=ids).loss
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if step % max(steps // 5, 1) == 0:
            ctx.progress(0.2 + 0.5 * step / steps, f"training the adapters: step {step}, loss {losses[-1]:.3f}")
    return losses, opt


def _full_finetune_state(base, ids) -> int:
    opt = torch.optim.AdamW(base.parameters(), lr=1e-5)
    base(input_ids=ids, labels=ids).loss.backward()
    opt.step()
    return _state_bytes(opt)


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    count_fn = ctx.pick(adapters.lora_trainable_params, exercise, "lora_trainable_params")
    merge_fn = ctx.pick(adapters.merge_weight, exercise, "merge_weight")
    r = size["r"]
    cfg = tinyllama.config(**size["model"], max_positions=2048)
    base = tinyllama.build(cfg, seed=21, device=ctx.device)
    ids = _task(ctx.device, size["batch"], size["seq"])
    pristine = copy.deepcopy(base)  # for full fine-tuning and the untouched weights
    targets = adapters.target_linears(base)
    formula = sum(count_fn(m.in_features, m.out_features, r) for m in targets.values())
    total_params = sum(p.numel() for p in base.parameters())
    base_logits = _logits(base, ids)

    ctx.progress(0.1, "wrapping with peft LoRA")
    model = adapters.wrap(base, r, size["alpha"])
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    ctx.metric("trainable_params", trainable)
    ctx.metric("all_params", total_params)
    ctx.metric("trainable_fraction", round(trainable / total_params, 6))
    layers = adapters.lora_layers(model)
    nonzero_b = sum(int((adapters.adapter_factors(m)[1] != 0).sum()) for m in layers.values())
    found = [checks.trainable_params(trainable, formula, len(targets), r), checks.b_zero(nonzero_b),
             checks.first_logits(float((_logits(model, ids) - base_logits).abs().max()))]

    losses, opt = _train(model, ids, size["steps"], size["lr"], ctx)
    first, last = sum(losses[:5]) / 5, sum(losses[-5:]) / 5
    ctx.metric("loss_first", round(first, 4))
    ctx.metric("loss_last", round(last, 4))
    found.append(checks.loss_drop(first, last, size["min_drop"]))
    frozen = adapters.base_weights(model)
    changed = [n for n, p in pristine.named_parameters() if not torch.equal(p, frozen[n])]
    found.append(checks.base_unchanged(changed, len(frozen)))

    ctx.progress(0.75, "rank of BA and merging")
    ranks, merge_errs, own_merged = [], [], {}
    for name, layer in layers.items():
        a, b, scaling = adapters.adapter_factors(layer)
        ranks.append(int(torch.linalg.matrix_rank(scaling * (b.double() @ a.double()))))
        own_merged[name] = merge_fn(layer.get_base_layer().weight.detach().clone(), a, b, scaling)
    found.append(checks.rank(max(ranks), r, len(layers)))
    adapted_logits = _logits(model, ids)
    lora_state = _state_bytes(opt)
    merged = model.merge_and_unload()
    for name, weight in own_merged.items():
        merge_errs.append(_rel(weight, merged.get_submodule(name.removeprefix("base_model.model.")).weight))
    found.append(checks.own_merge(max(merge_errs)))
    found.append(checks.merged_logits(_rel(_logits(merged, ids), adapted_logits)))
    found.append(checks.no_adapters_left(len(adapters.lora_layers(merged)), type(merged).__name__))

    ctx.progress(0.9, "optimizer state: LoRA vs full fine-tuning")
    full_state = _full_finetune_state(pristine, ids)
    ctx.metric("adamw_state_bytes[lora]", lora_state, "B")
    ctx.metric("adamw_state_bytes[full]", full_state, "B")
    ctx.metric("qlora_base_bytes_estimate[nf4]", int(total_params * (0.5 + 4 / 64)), "B")
    found.append(checks.state_ratio(lora_state / full_state, formula / total_params, lora_state, full_state))
    ctx.progress(1.0, "done")
    return found
