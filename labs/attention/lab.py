"""Attention lab: builds the four tiny models, reads their attention, perturbs their inputs, returns checks."""
from __future__ import annotations

import torch

from labs.attention import checks, exercise, masks, models
from labs.protocol import LabContext, demo

SIZES = {
    "quick": dict(vocab=64, hidden=32, layers=2, heads=4, seq=10, dec=7, batch=3),
    "full": dict(vocab=32_000, hidden=512, layers=6, heads=8, seq=256, dec=128, batch=8),
}
NAMES = ("causal_mask", "padding_mask", "decoder_mask", "masked_attention", "unaffected_positions")


def _impl(ctx: LabContext) -> dict:
    return {n: ctx.pick(getattr(masks, n), exercise, n) for n in NAMES}


def _right_padded(batch: int, seq: int, device: str) -> torch.Tensor:
    lengths = torch.tensor([seq - (i * 3) % (seq // 2) for i in range(batch)], device=device)
    return (torch.arange(seq, device=device)[None] < lengths[:, None]).long()


def _mask_checks(ctx, m, impl, size, gen) -> list:
    b, n, dec, dev = size["batch"], size["seq"], size["dec"], ctx.device
    ids = torch.randint(2, size["vocab"], (b, n), generator=gen).to(dev)
    dec_ids = torch.randint(2, size["vocab"], (b, dec), generator=gen).to(dev)
    right = _right_padded(b, n, dev)
    left = right.flip(-1)
    gpt2 = models.gpt2_pattern(m, ids)
    bert = models.bert_pattern(m, ids, right)
    llama = models.llama_pattern(m, ids, left)
    t5 = models.t5_patterns(m, ids, right, dec_ids)
    ctx.metric("padded_lengths", right.sum(-1).tolist())
    return [
        checks.mask_check("causal_mask_matches_gpt2", gpt2, lambda: impl["causal_mask"](n), "GPT-2 self-attention"),
        checks.mask_check("padding_mask_matches_bert", bert, lambda: impl["padding_mask"](right, n),
                          "BERT self-attention on a right-padded batch"),
        checks.mask_check("decoder_mask_matches_llama_left_padding", llama, lambda: impl["decoder_mask"](left),
                          "Llama self-attention on a left-padded batch (real query rows)", rows=left.bool()),
        checks.mask_check("t5_encoder_mask_matches", t5["encoder"], lambda: impl["padding_mask"](right, n),
                          "T5 encoder self-attention (bidirectional, padding masked)"),
        checks.mask_check("t5_decoder_mask_matches", t5["decoder"],
                          lambda: impl["decoder_mask"](torch.ones(b, dec, dtype=torch.long, device=dev)),
                          "T5 decoder self-attention (causal)"),
        checks.mask_check("t5_cross_attention_mask_matches", t5["cross"], lambda: impl["padding_mask"](right, dec),
                          "T5 cross-attention: decoder queries over the encoder's real tokens"),
    ]


def _sdpa_check(ctx, impl, gen) -> list:
    b, h, n, d = 2, 3, 9, 16
    q, k, v = (torch.randn(b, h, n, d, generator=gen, dtype=torch.float64).to(ctx.device) for _ in range(3))
    random_mask = torch.rand(b, 1, n, n, generator=gen).to(ctx.device) < 0.5
    random_mask |= torch.eye(n, dtype=torch.bool, device=ctx.device)  # every row keeps one key
    pad = _right_padded(b, n, ctx.device)
    cases = [masks.causal_mask(n).to(ctx.device), masks.padding_mask(pad, n)[:, None], random_mask]
    return [checks.masked_attention_check(impl["masked_attention"], q, k, v, cases)]


def _perturbation_checks(ctx, m, impl, size, gen) -> list:
    n, dec, dev = size["seq"], size["dec"], ctx.device
    ids = torch.randint(2, size["vocab"], (1, n), generator=gen).to(dev)
    dec_ids = torch.randint(2, size["vocab"], (1, dec), generator=gen).to(dev)
    positions = sorted({0, n // 2, n - 1})
    dec_positions = sorted({0, dec // 2, dec - 1})
    decoders = [(arch, p, models.output_change(m, arch, ids, dec_ids, p)) for arch in ("gpt2", "llama")
                for p in positions]
    bert = [("bert", p, models.output_change(m, "bert", ids, dec_ids, p)) for p in positions]
    t5_enc = [("t5", p, models.output_change(m, "t5", ids, dec_ids, p)) for p in positions]
    t5_dec = [("t5", p, models.output_change(m, "t5", ids, dec_ids, p, in_decoder=True)) for p in dec_positions]
    for arch, p, change in decoders + bert:
        ctx.metric(f"change[{arch}, token {p}]", [float(f"{c:.3g}") for c in change.tolist()])
    predict = impl["unaffected_positions"]
    as_arch = lambda name, cases: [(name, p, c) for _, p, c in cases]  # noqa: E731
    drift = models.padding_drift(m, ids, pad=3)
    ctx.metric("padding_drift", drift)
    return [
        checks.prediction_check("predicted_unaffected_match_gpt2_llama", as_arch("decoder", decoders), predict),
        checks.prediction_check("predicted_unaffected_match_bert", as_arch("encoder", bert), predict),
        checks.prediction_check("predicted_unaffected_match_t5",
                                as_arch("t5-encoder-token", t5_enc) + as_arch("t5-decoder-token", t5_dec), predict),
        checks.never_look_ahead(decoders),
        checks.bert_sees_later(bert),
        checks.t5_sees_encoder(t5_enc),
        checks.padding_unchanged(drift),
    ]


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    impl = _impl(ctx)
    gen = torch.Generator().manual_seed(0)
    ctx.progress(0.0, "building GPT-2, Llama, BERT and T5 from configs")
    m = models.build(size["vocab"], size["hidden"], size["layers"], size["heads"], 2 * size["seq"], ctx.device)
    counts = models.parameter_counts(m)
    ctx.progress(0.3, "reading the attention probabilities")
    found = [demo("model_sizes", shown=counts, why="four tiny models from configs, random weights, float64")]
    found += _mask_checks(ctx, m, impl, size, gen)
    found += _sdpa_check(ctx, impl, gen)
    ctx.progress(0.6, "changing one input token at a time")
    found += _perturbation_checks(ctx, m, impl, size, gen)
    ctx.progress(1.0, "done")
    return found
