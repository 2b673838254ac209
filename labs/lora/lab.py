"""LoRA lab: runs the experiment and returns its checks."""
from __future__ import annotations

import copy

import torch

from labs import corpus, tinyllama
from labs.lora import adapters, checks, exercise, lowrank, qlora
from labs.protocol import LabContext, graded

SIZES = {
    "quick": dict(model=dict(vocab=256, hidden=128, layers=2, heads=4, kv_heads=2, intermediate=344),
                  r=8, alpha=16, steps=100, batch=8, seq=64, lr=5e-3, min_drop=0.25,
                  fit=dict(d=64, r=4, delta_rank=16, steps=300), qlora_steps=10, qlora_min_drop=0.05,
                  qlora_model=dict(vocab=256, hidden=128, layers=2, heads=4, kv_heads=2, intermediate=384)),
    "full": dict(model=dict(vocab=32000, hidden=1024, layers=8, heads=16, kv_heads=8, intermediate=2816),
                 r=16, alpha=32, steps=200, batch=8, seq=256, lr=2e-3, min_drop=0.25,
                 fit=dict(d=256, r=16, delta_rank=64, steps=600), qlora_steps=20, qlora_min_drop=0.05,
                 qlora_model=dict(vocab=32000, hidden=1024, layers=8, heads=16, kv_heads=8, intermediate=2816)),
}
FUNCTIONS = ("lora_trainable_params", "init_lora_factors", "lora_forward", "merge_weight", "rank_r_residual",
             "nf4_quantize", "nf4_storage_bytes")
REFERENCE = {**{n: getattr(adapters, n) for n in FUNCTIONS[:5]},
             "nf4_quantize": qlora.nf4_quantize, "nf4_storage_bytes": qlora.nf4_storage_bytes}


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
    return float((a.float() - b.float()).abs().max() / b.abs().max())


def _state_bytes(opt) -> int:
    return sum(t.numel() * t.element_size() for s in opt.state.values() for k, t in s.items() if k != "step")


def _train(model, ids, steps: int, lr: float, ctx: LabContext, progress=(0.2, 0.5)):
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
            ctx.progress(progress[0] + progress[1] * step / steps, f"training the adapters: step {step}, "
                                                                   f"loss {losses[-1]:.3f}")
    return losses, opt


def _full_finetune_state(base, ids) -> int:
    opt = torch.optim.AdamW(base.parameters(), lr=1e-5)
    base(input_ids=ids, labels=ids).loss.backward()
    opt.step()
    return _state_bytes(opt)


def _init_check(impl) -> torch.Tensor:
    def compute():
        d_in, d_out, r = 96, 48, 8
        g = torch.Generator().manual_seed(0)
        a, b = impl["init_lora_factors"](d_in, d_out, r, g)
        a, b = a.detach().float().clone().requires_grad_(True), b.detach().float().clone().requires_grad_(True)
        w = torch.randn(d_out, d_in, generator=g) / d_in ** 0.5
        x = torch.randn(16, d_in, generator=g)
        y = adapters.lora_forward(x, w, a, b, 2.0)
        start_diff = float((y - x @ w.T).detach().abs().max())
        (y ** 2).sum().backward()
        return checks.own_init(start_diff, float(b.grad.norm()))

    return graded("own_init_starts_at_base_and_can_learn", compute, expected="starts at base, B gets a gradient",
                  why="your init_lora_factors raised")


def _layer_inputs(model, layers: dict, ids) -> dict:
    """The input each LoRA layer sees in one forward pass."""
    seen, hooks = {}, []

    def keep(name):
        def hook(_module, inputs, output) -> None:  # returning anything would replace the layer's output
            seen.setdefault(name, (inputs[0].detach(), output.detach()))
        return hook

    for name, layer in layers.items():
        hooks.append(layer.register_forward_hook(keep(name)))
    try:
        _logits(model, ids)
    finally:
        for h in hooks:
            h.remove()
    return seen


