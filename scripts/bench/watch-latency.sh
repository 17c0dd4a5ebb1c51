#!/usr/bin/env bash
# Latency of `classify --watch` from a video landing in the watched folder (renamed in) to its row
# in predictions.csv, measured here by polling the table, one video at a time, for each settle time
# given; against the time the watch itself spent classifying the same micro-batches (its progress
# line), in the same run. The first video of each watch (the model loads) is reported apart.
#
#   scripts/bench/watch-latency.sh [VIDEOS] [SETTLES]    (defaults: 8 videos, settles "0 2")
#
# Demo model (demo-nl-i3d) on synthetic-motion videos, embedded local[2], --trigger 1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
videos="${1:-8}"
settles="${2:-0 2}"
work="$(mktemp -d)"
watch_pid=""
trap '[ -z "$watch_pid" ] || kill -TERM "$watch_pid" 2>/dev/null || true; sleep 1; rm -rf "$work"' EXIT

"$ROOT/scripts/nlvideo" make-dataset --output "$work/data" --seed 5 --train 0 --val 0 --test $((videos + 1)) \
  >"$work/make-dataset.log" 2>&1
mapfile -t files < <(tail -n +2 "$work/data/test.csv" | cut -d, -f1)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $videos videos after a first one, one at a time"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Lands file $1 as video id $2 in $3 (hidden name, then rename) and waits for its row in $4.
land_and_wait() {
  local src="$1" id="$2" in="$3" table="$4" start
  cp "$work/data/$src" "$in/.$id.mp4.part"
  start=$(now_ms)
  mv "$in/.$id.mp4.part" "$in/$id.mp4"
  until [ -f "$table" ] && grep -q "^$id," "$table"; do
    sleep 0.05
    [ $(($(now_ms) - start)) -lt 300000 ] || { echo "no row for $id after 300 s" >&2; exit 1; }
  done
  echo $(($(now_ms) - start))
}

for settle in $settles; do
  in="$work/in-$settle" out="$work/out-$settle"
  mkdir -p "$in"
  NLVIDEO_JAVA_OPTS=-Xmx2g "$ROOT/scripts/nlvideo" classify --watch "$in" --output "$out" --format csv \
    --model demo-nl-i3d --weights "$ROOT/conf/weights/demo-nl-i3d.nlw" --labels synthetic-motion \
    --trigger 1 --settle "$settle" --master 'local[2]' --spark-conf spark.ui.enabled=false \
    >"$work/watch-$settle.out" 2>"$work/watch-$settle.err" &
  watch_pid=$!
  until grep -q "watch: classifying" "$work/watch-$settle.err" 2>/dev/null; do
    kill -0 "$watch_pid" 2>/dev/null || { tail -n 20 "$work/watch-$settle.err" >&2; exit 1; }
    sleep 0.2
  done
  first=$(land_and_wait "${files[0]}" first "$in" "$out/predictions.csv")
  total=0 max=0
  for i in $(seq 1 "$videos"); do
    ms=$(land_and_wait "${files[$i]}" "v$i" "$in" "$out/predictions.csv")
    total=$((total + ms))
    [ "$ms" -le "$max" ] || max=$ms
  done
  kill -TERM "$watch_pid"
  wait "$watch_pid" || true
  watch_pid=""
  # the watch's own time per micro-batch that classified videos, the first one left out
  classify_mean=$(grep -o 'videos {[^}]*} in [0-9.]* s' "$work/watch-$settle.err" | tail -n +2 |
    awk '{s += $(NF-1); n++} END {printf "%.2f", n ? s / n : 0}')
  mean=$(echo "scale=2; $total / $videos / 1000" | bc -l)
  printf 'settle %s s: landing to row mean %.2f s, max %.2f s (first video, model loading: %.2f s);' \
    "$settle" "$mean" "$(echo "$max / 1000" | bc -l)" "$(echo "$first / 1000" | bc -l)"
  printf ' classifying a micro-batch: %.2f s; ratio %.2f\n' "$classify_mean" "$(echo "$mean / $classify_mean" | bc -l)"
done
