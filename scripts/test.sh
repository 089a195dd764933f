#!/usr/bin/env bash
# Sets the machine up (idempotent) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# The cluster tests submit to a one-node Slurm on this machine: started here, and stopped after the tests unless it
# was already running. With ISDA_TESTS_NEED_SLURM set they fail, not skip, where Slurm is missing.
if pgrep -x slurmctld >/dev/null 2>&1; then slurm_was_running=1; else slurm_was_running=0; fi
bash scripts/slurm.sh up
if [ "$slurm_was_running" -eq 0 ]; then trap 'bash scripts/slurm.sh down' EXIT; fi
export ISDA_TESTS_NEED_SLURM=1
dotnet build IsdaDsl.sln -c Release --no-restore --verbosity quiet
# libtorch warns once per process that NNPACK does not fit this CPU: dropped, so that the log stays readable. The
# failed tests, with their messages, are repeated at the end, where a CI log's tail shows them.
log="$(mktemp)"
set +e
dotnet test IsdaDsl.sln -c Release --no-build --verbosity quiet --logger "console;verbosity=normal" 2>&1 \
  | grep --line-buffered -v 'NNPACK.cpp' | tee "$log"
tests_status=${PIPESTATUS[0]}
set -e
if [ "$tests_status" -ne 0 ]; then
  echo "=== failed tests ==="
  awk '/^  Failed /{show=1} /^  (Passed|Skipped) /{show=0} show' "$log" | head -n 300
  rm -f "$log"
  exit "$tests_status"
fi
rm -f "$log"
# The generator and runtime as NuGet packages in a project outside the repository.
bash tests/PackageConsumer/check.sh
