"""The distributed lab: the reference passes as an exercise, the starter is unfinished, and realistic wrong
formulas or data-parallel code, run through the whole quick lab (two gloo ranks), fail the named check."""
from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
from lab_results import counted_and_graded

REPO = Path(__file__).resolve().parents[2]
REFERENCE = (REPO / "labs" / "distributed" / "reference.py").read_text(encoding="utf-8")

# Each wrong solution is the reference with one function redefined the way a learner might get it wrong.
MUTANTS = {
    "stage_two_shards_weights_first": ("zero_stage2_bytes_match", '''
SHARDED_FROM = {"optimizer": 1, "params": 2, "grads": 3}
'''),
    "stage_one_shards_gradients": ("zero_stage1_bytes_match", '''
SHARDED_FROM = {"grads": 1, "optimizer": 2, "params": 3}
'''),
    "shard_rows_by_floor_division": ("fsdp_shard_rows_match_fully_shard", '''
def fsdp_shard_rows(dim0, world_size, rank):
    per_rank = dim0 // world_size
    return per_rank if rank < world_size - 1 else dim0 - per_rank * (world_size - 1)
'''),
    "every_rank_takes_the_first_shard": ("data_parallel_by_hand_matches_single_process", '''
def batch_shard(batch, world_size, rank):
    return batch[: batch.shape[0] // world_size]
'''),
    "gradients_summed_not_averaged": ("data_parallel_by_hand_matches_single_process", '''
def average_gradients(model, world_size):
    for p in model.parameters():
        dist.all_reduce(p.grad, op=dist.ReduceOp.SUM)
'''),
}


def _failed(result: dict) -> set[str]:
    return {c["name"] for c in result["checks"] if c["status"] == "fail"}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.mark.slow
def test_the_reference_as_an_exercise_passes_and_leaves_no_process(check_exercise):
    result = check_exercise("distributed", REFERENCE)
    assert result["status"] == "pass", _failed(result)
    counted, graded = counted_and_graded(result)
    assert len(counted) >= 5 and len(graded) >= 0.6 * len(counted)
    assert [c["name"] for c in counted] == list(importlib.import_module("labs.distributed.checks").NAMES)
    assert {c["name"]: c["status"] for c in result["checks"]}["nccl_allreduce_matches_sum"] == "skip"
    pids = result["metrics"]["rank_pids"]
    assert len(pids) == 2 and not any(_alive(pid) for pid in pids)


@pytest.mark.slow
def test_the_starter_is_reported_unfinished(check_exercise):
    starter = (REPO / "labs" / "distributed" / "exercise.py").read_text(encoding="utf-8")
    result = check_exercise("distributed", starter)
    assert result["status"] == "error" and result["message"].startswith("unfinished: zero_bytes_per_rank ")


@pytest.mark.slow
@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_a_wrong_solution_fails_its_check(check_exercise, mutant):
    check, body = MUTANTS[mutant]
    result = check_exercise("distributed", REFERENCE + "\n" + body)
    assert result["status"] == "fail"
    assert check in _failed(result), (mutant, _failed(result))


def test_a_failing_rank_is_reported_and_stopped():
    from labs.distributed import launcher
    from labs.protocol import LabError

    with pytest.raises(LabError, match="KeyError"):  # the size lacks the model's width: both ranks raise
        launcher.run_ranks(2, None, {"timeout": 30}, deadline_s=120, attempts=1)


def test_a_wrong_formula_fails_on_measured_bytes_in_process():
    from labs.distributed import checks, reference

    n = 1024
    ranks = [{"n_params": n, "ragged": [("w", 7, 4 - 1 * r)], "zero3": {"held": reference.zero_bytes_per_rank(n, 2, 3)}}
             for r in range(2)]
    assert checks.stage_check(reference.zero_bytes_per_rank, ranks, 3).status == "pass"
    assert checks.stage_check(lambda n, w, s: reference.zero_bytes_per_rank(n, w, 2), ranks, 3).status == "fail"
    assert checks.shard_rows_check(reference.fsdp_shard_rows, ranks).status == "pass"
    assert checks.shard_rows_check(lambda d, w, r: d // w, ranks).status == "fail"
