#!/usr/bin/env bash
# Reproduces docs/results.md: every method of experiments/fashion-mnist/comparison/ (Basic, ISDA and each baseline) on
# Fashion-MNIST with a tenth of the training set (seeds 0-4) and with all of it (seeds 0-2), two runs at a time with
# one thread each (the errors depend on the thread count and the CPU), into OUT (default runs; runs complete there are
# skipped, stopped ones resume). The generators the GAN baselines among them take their images from are trained first,
# into the same OUT. Each complete classifier run's light files (spec, command, settings, metrics, summary, the
# environment it computed in and, for a GAN baseline, the generator run it took; not the checkpoint) then go to
# docs/results/runs, where they replace an earlier record of the same experiment and seed, and the report and its
# figures are drawn from there into docs/results/.
#
#   bash scripts/results.sh [--missing | --record] [OUT]
#     --missing   run only what docs/results/runs has no record of (to finish the evidence on another machine)
#     --record    run nothing: record the complete runs OUT has and redraw the report
#
# On 2 cores, one thread each, measured: 34 minutes for the WGAN generator (24 epochs), 54 for WGAN-GP (24), 3.5 to 4
# minutes an epoch for CGAN (15 epochs), 2.5 for ACGAN (3) and 3 for InfoGAN (6); a classifier run (the tenth's and the
# whole set's take as many steps) 2 to 3 minutes with another run on the other core, 3 to 4.5 with a generator: about
# four hours in all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mode=all
case "${1:-}" in --missing | --record) mode="${1#--}"; shift ;; esac
out="${1:-runs}"
records=docs/results/runs
bash scripts/setup.sh
dotnet build experiments -c Release --no-restore --verbosity quiet
isda="$PWD/experiments/bin/Release/net10.0/isda.dll"
methods=($(basename -s .yaml experiments/fashion-mnist/comparison/*.yaml))
generators=(wgan wgan-gp cgan acgan infogan)

recorded() { compgen -G "$records/$1/seed-$2-*/summary.json" > /dev/null; }
# "experiment seed" lines, the tenth's seeds first: the comparison the paper says ISDA helps most in.
runs=$(
  for seed in 0 1 2 3 4; do for method in "${methods[@]}"; do echo "fashion-mnist-comparison-10pct-$method $seed"; done; done
  for seed in 0 1 2; do for method in "${methods[@]}"; do echo "fashion-mnist-comparison-$method $seed"; done; done
)
case "$mode" in
  missing) runs=$(while read -r experiment seed; do recorded "$experiment" "$seed" || echo "$experiment $seed"; done <<< "$runs") ;;
  record) runs="" ;;
esac

run_one() { dotnet "$isda" sweep "$1" --set training.seed="$2" --set training.runs=1 --threads 1 --out "$out" > /dev/null && echo "done: $1 seed $2"; }
export -f run_one
export isda out
# The generators of the GAN baselines among the runs, trained (or found complete) first.
needed=()
for generator in "${generators[@]}"; do grep -q -- "-gan-$generator " <<< "$runs" && needed+=("$generator"); done
[ ${#needed[@]} = 0 ] || printf 'fashion-mnist-gan-%s\n' "${needed[@]}" |
  xargs -P 2 -I{} bash -c 'dotnet "$isda" sweep {} --threads 1 --out "$out" > /dev/null && echo "done: {}"'
[ -z "$runs" ] || xargs -P 2 -L 1 bash -c 'run_one "$0" "$1"' <<< "$runs"

# The light files of the complete runs, laid out as run folders, so that isda report and plot read them.
for run in "$out"/fashion-mnist-comparison-*/seed-*; do
  [ -f "$run/summary.json" ] && grep -q '"completed"' "$run/summary.json" || continue
  experiment=$(basename "$(dirname "$run")")
  seed=$(basename "$run" | cut -d- -f2)
  target="$records/$experiment/$(basename "$run")"
  rm -rf "$records/$experiment"/seed-"$seed"-*
  mkdir -p "$target"
  cp "$run"/{spec.yaml,command.txt,settings.json,metrics.jsonl,summary.json} "$target/"
  # Runs of before 2026-12-04 have no environment.jsonl.
  [ ! -f "$run/environment.jsonl" ] || cp "$run/environment.jsonl" "$target/"
  # A GAN baseline's run names the generator run it took.
  [ ! -f "$run/references.json" ] || cp "$run/references.json" "$target/"
done
dotnet "$isda" report --out "$records" --format markdown --output docs/results/report.md --plots
