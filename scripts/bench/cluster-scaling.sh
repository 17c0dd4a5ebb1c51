#!/usr/bin/env bash
# The same classify job on the local standalone cluster (scripts/local-cluster.sh, loopback, free
# ports) with one and with two one-core workers, and the model bench's one-thread forward of the
# same network and batch in the same run: does a second executor halve the time, and does a
# one-core executor run the network at the bench's one-thread speed?
# Each run starts a fresh cluster, so each pays executor start, model load and first forwards,
# as a user does. The executors get the native allocator settings through spark.executorEnv
# (conf/spark-defaults.conf).
# Usage: scripts/bench/cluster-scaling.sh [DIR] [VIDEOS=16] [CLIPS=2] [PRESET=i3d-nl5-r50-8x8] [BATCH=1] [CROP=256]
#   (DIR empty or missing: VIDEOS H.264 320x240 4 s videos are made with the ffmpeg command line)
# Last lines: "CPU per clip on one core: ..." (CPU seconds, which hold on a busy machine) and
#             "1 worker: A s, 2 workers: B s, speed-up: A/B; per clip on one core: C s, bench
#             one-thread forward: D s, ratio: C/D"
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$ROOT/target/bench-cluster/videos}"
videos="${2:-16}" clips="${3:-2}" preset="${4:-i3d-nl5-r50-8x8}" batch="${5:-1}" crop="${6:-256}"
work="$ROOT/target/bench-cluster"
cd "$ROOT"
source scripts/lib/build.sh
nlvideo_build_if_needed
mkdir -p "$work"

if [ ! -d "$dir" ] || [ -z "$(ls -A "$dir" 2>/dev/null)" ]; then
  mkdir -p "$dir"
  for i in $(seq 1 "$videos"); do
    ffmpeg -v error -nostdin -y -f lavfi -i "testsrc2=size=320x240:rate=30:duration=4" \
      -vf "hue=h=$((i * 360 / videos)),noise=alls=12:allf=t" -c:v libx264 -preset veryfast -pix_fmt yuv420p \
      "$dir/$(printf 'v%03d.mp4' "$i")"
  done
fi
load() { cut -d' ' -f1-3 /proc/loadavg; }

# reference: the network alone on one intra-op thread, same batch and crop (medians of 5 after a
# warm-up); the job's crop is explicit so that both sides see the same input size
bench="$(UNFOLDED=0 scripts/bench/model.sh 5 "$batch" 1 "$preset" "$crop" 2>/dev/null | grep "^$preset")"
echo "bench: $bench"
bench_clip="$(sed -n 's/.*median \([0-9.]*\) s per clip.*/\1/p' <<<"$bench")"
bench_cpu="$(sed -n 's/.*s per clip (CPU \([0-9.]*\) s).*/\1/p' <<<"$bench")"

declare -A total per_view per_view_cpu wall
for workers in 1 2; do
  export NLVIDEO_CLUSTER_DIR="$work/cluster-$workers" NLVIDEO_CLUSTER_WORKERS="$workers" NLVIDEO_WORKER_CORES=1
  scripts/local-cluster.sh stop >/dev/null 2>&1 || true
  scripts/local-cluster.sh start >/dev/null
  start=$(date +%s.%N)
  status=0
  scripts/submit classify --input "$dir" --model "$preset" --clips "$clips" --crops 1 --batch-size "$batch" \
    --short-side 256 --crop-size "$crop" \
    --output "$work/out-$workers" --overwrite >"$work/submit-$workers.log" 2>&1 || status=$?
  end=$(date +%s.%N)
  scripts/local-cluster.sh stop >/dev/null 2>&1 || true
  [ "$status" = 0 ] || { tail -20 "$work/submit-$workers.log" >&2; echo "cluster-scaling: classify failed on $workers worker(s)" >&2; exit 1; }
  wall[$workers]="$(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.1f", e-s}')"
  read -r total[$workers] per_view[$workers] per_view_cpu[$workers] < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["timings_s"]["total"], d["per_view_s"]["forward_median"], d["per_view_s"]["forward_cpu_median"])' \
    "$work/out-$workers/summary.json")
  echo "$workers worker(s): job $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["timings_s"], d["per_view_s"])' "$work/out-$workers/summary.json")"
  echo "$workers worker(s): submit wall ${wall[$workers]} s, job ${total[$workers]} s, warm forward ${per_view[$workers]} s per view, CPU ${per_view_cpu[$workers]} s (medians); load $(load)"
done
awk -v a="${total[1]}" -v b="${total[2]}" -v c="${per_view[1]}" -v d="$bench_clip" -v cc="${per_view_cpu[1]}" -v dc="$bench_cpu" 'BEGIN{
  printf "CPU per clip on one core: %.3f s, bench one-thread forward: %.3f s, ratio: %.2f (holds on a busy machine)\n", cc, dc, cc/dc
  printf "1 worker: %.1f s, 2 workers: %.1f s, speed-up: %.2f; per clip on one core: %.3f s, bench one-thread forward: %.3f s, ratio: %.2f\n", a, b, a/b, c, d, c/d}'
