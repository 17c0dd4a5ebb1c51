#!/usr/bin/env bash
# A linear probe on the demo model's backbone against the demo model's own head, same run, same
# test videos: synthetic-motion features (extract-features, demo-nl-i3d), train-probe on the first
# N labelled training videos for each N given, classify --probe on the test split; the head's
# top-1 on the same split from evaluate. Prints per N: the probe's cross-validated and test top-1
# and its fitting time (train-probe's own timing: the cross-validation and the final fit).
#
#   scripts/bench/linear-probe.sh [TRAIN_SIZES] [TEST]    (defaults: "20 50 100", 200)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sizes="${1:-20 50 100}"
test_videos="${2:-200}"
largest=$(echo "$sizes" | tr ' ' '\n' | sort -n | tail -n 1)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
nlvideo() { NLVIDEO_JAVA_OPTS=-Xmx2g "$ROOT/scripts/nlvideo" "$@" --master 'local[2]' --spark-conf spark.ui.enabled=false; }
demo=(--model demo-nl-i3d --weights "$ROOT/conf/weights/demo-nl-i3d.nlw" --labels synthetic-motion)
# The first number under "$2" in the JSON file $1 (summary.json lists the chosen values first).
field() { sed -n "s/.*\"$2\" *: *\([0-9.eE+-]*\).*/\1/p" "$1" | head -n 1; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$ROOT/scripts/nlvideo" make-dataset --output "$work/data" --seed 9 --train "$largest" --val 0 \
  --test "$test_videos" >"$work/make-dataset.log" 2>&1
nlvideo extract-features --input "$work/data/train.csv" --output "$work/features" "${demo[@]}" >"$work/extract.log" 2>&1
nlvideo evaluate --input "$work/data/test.csv" --output "$work/head" "${demo[@]}" >"$work/head.log" 2>&1
printf 'network head (demo-nl-i3d): test top-1 %.3f on %d videos\n' "$(field "$work/head/summary.json" top1)" \
  "$test_videos"
for n in $sizes; do
  head -n $((n + 1)) "$work/data/train.csv" >"$work/data/train-$n.csv"
  nlvideo train-probe --features "$work/features" --labels "$work/data/train-$n.csv" --output "$work/probe-$n" \
    >"$work/probe-$n.log" 2>&1
  nlvideo classify --input "$work/data/test.csv" --output "$work/classified-$n" --format csv --probe "$work/probe-$n" \
    "${demo[@]}" >"$work/classify-$n.log" 2>&1
  # predictions.csv: video_id,path,true_labels,label,...
  top1=$(awk -F, 'NR > 1 {n++; ok += ($3 == $4)} END {printf "%.3f", ok / n}' "$work/classified-$n/predictions.csv")
  printf 'probe on %3d labelled videos: validation top-1 %.3f (reg_param %s), test top-1 %s; fitted in %.1f s\n' \
    "$n" "$(field "$work/probe-$n/summary.json" validation_top1)" \
    "$(field "$work/probe-$n/summary.json" reg_param)" "$top1" \
    "$(field "$work/probe-$n/summary.json" fit)"
done
