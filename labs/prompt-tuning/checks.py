"""The prompt-tuning lab's checks. Each takes the implementation or measurement under test."""
from __future__ import annotations

import torch
from peft import LoraConfig, PrefixTuningConfig, PromptEncoderConfig, PromptTuningConfig, TaskType, get_peft_model

from labs import tinyllama
from labs.protocol import Check, check_at_most, check_equal, check_true

# Every check the lab returns, in order, demos included (the quick-mode test compares them).
NAMES = (
    "prompt_tuning_params_match_peft",
    "p_tuning_params_match_peft",
    "prefix_tuning_params_match_peft",
    "prefix_projection_params_match_peft",
    "lora_params_match_peft",
    "soft_prompt_logits_match_peft",
    "base_weights_bit_identical_after_tuning",
    "prompt_tuning_selects_the_pretrained_skill",
    "methods_compared",  # a demo: shown, never counted
)

# The model the counts are taken on: grouped-query attention and 3 layers, so that a formula that uses
# the query heads, or forgets keys or values, or the layers, gets a different number.
COUNT_SHAPE = dict(vocab=40, hidden=48, layers=3, heads=4, kv_heads=2, intermediate=96)
VIRTUAL_TOKENS = 10
ENCODER_HIDDEN = 40
LORA_RANK = 4


def count_model():
    s = COUNT_SHAPE
    return tinyllama.build(tinyllama.config(s["vocab"], s["hidden"], s["layers"], s["heads"], s["kv_heads"],
                                            s["intermediate"]), seed=0)


def peft_trainable(peft_config) -> int:
    trainable, _ = get_peft_model(count_model(), peft_config).get_nb_trainable_parameters()
    return trainable


def count_cases() -> dict:
    """name -> (peft config, the keyword arguments of the learner's formula)."""
    s = COUNT_SHAPE
    head_dim = s["hidden"] // s["heads"]
    lm = TaskType.CAUSAL_LM
    prefix_args = dict(num_virtual_tokens=VIRTUAL_TOKENS, num_layers=s["layers"], kv_heads=s["kv_heads"],
                       head_dim=head_dim)
    kv_out = s["kv_heads"] * head_dim
    return {
        "prompt_tuning_params_match_peft": (
            PromptTuningConfig(task_type=lm, num_virtual_tokens=VIRTUAL_TOKENS),
            "prompt_tuning_params", dict(num_virtual_tokens=VIRTUAL_TOKENS, hidden_size=s["hidden"])),
        "p_tuning_params_match_peft": (
            PromptEncoderConfig(task_type=lm, num_virtual_tokens=VIRTUAL_TOKENS, encoder_hidden_size=ENCODER_HIDDEN),
            "p_tuning_params", dict(num_virtual_tokens=VIRTUAL_TOKENS, hidden_size=s["hidden"],
                                    encoder_hidden_size=ENCODER_HIDDEN)),
        "prefix_tuning_params_match_peft": (
            PrefixTuningConfig(task_type=lm, num_virtual_tokens=VIRTUAL_TOKENS),
            "prefix_tuning_params", prefix_args),
        "prefix_projection_params_match_peft": (
            PrefixTuningConfig(task_type=lm, num_virtual_tokens=VIRTUAL_TOKENS, prefix_projection=True,
                               encoder_hidden_size=ENCODER_HIDDEN),
            "prefix_tuning_params", dict(prefix_args, projection_hidden=ENCODER_HIDDEN)),
        "lora_params_match_peft": (
            LoraConfig(task_type=lm, r=LORA_RANK, lora_alpha=8, target_modules=["q_proj", "v_proj"]),
            "lora_params", dict(matrix_shapes=[(s["hidden"], s["hidden"]), (s["hidden"], kv_out)] * s["layers"],
                                r=LORA_RANK)),
    }


def params_match(name: str, formula, kwargs: dict, measured: int) -> Check:
    shown = ", ".join(f"{k}={v}" for k, v in kwargs.items() if k != "matrix_shapes")
    return check_equal(name, int(formula(**kwargs)), measured,
                       why=f"your formula ({shown or 'q_proj and v_proj of every layer'}) equals the trainable "
                           "parameters peft reports on a 3-layer tiny Llama, hidden 48, 4 query / 2 KV heads")


def soft_prompt_logits_match(soft_prompt_logits, tuned_prompt_model, ids: torch.Tensor) -> Check:
    """Your soft prompt in front of the frozen base vs peft's forward pass of the tuned prompt."""
    with torch.no_grad():
        prompt = tuned_prompt_model.get_prompt(batch_size=1)[0]
        n = prompt.shape[0]
        theirs = tuned_prompt_model(input_ids=ids).logits[:, n:]
        mine = soft_prompt_logits(tuned_prompt_model.get_base_model(), prompt.clone(), ids)
    if tuple(mine.shape) != tuple(theirs.shape):
        return check_true("soft_prompt_logits_match_peft", False, expected=list(theirs.shape),
                          measured=list(mine.shape), why="one row of logits per real token")
    worst = float((mine - theirs).abs().max())
    return check_at_most("soft_prompt_logits_match_peft", worst, 1e-4,
                         why=f"your soft_prompt_logits with the trained {n}-token prompt equal the logits of peft's "
                             "prompt-tuned model on the same tokens")


def base_weights_bit_identical(unchanged: dict[str, bool]) -> Check:
    """unchanged: method -> whether every base weight is bit-identical after its training."""
    prompt_methods = {m: v for m, v in unchanged.items() if m != "full fine-tuning"}
    ok = all(prompt_methods.values()) and unchanged.get("full fine-tuning") is False
    return check_true("base_weights_bit_identical_after_tuning", ok,
                      expected="every PEFT method: unchanged; full fine-tuning: changed", measured=unchanged,
                      why="prompt, P-tuning, prefix and LoRA training leave every base weight bit-identical "
                          "(torch.equal), full fine-tuning does not")


def prompt_tuning_selects_the_skill(tuned: float, at_start: float, untuned: float) -> Check:
    bound = 0.9
    ok = tuned >= bound and at_start <= 0.5 and untuned <= 0.5
    return check_true("prompt_tuning_selects_the_pretrained_skill", ok,
                      expected=f"tuned >= {bound}; the prompt before training and no prompt at all <= 0.5",
                      measured={"prompt_tuned": round(tuned, 3), "prompt_at_start": round(at_start, 3),
                                "no_prompt": round(untuned, 3)},
                      why="a trained one-token soft prompt (under 0.2% of the weights) makes the frozen, pre-trained model do the "
                          "skill its missing tag used to ask for")
