#!/usr/bin/env bash
# Alternating A/B runner for this noisy 2-core machine: runs every configuration once per round, in turn,
# for ROUNDS rounds (default 3), then prints for each configuration and each measured quantity
# (step / conv_fwd / conv_fwdbwd) the median over rounds of the per-run medians, and the ratio to the first
# configuration. Each argument is LABEL=COMMAND; COMMAND must print `RESULT <what> ... median_ms=<x>` lines,
# as `IsdaDsl.Benchmarks step` and pytorch/resnet_step.py do.
#   ROUNDS=3 benchmarks/ab.sh 'ts=benchmarks/bin/Release/net10.0/IsdaDsl.Benchmarks step' 'pt=/usr/bin/python3 benchmarks/pytorch/resnet_step.py'
set -euo pipefail
rounds=${ROUNDS:-3}
log=$(mktemp)
out=$(mktemp)
trap 'rm -f "$log" "$out"' EXIT
for ((r = 1; r <= rounds; r++)); do
  for spec in "$@"; do
    label=${spec%%=*}
    cmd=${spec#*=}
    echo "# round $r: $label: $cmd" >&2
    bash -c "$cmd" > "$out"
    cat "$out" >&2
    awk -v l="$label" '/^RESULT/ { for (i = 1; i <= NF; i++) if ($i ~ /^median_ms=/) { split($i, a, "="); print l, $2, a[2] } }' "$out" >> "$log"
  done
done
echo
echo "medians over $rounds alternating rounds (ms; each run's own median of its timed steps)"
labels=()
for spec in "$@"; do labels+=("${spec%%=*}"); done
for what in $(awk '{print $2}' "$log" | sort -u); do
  base=""
  for label in "${labels[@]}"; do
    med=$(awk -v l="$label" -v w="$what" '$1 == l && $2 == w {print $3}' "$log" | sort -g | awk '{v[NR] = $1} END { if (NR == 0) exit; print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
    [ -z "$med" ] && continue
    runs=$(awk -v l="$label" -v w="$what" '$1 == l && $2 == w {printf "%s ", $3}' "$log")
    [ -z "$base" ] && base=$med
    printf '%-12s %-24s median %8.1f ms  ratio to %s %.2f  (runs: %s)\n' "$what" "$label" "$med" "${labels[0]}" "$(echo "$med / $base" | bc -l)" "$runs"
  done
done
