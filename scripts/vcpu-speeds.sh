#!/usr/bin/env bash
# Each vCPU's speed now: MobileNetV2 at batch 1 (dnn_bench, 60 timed calls, median ms) pinned to
# each vCPU in turn, ROUNDS times. On a shared VM one vCPU at a time can run up to 25% slow for
# tens of seconds with no steal time showing (docs/findings/2026-11-24-run-speed-prediction.md);
# run this before a validation benchmark to see whether the machine is steady.
# Usage: scripts/vcpu-speeds.sh [ROUNDS]   (default 5; about 1.5 s per vCPU per round)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "vcpu-speeds.sh: ROUNDS must be a positive integer, got '$rounds'" >&2
  exit 2
fi
bench="$root/build/dnn_bench"
if [ ! -x "$bench" ]; then
  echo "vcpu-speeds.sh: $bench not found; build first (scripts/build.sh)" >&2
  exit 2
fi
cpus=$(nproc)
printf '%-8s %-9s' round time_utc
for ((c = 0; c < cpus; c++)); do printf ' %9s' "vcpu${c}_ms"; done
printf '\n'
for ((r = 1; r <= rounds; r++)); do
  printf '%-8s %-9s' "$r" "$(date -u +%H:%M:%S)"
  for ((c = 0; c < cpus; c++)); do
    # The last line is the model's row; its fourth column is the median in ms.
    ms=$(taskset -c "$c" "$bench" --models mobilenetv2 --batches 1 --reps 60 | tail -1 |
      awk '{print $4}')
    printf ' %9s' "$ms"
  done
  printf '\n'
done
