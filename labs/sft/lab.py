"""Instruction-tuning lab: the SFT pipeline's pieces against transformers, then fine-tuning experiments."""
from __future__ import annotations

import random
import time

import torch
from transformers import DataCollatorForSeq2Seq, get_cosine_schedule_with_warmup

from labs.protocol import LabContext, graded
from labs.sft import chat, checks, data, exercise, reference, training

SIZES = {
    "quick": dict(hidden=64, layers=2, batch=32, steps=300, warmup=10, lr=3e-3, sweep_steps=60, train=2000,
                  eval=300, overfit_examples=24, overfit_batch=16, overfit_steps=160, overfit_every=10),
    "full": dict(hidden=96, layers=2, batch=64, steps=500, warmup=20, lr=3e-3, sweep_steps=60, train=4000,
                 eval=2000, overfit_examples=24, overfit_batch=16, overfit_steps=200, overfit_every=10),
}
LOW_LR, HIGH_LR = 1e-5, 3.0
SEED = 0
NAMES = ("render_chat", "build_labels", "collate", "causal_lm_loss", "lr_at")
CONVERSATIONS = [
    data.messages("next after 3"), data.messages("next after 3", "4"),
    data.messages("double 7", "4", system=True),
    data.messages("number before 0", "9") + data.messages("{x} 的两倍".format(x=5), "0"),
]


def _pipeline(impl: dict) -> training.Pipeline:
    return training.Pipeline(*(impl[n] for n in NAMES))


REFERENCE = training.Pipeline(*(getattr(reference, n) for n in NAMES))


def _template_check(impl: dict, tok) -> object:
    mismatches, cases = [], 0
    for conversation in CONVERSATIONS:
        for generation in (False, True):
            theirs = tok.apply_chat_template(conversation, tokenize=False, add_generation_prompt=generation)
            yours = impl["render_chat"](conversation, add_generation_prompt=generation)
            cases += 1
            if yours != theirs:
                mismatches.append({"messages": conversation, "generation_prompt": generation, "yours": yours,
                                   "transformers": theirs})
    return checks.texts_match(mismatches, cases)


def _features(encoded: list[dict]) -> list[dict]:
    return [{"input_ids": e["input_ids"], "labels": e["labels"]} for e in encoded]


def _collate_check(impl: dict, tok, encoded: list[dict]) -> object:
    collator = DataCollatorForSeq2Seq(tok, padding=True, label_pad_token_id=reference.IGNORE, return_tensors="pt")
    differences = {}
    batches = [encoded[i:i + 5] for i in range(0, 40, 5)]
    for i, batch in enumerate(batches):
        theirs = collator(_features(batch))
        yours = impl["collate"](_features(batch), tok.pad_token_id)
        for key in ("input_ids", "attention_mask", "labels"):
            if key not in yours or not torch.equal(torch.as_tensor(yours[key]), theirs[key]):
                differences.setdefault(key, {"batch": i, "yours": torch.as_tensor(yours.get(key, torch.empty(0)))[:1]
                                             .tolist(), "transformers": theirs[key][:1].tolist()})
    return checks.collate_matches(differences, len(batches))


def _loss_check(impl: dict, tok, encoded: list[dict], sizes: training.Sizes, device: str) -> object:
    model = training.build_model(tok, sizes, SEED, device)
    batch = {k: v.to(device) for k, v in reference.collate(_features(encoded[:8]), tok.pad_token_id).items()}
    with torch.no_grad():
        out = model(**batch)
        yours = float(impl["causal_lm_loss"](out.logits, batch["labels"]))
    return checks.loss_matches(yours, float(out.loss))


def _schedule_check(impl: dict) -> object:
    worst, steps = 0.0, 0
    for warmup, total, peak in ((10, 300, 3e-3), (0, 50, 1.0), (37, 1000, 5e-4)):
        opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=peak)
        multiplier = get_cosine_schedule_with_warmup(opt, warmup, total).lr_lambdas[0]
        for step in range(total):
            worst = max(worst, abs(impl["lr_at"](step, peak, warmup, total) / peak - multiplier(step)))
        steps += total
    return checks.schedule_matches(worst, steps)


def _gradient_checks(pipe: training.Pipeline, tok, examples: list, sizes: training.Sizes, device: str) -> list:
    def measure():
        encoded = [training.encode(pipe, tok, i, a, system=k % 3 == 0) for k, (i, a) in enumerate(examples)]
        batch = {k: v.to(device) for k, v in pipe.collate(_features(encoded), tok.pad_token_id).items()}
        model = training.build_model(tok, sizes, SEED, device)
        out = model(**batch)
        out.logits.retain_grad()
        out.loss.backward()
        touched = out.logits.grad.abs().sum(dim=-1).cpu() > 0  # (batch, positions)
        want = torch.zeros_like(touched)
        for row, e in enumerate(encoded):
            want[row, e["prompt_length"] - 1:len(e["input_ids"]) - 1] = True  # these predict response tokens
        return int((touched & ~want).sum()), int((~want).sum()), int((want & ~touched).sum()), int(want.sum())

    box = {}

    def leaking():
        box["m"] = measure()
        return checks.no_gradient_on_prompt(box["m"][0], box["m"][1])

    def untrained():
        found = box.get("m") or measure()
        return checks.response_trained(found[2], found[3])

    return [graded("prompt_tokens_get_no_gradient", leaking, expected="0 positions", why="mask"),
            graded("every_response_token_is_trained", untrained, expected="0 positions", why="mask")]


def _encode_all(pipe, tok, examples) -> list[dict]:
    return [training.encode(pipe, tok, i, a) for i, a in examples]


