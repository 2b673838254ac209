"""What each of the spawned ranks runs: ZeRO-1/2 with ZeroRedundancyOptimizer, ZeRO-3 with FSDP2, and the
learner's hand-written data parallelism (ZeRO-0). Each rank saves its measurements to a file."""
from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import os
import traceback

import torch
import torch.distributed as dist
from torch.distributed.fsdp import fully_shard
from torch.distributed.optim import ZeroRedundancyOptimizer
from torch.nn.parallel import DistributedDataParallel

from labs.distributed import problem, reference


def _local(t: torch.Tensor) -> torch.Tensor:
    return t.to_local() if hasattr(t, "to_local") else t


def _bytes(tensors) -> int:
    return sum(_local(t).numel() * _local(t).element_size() for t in tensors if t is not None)


def _state_bytes(optimizer: torch.optim.Optimizer) -> int:
    # AdamW's one-element "step" counters are bookkeeping, not the moments the formula counts
    return _bytes(t for state in optimizer.state.values() for key, t in state.items()
                  if torch.is_tensor(t) and key != "step")


def _held(model, optimizer) -> dict[str, int]:
    params = list(model.parameters())
    return {"params": _bytes(params), "grads": _bytes(p.grad for p in params), "optimizer": _state_bytes(optimizer)}


def _full(t: torch.Tensor) -> torch.Tensor:
    return t.full_tensor() if hasattr(t, "full_tensor") else t


def zero_1_or_2(size: dict, rank: int, world: int, stage: int) -> dict:
    model = problem.make_model(size["width"], size["layers"])
    ddp = DistributedDataParallel(model)
    optimizer = ZeroRedundancyOptimizer(model.parameters(), optimizer_class=torch.optim.AdamW, lr=problem.LR,
                                        eps=problem.EPS)
    owned = {id(p) for group in optimizer.optim.param_groups for p in group["params"]}
    first_grads = None
    for x, y in problem.make_batches(size["width"], size["batch"]):
        optimizer.zero_grad()
        problem.loss_fn(ddp, reference.batch_shard(x, world, rank), reference.batch_shard(y, world, rank)).backward()
        if first_grads is None:
            first_grads = problem.flat(p.grad for p in model.parameters())
        if stage == 2:  # ZeRO-2 keeps only the gradients of the parameters this rank updates
            for p in model.parameters():
                if id(p) not in owned:
                    p.grad = None
        optimizer.step()
    return {"held": _held(model, optimizer.optim), "grads": first_grads, "params": problem.flat(model.parameters())}


def zero_3(size: dict, rank: int, world: int) -> dict:
    model = problem.make_model(size["width"], size["layers"])
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            fully_shard(layer)
    fully_shard(model)
    optimizer = torch.optim.AdamW(model.parameters(), lr=problem.LR, eps=problem.EPS)
    first_grads = None
    for x, y in problem.make_batches(size["width"], size["batch"]):
        optimizer.zero_grad()
        problem.loss_fn(model, reference.batch_shard(x, world, rank), reference.batch_shard(y, world, rank)).backward()
        if first_grads is None:
            first_grads = problem.flat(_full(p.grad) for p in model.parameters())
        optimizer.step()
    held = _held(model, optimizer)
    return {"held": held, "grads": first_grads, "params": problem.flat(_full(p) for p in model.parameters())}


def ragged_shards() -> list[tuple[str, int, int]]:
    model = problem.make_ragged_model()
    for layer in model:
        fully_shard(layer)
    fully_shard(model)
    return [(name, p.shape[0], _local(p).shape[0]) for name, p in model.named_parameters()]


def by_hand(size: dict, rank: int, world: int, impl) -> dict:
    """ZeRO-0 written by the learner: each rank a full replica, its shard of the batch, averaged gradients."""
    model = problem.make_model(size["width"], size["layers"])
    optimizer = torch.optim.AdamW(model.parameters(), lr=problem.LR, eps=problem.EPS)
    first_grads = None
    for x, y in problem.make_batches(size["width"], size["batch"]):
        optimizer.zero_grad()
        problem.loss_fn(model, impl.batch_shard(x, world, rank), impl.batch_shard(y, world, rank)).backward()
        impl.average_gradients(model, world)
        if first_grads is None:
            first_grads = problem.flat(p.grad for p in model.parameters())
        optimizer.step()
    return {"held": _held(model, optimizer), "grads": first_grads, "params": problem.flat(model.parameters())}


def _implementation(path: str | None):
    if path is None:
        return reference
    spec = importlib.util.spec_from_file_location("learner_exercise", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(rank: int, world: int, port: int, out_dir: str, impl_path: str | None, size: dict) -> None:
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world,
                            timeout=dt.timedelta(seconds=size["timeout"]))
    try:
        n_params = sum(p.numel() for p in problem.make_model(size["width"], size["layers"]).parameters())
        found = {"pid": os.getpid(), "n_params": n_params,
                 "ragged": ragged_shards(), "zero1": zero_1_or_2(size, rank, world, 1),
                 "zero2": zero_1_or_2(size, rank, world, 2), "zero3": zero_3(size, rank, world)}
        try:  # the learner's code last: whatever it does, the measurements above are kept
            found["zero0"] = by_hand(size, rank, world, _implementation(impl_path))
        except NotImplementedError as exc:
            found["unfinished"] = str(exc)
        except Exception as exc:  # the learner's bug: reported on the check that ran it
            found["zero0_error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        torch.save(found, os.path.join(out_dir, f"rank{rank}.pt"))
    except BaseException:
        with open(os.path.join(out_dir, f"error{rank}.txt"), "w", encoding="utf-8") as fh:
            fh.write(traceback.format_exc())
        raise
    finally:
        dist.destroy_process_group()


def nccl_main(rank: int, world: int, port: int, out_dir: str, impl_path: str | None, size: dict) -> None:
    """Full mode on >= 2 GPUs: one all-reduce over NCCL, each rank on its own GPU."""
    torch.cuda.set_device(rank)
    dist.init_process_group("nccl", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world,
                            timeout=dt.timedelta(seconds=size["timeout"]))
    try:
        t = torch.full((1 << 20,), float(rank + 1), device=f"cuda:{rank}")
        dist.all_reduce(t)
        torch.cuda.synchronize()
        torch.save({"sum": float(t[0]), "uniform": bool((t == t[0]).all())}, os.path.join(out_dir, f"rank{rank}.pt"))
    finally:
        dist.destroy_process_group()
