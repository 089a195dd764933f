#!/usr/bin/env bash
# The figure we report: ResNet-32 CE training step (batch 128) and the single 3x3 conv: PyTorch, TorchSharp
# unconfigured, TorchSharp as the trainer runs by default (TorchRuntime.Configure, channels-last batches) and with
# the trainer's `--layout nchw` batches, run
# alternately ROUNDS times (default 3) so that all see the same machine load; prints medians and the ratios
# to PyTorch (first line of each block). Needs: apt-get install -y python3-torch libopenblas0-pthread.
#   benchmarks/compare_pytorch.sh                      # PyTorch as it starts (1 thread on our 2-core VM)
#   PT_ARGS="--threads 2 --channels-last" benchmarks/compare_pytorch.sh   # PyTorch's best flags
#   PT_ENV="MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824" PT_ARGS="--threads 2 --channels-last" \
#     benchmarks/compare_pytorch.sh     # PyTorch at its best: those flags and glibc keeping freed memory, as the runtime does
#   STEP_ARGS="--steps 10 --warmup 3 --conv" ROUNDS=3 benchmarks/compare_pytorch.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
step_args=${STEP_ARGS:-"--steps 10 --warmup 3 --conv"}
pt_args=${PT_ARGS:-""}
source benchmarks/peer.sh
echo "machine: $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg); OMP_NUM_THREADS=${OMP_NUM_THREADS-unset} OMP_WAIT_POLICY=${OMP_WAIT_POLICY-unset} OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-unset} MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_-unset} MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_-unset}; PyTorch's own: ${pt_env:-none}"
exec benchmarks/ab.sh \
  "pytorch=env $pt_env $python benchmarks/pytorch/resnet_step.py $step_args $pt_args" \
  "torchsharp-unconfigured=$exe step $step_args" \
  "torchsharp-default=$exe step $step_args --configure --channels-last" \
  "torchsharp-nchw=$exe step $step_args --configure"
