#!/usr/bin/env bash
# Runs the four labs in full mode on CUDA, one process each, and writes into DIR (default
# docs/lab-results/): <lab>.json (the result document), <lab>.events.jsonl (its progress, log and
# metric events), <lab>.stderr.txt, and SUMMARY.md (tables of every check and metric).
# Needs only Python with torch, transformers, peft and numpy. Exit status: the worst lab's.
#   bash bench/gpu_labs.sh [DIR]        PYTHON=python3 LAB_TIMEOUT=300 bash bench/gpu_labs.sh
# A dry run of the script itself on a CPU: LAB_DEVICE=cpu LAB_MODE=quick bash bench/gpu_labs.sh /tmp/r
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-docs/lab-results}"
PY="${PYTHON:-python}"
LIMIT="${LAB_TIMEOUT:-300}"
DEVICE="${LAB_DEVICE:-cuda}"
MODE="${LAB_MODE:-full}"
mkdir -p "$OUT"

LAB_DEVICE="$DEVICE" "$PY" - <<'PYEOF' || exit 2
import os, torch, transformers, peft
cuda = os.environ["LAB_DEVICE"] == "cuda"
assert torch.cuda.is_available() or not cuda, "no CUDA device visible to torch"
print(f"torch {torch.__version__}, transformers {transformers.__version__}, peft {peft.__version__}, "
      f"{torch.cuda.get_device_name(0) if cuda else 'cpu'}")
PYEOF

worst=0
for lab in sampling precision memory lora; do
  start=$(date +%s)
  timeout --kill-after=10 "$LIMIT" "$PY" -m labs "$lab" --device "$DEVICE" --mode "$MODE" --out "$OUT/$lab.json" \
    >"$OUT/$lab.events.jsonl" 2>"$OUT/$lab.stderr.txt"
  rc=$?
  echo "$lab: exit $rc after $(( $(date +%s) - start )) s (wall, including imports)"
  if [ "$rc" -ne 0 ]; then tail -n 5 "$OUT/$lab.stderr.txt"; fi
  if [ "$rc" -gt "$worst" ]; then worst=$rc; fi
done

"$PY" -m labs.report "$OUT" >"$OUT/SUMMARY.md"
cat "$OUT/SUMMARY.md"
exit "$worst"
