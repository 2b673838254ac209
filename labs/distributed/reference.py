"""The reference solutions the learner's exercise is compared with."""
from __future__ import annotations

import math

import torch
import torch.distributed as dist

BYTES = {"params": 4, "grads": 4, "optimizer": 8}  # fp32 weights and gradients, AdamW's two fp32 moments
SHARDED_FROM = {"optimizer": 1, "grads": 2, "params": 3}  # the ZeRO stage from which each part is split


def zero_bytes_per_rank(n_params: int, world_size: int, stage: int) -> dict[str, int]:
    return {part: n_params * size // (world_size if stage >= SHARDED_FROM[part] else 1)
            for part, size in BYTES.items()}


def fsdp_shard_rows(dim0: int, world_size: int, rank: int) -> int:
    per_rank = math.ceil(dim0 / world_size)  # torch.chunk: ceil-sized pieces, the last ones short or empty
    return max(0, min(per_rank, dim0 - rank * per_rank))


def batch_shard(batch: torch.Tensor, world_size: int, rank: int) -> torch.Tensor:
    per_rank = batch.shape[0] // world_size
    return batch[rank * per_rank:(rank + 1) * per_rank]


def average_gradients(model: torch.nn.Module, world_size: int) -> None:
    for p in model.parameters():
        if p.grad is not None:
            dist.all_reduce(p.grad, op=dist.ReduceOp.SUM)
            p.grad /= world_size
