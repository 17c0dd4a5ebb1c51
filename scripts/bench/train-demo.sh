#!/usr/bin/env bash
# The demo model end to end: writes the synthetic-motion dataset, trains demo-nl-i3d on it with
# `nlvideo train`, then scores best.nlw on the test split with `nlvideo evaluate`. Prints the
# training wall time, the load average around it, the last history rows and the test top-1.
# Usage: scripts/bench/train-demo.sh [WORKDIR]   (default: target/train-demo)
# Env: TRAIN (4000), VAL (200), TEST (200) videos, SEED (1), EPOCHS (25), LR (0.02), BATCH (16).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$root/target/train-demo}"
nlvideo="$root/scripts/nlvideo"
mkdir -p "$work"

if [ ! -f "$work/data/test.csv" ]; then
  "$nlvideo" make-dataset --output "$work/data" --seed "${SEED:-1}" \
    --train "${TRAIN:-4000}" --val "${VAL:-200}" --test "${TEST:-200}" --overwrite
fi

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
"$nlvideo" train --model demo-nl-i3d --train "$work/data/train.csv" --val "$work/data/val.csv" \
  --output "$work/run" --overwrite --epochs "${EPOCHS:-25}" --batch-size "${BATCH:-16}" \
  --lr "${LR:-0.02}" --warmup-epochs 1 --seed "${SEED:-1}" | grep -E '^(epoch|best|decoded)' | tail -n 4
echo "train wall time: $(( $(date +%s) - start )) s; load after: $(cut -d' ' -f1-3 /proc/loadavg)"

"$nlvideo" evaluate --input "$work/data/test.csv" --model "$work/run/model.yaml" \
  --weights "$work/run/best.nlw" --labels "$work/run/labels.txt" --output "$work/test" \
  --overwrite --master 'local[2]' >/dev/null
echo "test top-1: $(grep -o '"top1" *: *[0-9.]*' "$work/test/summary.json")"
echo "best.nlw: $(du -h "$work/run/best.nlw" | cut -f1)"
