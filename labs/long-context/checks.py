"""The long-context lab's checks. Each takes the formula or measurement under test, so a test can hand it a wrong one."""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch.nn.attention import SDPBackend, sdpa_kernel
from transformers import LlamaConfig
from transformers.models.llama.modeling_llama import LlamaRotaryEmbedding

from labs import tinyllama
from labs.protocol import Check, check_at_most, check_close, check_equal, check_true

from .memtrack import PeakTensorBytes

# Every check the lab returns, in order, demos included (the quick-mode test compares them).
NAMES = (
    "attention_bytes_match_eager_attention_weights",
    "kv_cache_bytes_match_gqa_cache",
    "kv_cache_bytes_match_bf16_mha_cache",
    "rope_angles_match_transformers",
    "rope_angles_match_linear_scaling",
    "interpolated_angles_stay_in_trained_range",
    "math_attention_memory_grows_quadratically",
    "fused_attention_memory_grows_linearly",
    "fused_and_math_attention_agree",
    "gqa_cache_shrinks_by_the_head_ratio",
    "kv_cache_at_4k_tokens",  # a demo: shown, never counted
)

ANGLE_TOL = 1e-3  # cos/sin of float32 angles at positions in the thousands


# --- measurements ------------------------------------------------------------------------------


def tiny_llama(heads: int, kv_heads: int, dtype: torch.dtype, device: str, layers: int = 2, head_dim: int = 8):
    config = tinyllama.config(vocab=64, hidden=heads * head_dim, layers=layers, heads=heads, kv_heads=kv_heads,
                              intermediate=2 * heads * head_dim, max_positions=4096)
    config._attn_implementation = "eager"
    return tinyllama.build(config, seed=0, device=device).to(dtype).eval()


def cache_of(output):
    return getattr(output, "cache", None) or output.past_key_values


def cache_tensor_bytes(cache) -> int:
    """Bytes held by a DynamicCache: every layer's keys and values."""
    return tinyllama.unique_tensor_bytes(t for layer in cache.layers for t in (layer.keys, layer.values))


@dataclass(frozen=True)
class CacheCase:
    batch: int
    seq_len: int
    layers: int
    kv_heads: int
    head_dim: int
    bytes_per_element: int
    measured: int


def measure_cache(model, batch: int, seq_len: int) -> CacheCase:
    cfg = model.config
    ids = torch.randint(0, cfg.vocab_size, (batch, seq_len), device=model.device)
    with torch.no_grad():
        cache = cache_of(model(ids, use_cache=True))
    head_dim = cfg.hidden_size // cfg.num_attention_heads
    return CacheCase(batch, seq_len, cfg.num_hidden_layers, cfg.num_key_value_heads, head_dim,
                     model.dtype.itemsize, cache_tensor_bytes(cache))


def attention_weights(model, batch: int, seq_len: int) -> list[torch.Tensor]:
    ids = torch.randint(0, model.config.vocab_size, (batch, seq_len), device=model.device)
    with torch.no_grad():
        return list(model(ids, output_attentions=True).attentions)


def sdpa_peak_bytes(backend, batch: int, heads: int, seq_len: int, head_dim: int, device: str):
    """Peak bytes of the tensors created while one causal SDPA call runs with only `backend` allowed."""
    gen = torch.Generator().manual_seed(seq_len)
    q, k, v = (torch.randn(batch, heads, seq_len, head_dim, generator=gen).to(device) for _ in range(3))
    with sdpa_kernel(backend), PeakTensorBytes() as tracker:
        out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return tracker.peak, out


def fused_backend(device: str):
    """The fused kernel that takes float32 here: FlashAttention on the CPU, memory-efficient on CUDA."""
    return SDPBackend.FLASH_ATTENTION if device == "cpu" else SDPBackend.EFFICIENT_ATTENTION


