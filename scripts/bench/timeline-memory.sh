#!/usr/bin/env bash
# Memory of `timeline` against the length of the video: the peak resident memory of the whole
# JVM (GNU time's "Maximum resident set size") running `nlvideo timeline` with the demo model on
# one untrimmed synthetic video (make-dataset --concat) of SHORT parts, and on one of LONG parts,
# same heap limit, same settings, one after the other. Flat memory means a ratio near 1 however
# much longer the second video is.
# Usage: scripts/bench/timeline-memory.sh [WORKDIR]   Env: SHORT (30 parts = 60 s), LONG (300 parts
# = 10 min), HEAP (-Xmx1g; Spark needs at least -Xmx512m).
# Last line: short: A MiB (S s of video), long: B MiB (L s of video), ratio: B/A
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$root/target/bench-timeline-memory}"
nlvideo="$root/scripts/nlvideo"
mkdir -p "$work"
export NLVIDEO_JAVA_OPTS="${HEAP:--Xmx1g}"

run() { # run NAME PARTS: prints peak RSS in MiB and the video's seconds
  local name="$1" parts="$2"
  "$nlvideo" make-dataset --output "$work/$name" --seed 3 --train 0 --val 0 --test 1 --concat "$parts" \
    --overwrite > /dev/null
  /usr/bin/time -f "%M" -o "$work/$name.rss" "$nlvideo" timeline --input "$work/$name/test.csv" \
    --model demo-nl-i3d --weights "$root/conf/weights/demo-nl-i3d.nlw" --labels synthetic-motion \
    --output "$work/$name-out" --format csv --overwrite > "$work/$name.log" 2>&1
  local kib steps
  kib=$(tail -n 1 "$work/$name.rss")
  steps=$(sed -n 's/.*"steps" *: *\([0-9]*\).*/\1/p' "$work/$name-out/summary.json" | head -n 1)
  echo "$(( kib / 1024 )) $steps"
}

"$nlvideo" --help > /dev/null # build first, outside the measurements
short=$(run short "${SHORT:-30}") || { echo "the short run failed: see $work/short.log" >&2; exit 1; }
long=$(run long "${LONG:-300}") || { echo "the long run failed: see $work/long.log" >&2; exit 1; }
read -r short_mib short_s <<< "$short"
read -r long_mib long_s <<< "$long"
echo "short: $short_mib MiB ($short_s s of video), long: $long_mib MiB ($long_s s of video), ratio: $(awk -v a="$short_mib" -v b="$long_mib" 'BEGIN {printf "%.2f", b / a}')"