def _training_checks(ctx: LabContext, size: dict, pipe: training.Pipeline, tok, sizes: training.Sizes) -> list:
    rng = random.Random(SEED)
    diverse = data.examples(size["train"], data.TEMPLATES, rng)
    single = data.examples(size["train"], data.single(data.TEMPLATES), rng)
    held_same = data.examples(size["eval"], data.TEMPLATES, rng)
    held_new = data.examples(size["eval"], data.HELD_OUT_TEMPLATES, rng)
    common = dict(sizes=sizes, warmup=size["warmup"], device=ctx.device, seed=SEED)

    ctx.progress(0.2, f"fine-tuning with your pipeline: {size['steps']} steps at lr {size['lr']:g}")
    t0 = time.perf_counter()
    learner = {}

    def learner_run():
        model, losses = training.train(pipe, tok, _encode_all(pipe, tok, diverse), steps=size["steps"],
                                       peak_lr=size["lr"], **common)
        learner["same"] = training.evaluate(model, tok, _encode_all(pipe, tok, held_same), ctx.device)
        learner["new"] = training.evaluate(model, tok, _encode_all(pipe, tok, held_new), ctx.device)
        ctx.metric("loss_curve[lr={:g}]".format(size["lr"]), [round(x, 3) for x in losses[:: max(len(losses) // 20, 1)]])
        return checks.pipeline_teaches(learner["same"][1])

    found = [graded("your_pipeline_teaches_the_instructions", learner_run, expected=">= 0.7", why="SFT")]
    ctx.metric("fine_tune_seconds", round(time.perf_counter() - t0, 2), "s")

    ref_diverse = _encode_all(REFERENCE, tok, diverse)
    ctx.progress(0.5, f"learning-rate sweep: {LOW_LR:g} and {HIGH_LR:g}")
    sweep = {}
    for lr in (LOW_LR, HIGH_LR):
        _, losses = training.train(REFERENCE, tok, ref_diverse, steps=size["sweep_steps"], peak_lr=lr, **common)
        sweep[lr] = (sum(losses[:5]) / 5, sum(losses[-5:]) / 5)
        ctx.metric(f"loss_start_end[lr={lr:g}]", [round(v, 3) for v in sweep[lr]])
    found += [checks.stalls(*sweep[LOW_LR], LOW_LR), checks.diverges(*sweep[HIGH_LR], HIGH_LR)]

    ctx.progress(0.65, f"{size['overfit_examples']} examples for many epochs")
    few = _encode_all(REFERENCE, tok, diverse[:size["overfit_examples"]])
    held = _encode_all(REFERENCE, tok, held_same)
    curve = []
    training.train(REFERENCE, tok, few, steps=size["overfit_steps"], peak_lr=size["lr"],
                   sizes=training.Sizes(sizes.hidden, sizes.layers, size["overfit_batch"]), warmup=size["warmup"],
                   device=ctx.device, seed=SEED, every=size["overfit_every"],
                   on_eval=lambda step, m: curve.append((step, training.evaluate(m, tok, few, ctx.device)[0],
                                                         training.evaluate(m, tok, held, ctx.device)[0])))
    ctx.metric("overfit_curve[step, train, held-out]", [[s, round(a, 3), round(b, 3)] for s, a, b in curve])
    found.append(checks.overfits(curve))

    ctx.progress(0.8, "one phrasing per task against five")
    model, _ = training.train(REFERENCE, tok, _encode_all(REFERENCE, tok, single), steps=size["steps"],
                              peak_lr=size["lr"], **common)
    single_new = training.evaluate(model, tok, _encode_all(REFERENCE, tok, held_new), ctx.device)[1]
    if "new" in learner:
        ctx.metric("accuracy_new_phrasings", {"single": round(single_new, 4), "diverse": round(learner["new"][1], 4)})
        ctx.metric("accuracy_training_phrasings[diverse]", round(learner["same"][1], 4))
        found.append(checks.diversity_helps(single_new, learner["new"][1]))
    else:  # the learner's pipeline raised: train the diverse model with the reference one instead
        model, _ = training.train(REFERENCE, tok, ref_diverse, steps=size["steps"], peak_lr=size["lr"], **common)
        diverse_new = training.evaluate(model, tok, _encode_all(REFERENCE, tok, held_new), ctx.device)[1]
        found.append(checks.diversity_helps(single_new, diverse_new))
    return found


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    impl = {n: ctx.pick(getattr(reference, n), exercise, n) for n in NAMES}
    pipe = _pipeline(impl)
    tok = chat.tokenizer(data.alphabet())
    sizes = training.Sizes(size["hidden"], size["layers"], size["batch"])
    ref_encoded = _encode_all(REFERENCE, tok, data.examples(40, data.TEMPLATES, random.Random(SEED + 1)))
    ctx.progress(0.0, "checking your pipeline's pieces against transformers")
    found = [
        graded("chat_template_matches_transformers", lambda: _template_check(impl, tok), expected="identical",
               why="template"),
        graded("collate_matches_transformers", lambda: _collate_check(impl, tok, ref_encoded), expected="identical",
               why="collate"),
        graded("loss_matches_transformers", lambda: _loss_check(impl, tok, ref_encoded, sizes, ctx.device),
               expected="equal", why="loss"),
        graded("schedule_matches_transformers", lambda: _schedule_check(impl), expected="equal", why="schedule"),
    ]
    found += _gradient_checks(pipe, tok, data.examples(12, data.TEMPLATES, random.Random(SEED + 2)), sizes, ctx.device)
    found += _training_checks(ctx, size, pipe, tok, sizes)
    ctx.progress(1.0, "done")
    return found
