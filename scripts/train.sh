#!/usr/bin/env bash
# Sets the machine up (idempotent) and trains the default experiment: ISDA on Fashion-MNIST.
# Extra arguments go to `isda train` (e.g. --epochs 10, --method basic, --resume runs/NAME/STAMP).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
dotnet build experiments -c Release --no-restore --verbosity quiet
exec dotnet experiments/bin/Release/net10.0/isda.dll train "$@"
