#!/usr/bin/env bash
# Runs every lab (`python -m labs list --json`) in full mode on CUDA, one process each, and writes into DIR
# (default docs/lab-results/): <lab>.json (the result document), <lab>.events.jsonl (its progress, log
# and metric events), <lab>.stderr.txt, environment.json (device, clocks, driver, torch and library
# versions) and SUMMARY.md (that environment, then tables of every check and metric).
# Needs only Python with torch, transformers, peft and numpy; bitsandbytes is optional (the QLoRA checks
# are skipped without it, which does not fail a lab). A lab without a full mode runs in quick mode.
# Exit status: 0 when every lab passed (skips allowed), 1 when a check failed, 2 when a lab could not run.
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

LAB_DEVICE="$DEVICE" "$PY" - "$OUT/environment.json" <<'PYEOF' || exit 2
import json, os, platform, shutil, subprocess, sys
import torch, transformers, peft
cuda = os.environ["LAB_DEVICE"] == "cuda"
assert torch.cuda.is_available() or not cuda, "no CUDA device visible to torch"
env = {"device": torch.cuda.get_device_name(0) if cuda else platform.processor() or "cpu",
       "torch": torch.__version__, "cuda": torch.version.cuda, "transformers": transformers.__version__,
       "peft": peft.__version__, "python": platform.python_version()}
try:
    import bitsandbytes
    env["bitsandbytes"] = bitsandbytes.__version__
except Exception as exc:  # optional: its checks are skipped
    env["bitsandbytes"] = f"absent ({type(exc).__name__})"
if cuda:
    props = torch.cuda.get_device_properties(0)
    env.update(capability=f"{props.major}.{props.minor}", memory_gib=round(props.total_memory / 2**30, 1),
               multiprocessors=props.multi_processor_count)
if cuda and shutil.which("nvidia-smi"):
    fields = "driver_version,clocks.sm,clocks.max.sm,clocks.mem,clocks.max.mem,power.draw,power.limit,temperature.gpu"
    out = subprocess.run(["nvidia-smi", f"--query-gpu={fields}", "--format=csv,noheader", "-i", "0"],
                         capture_output=True, text=True).stdout.strip()
    env["nvidia_smi"] = dict(zip(fields.split(","), [v.strip() for v in out.split(",")]))
json.dump(env, open(sys.argv[1], "w"), indent=2)
print(json.dumps(env))
PYEOF

labs=$("$PY" -c "import json, subprocess, sys; print(' '.join(m['id'] + ':' + ('full' if 'full' in m['modes'] else 'quick') for m in json.loads(subprocess.run([sys.executable, '-m', 'labs', 'list', '--json'], capture_output=True, text=True, check=True).stdout)))") || exit 2

worst=0
for entry in $labs; do
  lab="${entry%%:*}"
  mode="$MODE"
  if [ "$MODE" = "full" ] && [ "${entry##*:}" != "full" ]; then mode=quick; fi
  start=$(date +%s)
  timeout --kill-after=10 "$LIMIT" "$PY" -m labs "$lab" --device "$DEVICE" --mode "$mode" --out "$OUT/$lab.json" \
    >"$OUT/$lab.events.jsonl" 2>"$OUT/$lab.stderr.txt"
  rc=$?
  echo "$lab ($mode): exit $rc after $(( $(date +%s) - start )) s (wall, including imports)"
  if [ "$rc" -ne 0 ]; then tail -n 5 "$OUT/$lab.stderr.txt"; fi
  if [ "$rc" -gt 2 ]; then rc=2; fi  # a timeout (124) or a kill is a lab that could not run
  if [ "$rc" -gt "$worst" ]; then worst=$rc; fi
done

{
  echo "# Environment"
  echo
  "$PY" -c "import json, sys; env = json.load(open(sys.argv[1])); smi = env.pop('nvidia_smi', {}); [print(f'- {k}: {v}') for k, v in {**env, **smi}.items()]" "$OUT/environment.json"
  echo
  "$PY" -m labs.report "$OUT"
} >"$OUT/SUMMARY.md"
cat "$OUT/SUMMARY.md"
exit "$worst"
