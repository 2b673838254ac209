"""Distributed lab: ZeRO stages 0-3 measured on two CPU processes over gloo, and data parallelism by hand."""
TITLE = "ZeRO and data parallelism: who holds which bytes"
SUMMARY = ("Spawn two processes talking over gloo; write the ZeRO-1/2/3 bytes-per-rank formula and check it "
           "against DDP, ZeroRedundancyOptimizer and FSDP2's fully_shard; write data parallelism by hand "
           "(batch shards, gradient all-reduce) and match single-process gradients.")
NOTES = ("fda38b--params-ec0939", "fda38b--optimizer-state-0556a1", "fda38b--gradients-2f2dde")
MODES = ("quick", "full")