def _adapter_checks(ctx: LabContext, size: dict, impl: dict) -> list:
    r = size["r"]
    cfg = tinyllama.config(**size["model"], max_positions=2048)
    base = tinyllama.build(cfg, seed=21, device=ctx.device)
    ids = _task(ctx.device, size["batch"], size["seq"])
    pristine = copy.deepcopy(base)  # for full fine-tuning and the untouched weights
    targets = adapters.target_linears(base)
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
    formula = {}

    def count():
        formula["n"] = sum(impl["lora_trainable_params"](m.in_features, m.out_features, r) for m in targets.values())
        return checks.trainable_params(trainable, formula["n"], len(targets), r)

    found = [graded("trainable_params_match_formula", count, expected=trainable,
                    why="your lora_trainable_params raised"),
             checks.b_zero(nonzero_b),
             checks.first_logits(float((_logits(model, ids) - base_logits).abs().max())),
             _init_check(impl)]

    losses, opt = _train(model, ids, size["steps"], size["lr"], ctx)
    first, last = sum(losses[:5]) / 5, sum(losses[-5:]) / 5
    ctx.metric("loss_first", round(first, 4))
    ctx.metric("loss_last", round(last, 4))
    found.append(checks.loss_drop(first, last, size["min_drop"]))
    frozen = adapters.base_weights(model)
    changed = [n for n, p in pristine.named_parameters() if not torch.equal(p, frozen[n])]
    found.append(checks.base_unchanged(changed, len(frozen)))

    ctx.progress(0.6, "your forward and merge against peft's")
    inputs = _layer_inputs(model, layers, ids)

    def forward():
        worst = 0.0
        for name, layer in layers.items():
            a, b, scaling = adapters.adapter_factors(layer)
            x, out = inputs[name]
            worst = max(worst, _rel(impl["lora_forward"](x, layer.get_base_layer().weight.detach(), a, b, scaling), out))
        return checks.own_forward(worst, len(layers))

    found.append(graded("own_forward_matches_peft", forward, expected=f"<= {checks.FORWARD_TOL:g}",
                        why="your lora_forward raised"))
    adapted_logits = _logits(model, ids)
    lora_state = _state_bytes(opt)
    own_merged = {}
    merge_error = {}
    try:
        for name, layer in layers.items():
            a, b, scaling = adapters.adapter_factors(layer)
            own_merged[name] = impl["merge_weight"](layer.get_base_layer().weight.detach().clone(), a, b, scaling)
    except (NotImplementedError, KeyboardInterrupt):
        raise
    except Exception as exc:  # the learner's merge failed: both merge checks report it
        merge_error["exc"] = exc
    merged = model.merge_and_unload()

    def merge_check():
        if merge_error:
            raise merge_error["exc"]
        return checks.own_merge(max(_rel(w, merged.get_submodule(n.removeprefix("base_model.model.")).weight)
                                    for n, w in own_merged.items()))

    def merged_logits_check():
        if merge_error:
            raise merge_error["exc"]
        mine = copy.deepcopy(pristine)
        with torch.no_grad():
            for n, w in own_merged.items():
                mine.get_submodule(n.removeprefix("base_model.model.")).weight.copy_(w)
        return checks.merged_logits(_rel(_logits(mine, ids), adapted_logits))

    found.append(graded("own_merge_matches_peft", merge_check, expected="<= 1e-06", why="your merge_weight raised"))
    found.append(graded("merged_logits_match_adapter", merged_logits_check, expected=f"<= {checks.MERGE_TOL:g}",
                        why="your merge_weight raised"))
    found.append(checks.no_adapters_left(len(adapters.lora_layers(merged)), type(merged).__name__))

    ctx.progress(0.7, "optimizer state: LoRA vs full fine-tuning")
    full_state = _full_finetune_state(pristine, ids)
    ctx.metric("adamw_state_bytes[lora]", lora_state, "B")
    ctx.metric("adamw_state_bytes[full]", full_state, "B")

    def ratio():
        if "n" not in formula:
            count()
        return checks.state_ratio(lora_state / full_state, formula["n"] / total_params, lora_state, full_state)

    found.append(graded("optimizer_state_ratio_matches_formula", ratio, expected="trainable / all",
                        why="your lora_trainable_params raised"))
    return found


def _rank_checks(ctx: LabContext, size: dict, impl: dict) -> list:
    """Lora 存在的缺点: an update of rank above r."""
    ctx.progress(0.75, "an update of rank > r: LoRA vs full fine-tuning")
    f = size["fit"]
    fit = lowrank.fit(f["d"], f["r"], f["delta_rank"], f["steps"], seed=5)
    best = adapters.rank_r_residual(fit.delta, f["r"])
    ctx.metric("rank_fit[delta_rank]", fit.delta_rank)
    ctx.metric("rank_fit[lora_residual]", round(fit.lora_residual, 5))
    ctx.metric("rank_fit[eckart_young]", round(best, 5))
    ctx.metric("rank_fit[full_residual]", fit.full_residual)
    return [
        graded("predicted_rank_r_residual_matches_training",
               lambda: checks.predicted_residual(float(impl["rank_r_residual"](fit.delta.clone(), f["r"])),
                                                 fit.lora_residual, f["r"], fit.delta_rank),
               expected=round(fit.lora_residual, 4), why="your rank_r_residual raised"),
        checks.lora_at_best(fit.lora_residual, best, f["r"], fit.delta_rank),
        checks.full_fits(fit.full_residual, fit.lora_residual),
    ]


