#!/usr/bin/env bash
# Times the cluster path against the embedded one on the same videos: local cluster start,
# `probe` through scripts/submit (2 workers x 1 core), the same `probe` embedded
# (scripts/nlvideo, local[*]), and cluster stop. Prints seconds per step.
#
#   scripts/bench/cluster-probe.sh [VIDEO_DIR]     (default: the sample videos of make-samples)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
export NLVIDEO_CLUSTER_DIR="$work/cluster"
trap '"$ROOT/scripts/local-cluster.sh" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

videos="${1:-}"
if [ -z "$videos" ]; then
  videos="$work/videos"
  "$ROOT/scripts/nlvideo" make-samples --output "$videos" >/dev/null
fi
"$ROOT/scripts/spark-runtime.sh" >/dev/null

timed() {
  local name="$1"; shift
  local start_ns end_ns
  start_ns=$(date +%s%N)
  "$@" >"$work/$name.log" 2>&1 || { echo "$name failed:" >&2; tail -n 20 "$work/$name.log" >&2; exit 1; }
  end_ns=$(date +%s%N)
  printf '%-22s %7.1f s\n' "$name" "$(echo "($end_ns - $start_ns) / 1000000000" | bc -l)"
}

echo "videos: $videos ($(find "$videos" -type f | wc -l) files), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
timed cluster-start "$ROOT/scripts/local-cluster.sh" start
timed submit-probe "$ROOT/scripts/submit" probe --input "$videos" --output "$work/out-cluster"
timed embedded-probe "$ROOT/scripts/nlvideo" probe --input "$videos" --output "$work/out-embedded"
timed cluster-stop "$ROOT/scripts/local-cluster.sh" stop
