#!/usr/bin/env bash
# Reproduces docs/results.md: Basic, ISDA and each GAN-augmentation baseline on Fashion-MNIST with a tenth of the
# training set (seeds 0-4) and with all of it (seeds 0-2), two runs at a time with one thread each (the errors depend
# on the thread count and the CPU), into OUT (default runs; runs complete there are skipped, stopped ones resume). The
# five generators the baselines take their images from are trained first, into the same OUT. Then each classifier
# run's light files (spec, command, settings, metrics, summary; not the checkpoint) go to docs/results/runs, and the
# report and its figures are drawn from there into docs/results/. On 2 cores: about 1 h 45 min for Basic and ISDA,
# about 70 minutes for the generators, and about 9 minutes for each of the 40 baseline runs (two at a time).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-runs}"
bash scripts/setup.sh
dotnet build experiments -c Release --no-restore --verbosity quiet
isda="$PWD/experiments/bin/Release/net10.0/isda.dll"
methods=(basic isda gan-wgan gan-wgan-gp gan-cgan gan-acgan gan-infogan)
generators=(wgan wgan-gp cgan acgan infogan)
experiments=()
for method in "${methods[@]}"; do
  experiments+=("fashion-mnist-comparison-10pct-$method" "fashion-mnist-comparison-$method")
done

run_one() { dotnet "$isda" sweep "$1" --set training.seed="$2" --set training.runs=1 --threads 1 --out "$out" > /dev/null && echo "done: $1 seed $2"; }
export -f run_one
export isda out
printf 'fashion-mnist-gan-%s\n' "${generators[@]}" |
  xargs -P 2 -I{} bash -c 'dotnet "$isda" sweep {} --threads 1 --out "$out" > /dev/null && echo "done: {}"'
{
  for seed in 0 1 2 3 4; do for method in "${methods[@]}"; do echo "fashion-mnist-comparison-10pct-$method $seed"; done; done
  for seed in 0 1 2; do for method in "${methods[@]}"; do echo "fashion-mnist-comparison-$method $seed"; done; done
} | xargs -P 2 -L 1 bash -c 'run_one "$0" "$1"'

# The light files of the complete runs, laid out as run folders, so that isda report and plot read them.
rm -rf docs/results/runs
for experiment in "${experiments[@]}"; do
  for run in "$out/$experiment"/seed-*; do
    [ -f "$run/summary.json" ] && grep -q '"completed"' "$run/summary.json" || continue
    target="docs/results/runs/$experiment/$(basename "$run")"
    mkdir -p "$target"
    cp "$run"/{spec.yaml,command.txt,settings.json,metrics.jsonl,summary.json} "$target/"
  done
done
dotnet "$isda" report --out docs/results/runs --format markdown --output docs/results/report.md --plots