def growth_exponent(sizes, values) -> float:
    """Least-squares slope of log(value) on log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(v) for v in values]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def transformers_angles(positions: torch.Tensor, head_dim: int, base: float, scale: float) -> torch.Tensor:
    """cos of the angles LlamaRotaryEmbedding uses: rope_type "default", or "linear" with factor = scale."""
    rope = {"rope_type": "default", "rope_theta": base} if scale == 1.0 else \
        {"rope_type": "linear", "factor": float(scale), "rope_theta": base}
    config = LlamaConfig(hidden_size=4 * head_dim, num_attention_heads=4, rope_parameters=rope)
    cos, _ = LlamaRotaryEmbedding(config)(torch.zeros(1), positions[None, :])
    return cos[0, :, : head_dim // 2]


# --- checks ------------------------------------------------------------------------------------


def attention_bytes_match(attention_matrix_bytes, cases: list[tuple[int, int, int, int, int]]) -> Check:
    """cases: (batch, heads, seq_len, bytes_per_element, measured nbytes of one layer's weights)."""
    wrong = [dict(batch=b, heads=h, seq_len=n, bytes_per_element=e, yours=int(attention_matrix_bytes(b, h, n, e)),
                  measured=m)
             for b, h, n, e, m in cases if int(attention_matrix_bytes(b, h, n, e)) != m]
    return check_true("attention_bytes_match_eager_attention_weights", not wrong, expected="0 cases differ",
                      measured=wrong or f"{len(cases)} cases equal",
                      why="attention_matrix_bytes equals the bytes of the attention weights transformers' eager "
                          "Llama attention returns (float32 and bfloat16, two lengths)")


def kv_cache_bytes_match(name: str, kv_cache_bytes, case: CacheCase, label: str) -> Check:
    yours = int(kv_cache_bytes(case.batch, case.seq_len, case.layers, case.kv_heads, case.head_dim,
                               case.bytes_per_element))
    return check_equal(name, yours, case.measured,
                       why=f"kv_cache_bytes equals the bytes of the DynamicCache a {label} tiny Llama fills "
                           f"({case.layers} layers, {case.kv_heads} KV heads, {case.seq_len} tokens x {case.batch})")


def rope_angles_match(name: str, rope_angles, positions: torch.Tensor, head_dim: int, base: float,
                      scale: float) -> Check:
    theirs = transformers_angles(positions, head_dim, base, scale)
    mine = torch.as_tensor(rope_angles(positions.clone(), head_dim, base, scale)).float().cpu()
    if mine.shape != theirs.shape:
        return check_true(name, False, expected=list(theirs.shape), measured=list(mine.shape),
                          why="one angle per position and frequency")
    worst = float((mine.cos() - theirs).abs().max())
    setting = "plain RoPE" if scale == 1.0 else f"rope_type linear, factor {scale:g}"
    return check_at_most(name, worst, ANGLE_TOL,
                         why=f"cos(rope_angles) equals LlamaRotaryEmbedding's cos ({setting}, theta {base:g}, "
                             f"positions up to {int(positions.max())})")


def interpolated_angles_stay_in_trained_range(rope_angles, trained_len: int, target_len: int, head_dim: int,
                                              base: float) -> Check:
    """With scale = target/trained, every angle of positions < target_len stays below trained_len * inv_freq."""
    scale = target_len / trained_len
    inv_freq = 1.0 / base ** (torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim)
    bound = trained_len * inv_freq
    angles = torch.as_tensor(rope_angles(torch.arange(target_len), head_dim, base, scale)).double().cpu()
    top = angles.amax(0)
    inside = bool((angles >= -1e-6).all() and (top < bound).all())
    # positions must stay distinct: the fastest frequency still advances 1/scale radian per token
    step = float((angles[1:, 0] - angles[:-1, 0]).min())
    ok = inside and step >= 0.99 / scale
    return check_true("interpolated_angles_stay_in_trained_range", ok,
                      expected=f"all angles in [0, {trained_len}·inv_freq), fastest one advancing >= 1/{scale:g} "
                               "rad per token",
                      measured={"largest_angle_over_bound": round(float((top / bound).max()), 4),
                                "smallest_step": round(step, 4)},
                      why=f"a model trained on {trained_len} positions run on {target_len}: interpolation keeps "
                          "every rotation inside the range seen in training (extrapolation would not)")


def math_attention_memory_grows_quadratically(sizes, peaks) -> Check:
    exponent = growth_exponent(sizes, peaks)
    return check_close("math_attention_memory_grows_quadratically", round(exponent, 3), 2.0, abs=0.2,
                       why=f"peak bytes of SDPA's math backend for n in {list(sizes)} grow as n^2: it materialises "
                           "the n x n scores (fitted log-log slope)")


def fused_attention_memory_grows_linearly(sizes, peaks, backend_name: str) -> Check:
    exponent = growth_exponent(sizes, peaks)
    return check_close("fused_attention_memory_grows_linearly", round(exponent, 3), 1.0, abs=0.2,
                       why=f"peak bytes of SDPA's {backend_name} backend grow as n: it streams blocks of keys "
                           "and never stores the n x n scores (fitted log-log slope)")


def fused_and_math_attention_agree(max_diff: float) -> Check:
    return check_at_most("fused_and_math_attention_agree", max_diff, 1e-4,
                         why="the fused kernel computes the same attention as the math backend (float32, causal)")


def gqa_cache_shrinks_by_the_head_ratio(mha: CacheCase, gqa: CacheCase, heads: int) -> Check:
    ratio = mha.measured / gqa.measured
    return check_close("gqa_cache_shrinks_by_the_head_ratio", ratio, heads / gqa.kv_heads, rel=1e-9,
                       why=f"two float32 caches of the same model shape: {heads} KV heads vs {gqa.kv_heads} shared "
                           "ones; the measured ratio equals heads / kv_heads")
