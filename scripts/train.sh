#!/usr/bin/env bash
# Sets the machine up (idempotent) and trains the default experiment: ISDA on Fashion-MNIST.
# Extra arguments go to `isda run` (e.g. fashion-mnist-resnet8-basic, --set training.epochs=10, --resume).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
dotnet build experiments -c Release --no-restore --verbosity quiet
exec dotnet experiments/bin/Release/net10.0/isda.dll run "$@"
