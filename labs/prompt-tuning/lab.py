"""Prompt-tuning lab: runs the checks on the reference or the learner's exercise.py and returns them."""
from __future__ import annotations

import time

import torch
from peft import LoraConfig, PrefixTuningConfig, PromptEncoderConfig, PromptTuningConfig, TaskType

from labs.protocol import Check, LabContext, demo, graded

from . import checks, exercise, reference, skills

SIZES = {
    "quick": dict(hidden=32, layers=2, pretrain_steps=150, tune_steps=100, eval_size=512),
    "full": dict(hidden=96, layers=3, pretrain_steps=600, tune_steps=300, eval_size=4096),
}
FUNCTIONS = ("prompt_tuning_params", "p_tuning_params", "prefix_tuning_params", "lora_params", "soft_prompt_logits")
VIRTUAL = 4
PRETRAIN_SEED = 4  # fixed: the run is deterministic on a CPU; README says how other seeds behave


def _methods(hidden: int) -> dict:
    """method -> (peft config or None for full fine-tuning, learning rate)."""
    lm = TaskType.CAUSAL_LM
    return {
        "prompt tuning": (PromptTuningConfig(task_type=lm, num_virtual_tokens=1), 3e-2),
        "p-tuning": (PromptEncoderConfig(task_type=lm, num_virtual_tokens=VIRTUAL, encoder_hidden_size=hidden), 1e-2),
        "prefix tuning": (PrefixTuningConfig(task_type=lm, num_virtual_tokens=VIRTUAL), 1e-2),
        "lora": (LoraConfig(task_type=lm, r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"]), 3e-2),
        "full fine-tuning": (None, 1e-2),
    }


def _count_checks(impl: dict) -> list[Check]:
    found = []
    for name, (peft_config, formula, kwargs) in checks.count_cases().items():
        measured = checks.peft_trainable(peft_config)
        found.append(graded(name, lambda n=name, f=formula, k=kwargs, m=measured:
                            checks.params_match(n, impl[f], k, m),
                            expected=measured, why=f"{name}: your exercise.py raised"))
    return found


def run(ctx: LabContext) -> list[Check]:
    size = SIZES[ctx.mode]
    impl = {name: ctx.pick(getattr(reference, name), exercise, name) for name in FUNCTIONS}
    dev = ctx.device
    ctx.progress(0.0, "trainable parameters by formula vs peft")
    found = _count_checks(impl)
    ctx.progress(0.15, "pre-training a tiny Llama on tagged skills")
    t0 = time.perf_counter()
    base, losses = skills.pretrained_base(dev, size["hidden"], size["layers"], size["pretrain_steps"],
                                           PRETRAIN_SEED)
    eval_ids = skills.batch(torch.Generator().manual_seed(99), size["eval_size"], dev, skills.TARGET_SKILL)
    tagged = skills.batch(torch.Generator().manual_seed(98), size["eval_size"], dev)
    ctx.metric("pretrain_seconds", round(time.perf_counter() - t0, 2), "s")
    ctx.metric("pretrain_accuracy_with_tags", round(skills.accuracy(base, tagged), 3))
    untuned = skills.accuracy(base, eval_ids)
    ctx.metric("accuracy[no prompt]", round(untuned, 3))
    total = sum(p.numel() for p in base.parameters())
    results = {}
    for i, (method, (peft_config, lr)) in enumerate(_methods(size["hidden"]).items()):
        ctx.progress(0.3 + 0.13 * i, f"tuning: {method}")
        prepare = skills.init_prompt_from_tags if method == "prompt tuning" else None
        results[method] = skills.tune(method, base, peft_config, size["tune_steps"], lr, dev, eval_ids,
                                      prepare=prepare)
        r = results[method]
        ctx.metric(f"accuracy[{method}]", round(r.accuracy, 3))
        ctx.metric(f"trainable[{method}]", r.trainable)
        ctx.log(f"{method}: {r.trainable:,} trainable ({100 * r.trainable / total:.2f}%), accuracy {r.accuracy:.3f}, "
                f"{r.seconds:.1f} s")
    prompt_model = results["prompt tuning"].model
    found += [
        graded("soft_prompt_logits_match_peft",
               lambda: checks.soft_prompt_logits_match(impl["soft_prompt_logits"], prompt_model, eval_ids[:16, :-1]),
               expected="logits equal to peft's", why="soft_prompt_logits: your exercise.py raised"),
        checks.base_weights_bit_identical({m: r.base_unchanged for m, r in results.items()}),
        checks.prompt_tuning_selects_the_skill(results["prompt tuning"].accuracy,
                                               results["prompt tuning"].accuracy_at_start, untuned),
    ]
    found.append(demo("methods_compared", why=f"the untagged skill after {size['tune_steps']} steps of each method "
                                              f"(base: {total:,} weights); prompt methods train a sliver of them",
                      shown={m: {"trainable": r.trainable, "accuracy": round(r.accuracy, 3)}
                             for m, r in results.items()}))
    ctx.progress(1.0, "done")
    return found
