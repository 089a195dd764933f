#!/usr/bin/env bash
# Where a ResNet-32 training step's time goes inside oneDNN, PyTorch against TorchSharp: runs each side's step with
# oneDNN's execution log on (ONEDNN_VERBOSE / DNNL_VERBOSE), ROUNDS times in alternation (default 2), and prints per
# side and round the oneDNN time of one step by primitive, pass and implementation (the log's own exec times, summed
# over all steps and divided by their number), then the step time of the same runs (slower than without the log).
# The two sides' oneDNN versions pick their kernels themselves; this shows which and what each costs.
#   benchmarks/onednn_breakdown.sh
#   PT_ENV="MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824" benchmarks/onednn_breakdown.sh  # the
#     heap settings the runtime makes, for PyTorch too (PT_ARGS and TS_ARGS set the two sides' flags)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${ROUNDS:-2}
steps=${STEPS:-5}
warmup=${WARMUP:-2}
pt_args=${PT_ARGS:-"--threads 2 --channels-last"}
ts_args=${TS_ARGS:-"--configure --channels-last"}
source benchmarks/peer.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Sums the exec lines of one run by (primitive, pass, implementation); both log formats have "exec" then the engine.
breakdown() {
  awk -v steps="$1" -v side="$2" '
    { for (i = 1; i <= 4 && i <= NF; i++) if ($i == "exec") break }
    i <= 4 && $(i + 1) == "cpu" { key = sprintf("%-12s %-17s %s", $(i + 2), $(i + 4), $(i + 3)); ms[key] += $NF; calls[key]++; total += $NF }
    /^RESULT step/ { for (j = 1; j <= NF; j++) if ($j ~ /^median_ms=/) step = $j }
    END {
      printf "%s: oneDNN %.1f ms per step, %s\n", side, total / steps, step
      for (k in ms) printf "  %-60s %8.1f ms %4d calls per step\n", k, ms[k] / steps, calls[k] / steps | "sort -k4,4 -g -r"
      close("sort -k4,4 -g -r")
    }' FS=',| ' "$log"
}

for ((r = 1; r <= rounds; r++)); do
  echo "# round $r"
  env $pt_env DNNL_VERBOSE=1 ONEDNN_VERBOSE=1 $python benchmarks/pytorch/resnet_step.py --steps "$steps" --warmup "$warmup" $pt_args > "$log" 2>&1
  breakdown $((steps + warmup)) "pytorch ($pt_env $pt_args)"
  ONEDNN_VERBOSE=1 "$exe" step --steps "$steps" --warmup "$warmup" $ts_args > "$log" 2>&1
  breakdown $((steps + warmup)) "torchsharp ($ts_args)"
done