def _qlora_checks(ctx: LabContext, size: dict, impl: dict) -> list:
    ctx.progress(0.85, "QLoRA: NF4 storage, error, and a step on a 4-bit base")
    # every row a whole number of 64-blocks: bitsandbytes 0.50.2's CPU dequantize_4bit mis-decodes the others
    cfg = tinyllama.config(**size["qlora_model"], max_positions=2048)
    base = tinyllama.build(cfg, seed=31, device=ctx.device)
    targets = adapters.target_linears(base)
    weight = targets["model.layers.0.mlp.down_proj"].weight.detach()
    have_bnb = qlora.available()
    ctx.metric("bitsandbytes", have_bnb)

    independent = qlora.nf4_quantize(weight)
    scale = float(weight.abs().max())

    def own():
        mine = impl["nf4_quantize"](weight.clone(), qlora.BLOCK)
        return checks.own_nf4(float((mine.float() - independent).abs().max()) / scale)

    found = [graded("own_nf4_round_trip_matches_codebook", own, expected=f"<= {checks.NF4_TOL:g}",
                    why="your nf4_quantize raised")]
    if not have_bnb:
        found += [checks.bnb_matches_codebook(None, None),
                  checks.nf4_bytes("nf4_bytes_match_bitsandbytes", None, None, ""),
                  checks.nf4_bytes("nf4_double_quant_bytes_match_bitsandbytes", None, None, ""),
                  checks.qlora_step(None, None, 0, 0, size["qlora_min_drop"])]
        return found
    worst, errors = 0.0, [0.0, 0.0]
    for m in targets.values():  # every tensor the 4-bit base will hold
        w = m.weight.detach()
        theirs, ours = qlora.bnb_round_trip(w), qlora.nf4_quantize(w)
        worst = max(worst, float((theirs - ours).abs().max() / w.abs().max()))
        errors[0] += float((theirs - w).abs().sum())
        errors[1] += float((ours - w).abs().sum())
    n_all = sum(m.weight.numel() for m in targets.values())
    mean_errors = (errors[0] / n_all, errors[1] / n_all)
    ctx.metric("nf4_mean_abs_error[bitsandbytes]", round(mean_errors[0], 6))
    ctx.metric("nf4_mean_abs_error[independent codebook]", round(mean_errors[1], 6))
    found.append(checks.bnb_matches_codebook(worst, mean_errors))
    n_params = sum(m.weight.numel() for m in targets.values())
    for double_quant, name in ((False, "nf4_bytes_match_bitsandbytes"),
                               (True, "nf4_double_quant_bytes_match_bitsandbytes")):
        counted = sum(qlora.bnb_storage(m.weight, double_quant) for m in targets.values())
        ctx.metric(f"nf4_bits_per_param[{'double quant' if double_quant else 'plain'}]", round(8 * counted / n_params, 4))
        what = (f"{len(targets)} tensors, {n_params:,} params, blocks of {qlora.BLOCK}"
                + (", absmax quantised to 8 bits in blocks of 256" if double_quant else ""))
        found.append(graded(name, lambda dq=double_quant, name=name, counted=counted, what=what: checks.nf4_bytes(
            name, sum(int(impl["nf4_storage_bytes"](m.weight.numel(), qlora.BLOCK, dq)) for m in targets.values()),
            counted, what), expected=counted, why="your nf4_storage_bytes raised"))
    ids = _task(ctx.device, 4, size["seq"])
    qlora.quantise_base(base, targets, ctx.device)
    before = qlora.packed_weights(base)
    model = adapters.wrap(base, size["r"], size["alpha"])
    losses, _ = _train(model, ids, size["qlora_steps"], size["lr"], ctx, progress=(0.9, 0.08))
    after = {k.replace("base_model.model.", "").replace(".base_layer", ""): v
             for k, v in qlora.packed_weights(model).items()}
    changed = sum(not torch.equal(before[k], v) for k, v in after.items())
    ctx.metric("qlora_loss_first", round(losses[0], 4))
    ctx.metric("qlora_loss_last", round(losses[-1], 4))
    found.append(checks.qlora_step(losses[0], losses[-1], changed, len(after), size["qlora_min_drop"]))
    return found


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    impl = {n: ctx.pick(REFERENCE[n], exercise, n) for n in FUNCTIONS}
    found = _adapter_checks(ctx, size, impl)
    found += _rank_checks(ctx, size, impl)
    found += _qlora_checks(ctx, size, impl)
    ctx.progress(1.0, "done")
    order = {name: i for i, name in enumerate(checks.NAMES)}
    return sorted(found, key=lambda c: order[c.name])
