"""Distributed lab: spawns two gloo ranks on the CPU, measures ZeRO-0..3, and grades the learner's pieces."""
from __future__ import annotations

import torch

from labs.distributed import checks, exercise, launcher, problem, reference, worker
from labs.protocol import LabContext, demo

SIZES = {
    "quick": dict(width=64, layers=4, batch=8, timeout=120),
    "full": dict(width=1024, layers=8, batch=64, timeout=300),
}
WORLD = 2


def _impl_path(ctx: LabContext) -> str | None:
    return exercise.__file__ if ctx.exercise else None


def _nccl(ctx: LabContext, size: dict) -> list[dict] | None:
    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    if ctx.quick or gpus < 2:
        ctx.log(f"NCCL part skipped: {'quick mode' if ctx.quick else f'{gpus} GPU(s), needs 2'}")
        return None
    return launcher.run_ranks(WORLD, None, size, deadline_s=120, target=worker.nccl_main)


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    own = {n: ctx.pick(getattr(reference, n), exercise, n) for n in ("zero_bytes_per_rank", "fsdp_shard_rows")}
    ctx.progress(0.0, f"starting {WORLD} ranks (gloo on 127.0.0.1)")
    ranks = launcher.run_ranks(WORLD, _impl_path(ctx), size, deadline_s=size["timeout"] + 60)
    if "unfinished" in ranks[0]:
        raise NotImplementedError(ranks[0]["unfinished"])
    ctx.progress(0.7, "comparing with one process")
    single = problem.single_process(size["width"], size["layers"], size["batch"])
    n = ranks[0]["n_params"]
    ctx.metric("n_params", n)
    ctx.metric("rank_pids", [r["pid"] for r in ranks])  # gone when the lab returns: see the tests
    for stage in (0, 1, 2, 3):
        key = f"zero{stage}"
        if key in ranks[0]:
            ctx.metric(f"bytes_per_rank[zero-{stage}]", ranks[0][key]["held"], "B")
    nccl = _nccl(ctx, size)
    found = [demo("ranks", shown={"world_size": WORLD, "backend": "gloo", "parameters": n},
                  why="two processes on this machine, each a full Python with its own copy of the model")]
    found += [checks.stage_check(own["zero_bytes_per_rank"], ranks, s) for s in (0, 1, 2, 3)]
    found += [checks.shard_rows_check(own["fsdp_shard_rows"], ranks),
              checks.by_hand_check(ranks, single),
              checks.library_check("zero1_zero2_match_single_process", ranks, ("zero1", "zero2"), single,
                                   "DDP + ZeroRedundancyOptimizer (ZeRO-1, ZeRO-2)"),
              checks.library_check("fsdp2_matches_single_process", ranks, ("zero3",), single, "FSDP2 (ZeRO-3)"),
              checks.nccl_check(nccl, WORLD, "needs full mode and >= 2 GPUs")]
    ctx.progress(1.0, "done")
    return found
