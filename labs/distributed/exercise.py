"""Your turn: write the ZeRO formula and data parallelism by hand, then run `python -m labs distributed --exercise`.

The lab starts two processes that talk over gloo on this machine and measures the bytes each one
holds under DDP (ZeRO-0), ZeroRedundancyOptimizer (ZeRO-1, and ZeRO-2 by dropping the gradients a
rank does not own) and FSDP2's fully_shard (ZeRO-3). Your data-parallel functions run inside those
processes. Everything is fp32 with AdamW.
"""
from __future__ import annotations

import torch
import torch.distributed as dist  # noqa: F401  (average_gradients needs it)


def zero_bytes_per_rank(n_params: int, world_size: int, stage: int) -> dict[str, int]:
    """Bytes ONE rank holds for a model of n_params (world_size divides every count evenly here).

    Return {"params": ..., "grads": ..., "optimizer": ...}: fp32 weights (4 bytes each), fp32
    gradients (4) and AdamW's two fp32 moments (8). Stage 0 is plain data parallelism; ZeRO stage 1
    shards the optimizer state across the ranks, stage 2 also the gradients, stage 3 also the weights.
    """
    raise NotImplementedError("exercise.py: zero_bytes_per_rank")


def fsdp_shard_rows(dim0: int, world_size: int, rank: int) -> int:
    """How many rows (of dim 0) of a parameter FSDP2's fully_shard keeps on `rank`.

    It splits dim 0 like torch.chunk: pieces of ceil(dim0 / world_size) rows in rank order, so the last
    ranks may get fewer rows, or none.
    """
    raise NotImplementedError("exercise.py: fsdp_shard_rows")


def batch_shard(batch: torch.Tensor, world_size: int, rank: int) -> torch.Tensor:
    """This rank's share of the global batch (dim 0): world_size equal, disjoint, contiguous pieces."""
    raise NotImplementedError("exercise.py: batch_shard")


def average_gradients(model: torch.nn.Module, world_size: int) -> None:
    """After backward on the local shard: make every parameter's .grad the mean over all ranks, in place.

    Hint: torch.distributed.all_reduce(tensor, op=dist.ReduceOp.SUM) sums a tensor across the ranks.
    """
    raise NotImplementedError("exercise.py: average_gradients")
