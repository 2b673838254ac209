"""The distributed lab's checks: the learner's formula and functions against what the ranks really held."""
from __future__ import annotations

from labs.protocol import Check, check_at_most, check_equal, check_skipped, graded

NAMES = (
    "zero_stage0_bytes_match",
    "zero_stage1_bytes_match",
    "zero_stage2_bytes_match",
    "zero_stage3_bytes_match",
    "fsdp_shard_rows_match_fully_shard",
    "data_parallel_by_hand_matches_single_process",
    "zero1_zero2_match_single_process",
    "fsdp2_matches_single_process",
    "nccl_allreduce_matches_sum",
)
GRAD_TOL = 1e-6  # fp32: the same sums in another order
PARAM_TOL = 1e-5  # after two AdamW steps (eps 1e-4: see problem.EPS)
WHAT = {0: "DDP-style replicas (your data parallelism)", 1: "ZeroRedundancyOptimizer over DDP",
        2: "ZeroRedundancyOptimizer, each rank dropping the gradients it does not own", 3: "FSDP2 fully_shard"}


def _measured(ranks: list[dict], stage: int) -> list[dict]:
    key = f"zero{stage}"
    if key not in ranks[0]:
        raise RuntimeError(f"your data parallelism failed inside the ranks: {ranks[0].get('zero0_error')}")
    return [r[key]["held"] for r in ranks]


def stage_check(own, ranks: list[dict], stage: int) -> Check:
    name = f"zero_stage{stage}_bytes_match"
    world, n = len(ranks), ranks[0]["n_params"]

    def compute() -> Check:
        measured = _measured(ranks, stage)
        mine = {k: int(v) for k, v in own(n, world, stage).items()}
        return check_equal(name, [mine] * world, measured,
                           why=f"ZeRO-{stage}, {n:,} parameters on {world} ranks ({WHAT[stage]}): your bytes per rank "
                               "equal the weights, gradients and AdamW moments each rank held after a step")
    return graded(name, compute, expected=f"bytes per rank at stage {stage}", why=WHAT[stage])


def shard_rows_check(own, ranks: list[dict]) -> Check:
    name = "fsdp_shard_rows_match_fully_shard"

    def compute() -> Check:
        wrong = []
        for rank, found in enumerate(ranks):
            for pname, dim0, local in found["ragged"]:
                mine = int(own(dim0, len(ranks), rank))
                if mine != local:
                    wrong.append(f"rank {rank} {pname} ({dim0} rows): yours {mine}, fully_shard {local}")
        total = sum(len(r["ragged"]) for r in ranks)
        return check_equal(name, wrong, [], why=f"rows of dim 0 each rank keeps, for 7-, 1- and 3-row parameters "
                                                f"({total} cases)")
    return graded(name, compute, expected=[], why="FSDP2 sharding")


def _worst_gap(ranks: list[dict], key: str, reference: dict, part: str) -> float:
    gaps = [float((r[key][part] - reference[part]).abs().max()) for r in ranks]
    return max(gaps) if all(g == g for g in gaps) else float("inf")


def by_hand_check(ranks: list[dict], reference: dict) -> Check:
    name = "data_parallel_by_hand_matches_single_process"

    def compute() -> Check:
        _measured(ranks, 0)
        gap = _worst_gap(ranks, "zero0", reference, "grads")
        return check_at_most(name, gap, GRAD_TOL, why="each rank's gradients after your batch_shard and "
                                                      "average_gradients equal one process's on the whole batch "
                                                      "(max abs diff, first step)")
    return graded(name, compute, expected=f"<= {GRAD_TOL:g}", why="data parallelism by hand")


def library_check(name: str, ranks: list[dict], keys, reference: dict, what: str) -> Check:
    grads = max(_worst_gap(ranks, k, reference, "grads") for k in keys)
    params = max(_worst_gap(ranks, k, reference, "params") for k in keys)
    ok = grads <= GRAD_TOL and params <= PARAM_TOL
    return Check(name, "pass" if ok else "fail", f"grads <= {GRAD_TOL:g}, weights <= {PARAM_TOL:g}",
                 {"grads": grads, "weights": params},
                 f"{what}: first-step gradients and the weights after two AdamW steps equal one process's", "abs")


def nccl_check(found: list[dict] | None, world: int, reason: str) -> Check:
    name = "nccl_allreduce_matches_sum"
    if found is None:
        return check_skipped(name, expected=f"sum over ranks = {world * (world + 1) // 2}", why=reason)
    want = float(world * (world + 1) // 2)
    measured = [r["sum"] if r["uniform"] else float("nan") for r in found]
    return check_equal(name, measured, [want] * world, why=f"an all-reduce of rank+1 over NCCL on {world} GPUs")
