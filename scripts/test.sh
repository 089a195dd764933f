#!/usr/bin/env bash
# Sets the machine up (idempotent) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
dotnet build IsdaDsl.sln -c Release --no-restore --verbosity quiet
dotnet test IsdaDsl.sln -c Release --no-build --verbosity quiet --logger "console;verbosity=normal"
# The generator and runtime as NuGet packages in a project outside the repository.
bash tests/PackageConsumer/check.sh
