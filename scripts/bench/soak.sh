#!/usr/bin/env bash
# Memory soak: does an executor's memory stay flat over a long job? Two classify jobs on the local
# standalone cluster (one worker, one executor JVM with two task slots), through scripts/submit:
#   1. 1,000 short videos (2 s, 160x120 H.264), tiny-nl-i3d, the preset's protocol;
#   2. one 30-minute video (160x120, 25 fps, 45,000 frames) with dense sampling every 2 s (900 clips).
#   2b. the same video with clips every second (1,800 clips), a longer run of the same kind.
# The executor's resident set (VmRSS) and its committed Java heap (jstat) are sampled every
# INTERVAL seconds together with the job's progress (tasks committed of all tasks). The RSS at a
# mark is the median of the samples within 5 points of it (10%: progress 5-15%; 100%: 90-100%, up
# to the sample where the last task has committed); the drift is (rss_100 - rss_10) / rss_10.
# Target: below 5%. The executor's heap is sized and touched at start (-Xms = -Xmx = 1g,
# -XX:+AlwaysPreTouch), so that the heap growing to its working size, which is no leak, neither
# hides nor fakes one: what moves is native memory (FFmpeg, PyTorch) and the JVM's own.
#
# Usage: scripts/bench/soak.sh [DIR=target/soak]   Env: VIDEOS (1000), LONG_MINUTES (30), INTERVAL (1)
# Samples: DIR/<job>.rss.csv (seconds, progress, rss_mib, heap_mib). Last lines, one per job:
#   soak <job>: N videos, T s, rss at 10%: A MiB, at 100%: B MiB, peak C MiB, drift D%, beyond the heap: E -> F MiB
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$root/target/soak}"
videos="${VIDEOS:-1000}"
minutes="${LONG_MINUTES:-30}"
interval="${INTERVAL:-1}"
cd "$root"

command -v ffmpeg >/dev/null || { apt-get update -qq && apt-get install -y -qq ffmpeg >/dev/null; }
echo "soak: building" >&2
mvn -B -q -pl jobs -am test-compile >&2
export NLVIDEO_APP_CLASSPATH="$root/jobs/target/classes:$(cat jobs/target/runtime-classpath.txt)"
export NLVIDEO_CLUSTER_DIR="$dir/cluster" NLVIDEO_CLUSTER_WORKERS=1 NLVIDEO_WORKER_CORES=2 NLVIDEO_WORKER_MEMORY=3g

mkdir -p "$dir/short" "$dir/long"
if [ "$(ls "$dir/short" | wc -l)" -lt "$videos" ]; then
  echo "soak: making $videos short videos" >&2
  for i in $(seq 0 49); do  # 50 distinct clips, copied under 1000 names
    ffmpeg -v error -nostdin -y -f lavfi -i "testsrc2=size=160x120:rate=25:duration=2" \
      -vf "hue=h=$((i * 7))" -c:v libx264 -pix_fmt yuv420p "$dir/short/base-$i.mp4"
  done
  for i in $(seq 0 $((videos - 1))); do cp "$dir/short/base-$((i % 50)).mp4" "$dir/short/v$(printf %05d "$i").mp4"; done
  rm -f "$dir"/short/base-*.mp4
fi
long="$dir/long/long-${minutes}min.mp4"
if [ ! -f "$long" ]; then
  echo "soak: making a $minutes-minute video" >&2
  ffmpeg -v error -nostdin -y -f lavfi -i "testsrc2=size=160x120:rate=25:duration=$((minutes * 60))" \
    -c:v libx264 -preset veryfast -g 250 -pix_fmt yuv420p "$long"
fi

scripts/local-cluster.sh start >/dev/null
trap 'scripts/local-cluster.sh stop >/dev/null 2>&1 || true' EXIT

# The executor JVM the worker launched (standalone mode starts it as the worker's child).
executor_pid() {
  pgrep -P "$(cat "$NLVIDEO_CLUSTER_DIR/worker-1.pid")" -f CoarseGrainedExecutorBackend | head -n 1
}

# soak JOB INPUT TASKS [classify options...]
soak() {
  local job="$1" input="$2" tasks="$3"; shift 3
  local out="$dir/$job.out" samples="$dir/$job.rss.csv"
  rm -rf "$out"
  echo "seconds,progress,rss_mib,heap_mib" >"$samples"
  scripts/submit --conf spark.executor.memory=1g \
    --conf "spark.executor.extraJavaOptions=-Dai.djl.offline=true -Dorg.bytedeco.javacpp.logger=slf4j -Xms1g -XX:+AlwaysPreTouch" \
    classify --input "$input" --output "$out" --format json --partitions "$tasks" "$@" >"$dir/$job.log" 2>&1 &
  local submit=$! start=$SECONDS pid rss heap done
  while kill -0 "$submit" 2>/dev/null; do
    pid="$(executor_pid || true)"
    if [ -n "$pid" ]; then
      rss="$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null || true)"
      # committed heap: survivor 0 and 1, eden and old capacities (KiB)
      heap="$(jstat -gc "$pid" 2>/dev/null | awk 'NR == 2 {print int(($1 + $2 + $5 + $7) / 1024)}' || true)"
      done="$(ls "$out/_nlvideo/results" 2>/dev/null | grep -c 'jsonl.gz$' || true)"
      [ -n "$rss" ] && echo "$((SECONDS - start)),$(awk -v d="$done" -v t="$tasks" 'BEGIN {printf "%.3f", d / t}'),$rss,${heap:-0}" >>"$samples"
    fi
    sleep "$interval"
  done
  wait "$submit" || { echo "soak: $job failed, see $dir/$job.log" >&2; tail -n 20 "$dir/$job.log" >&2; exit 1; }
  python3 - "$job" "$samples" "$out/summary.json" "$((SECONDS - start))" <<'PY'
import csv, json, statistics, sys
job, samples, summary, seconds = sys.argv[1:]
rows = [(float(r["seconds"]), float(r["progress"]), int(r["rss_mib"]), int(r["heap_mib"]))
        for r in csv.DictReader(open(samples))]
first_done = next(i for i, r in enumerate(rows) if r[1] >= 1.0)
running = rows[: first_done + 1]
def mark(lo, hi):
    window = [r for r in running if lo <= r[1] <= hi]
    if not window:  # a fast job: the sample nearest the window
        window = [min(running, key=lambda r: abs(r[1] - (lo + hi) / 2))]
    return statistics.median(r[2] for r in window), statistics.median(r[2] - r[3] for r in window), len(window)
rss10, native10, n10 = mark(0.05, 0.15)
rss100, native100, n100 = mark(0.90, 1.0)
peak = max(r[2] for r in rows)
c = json.load(open(summary))["counts"]
drift = (rss100 - rss10) / rss10 * 100
print(f"soak {job}: {c['inputs']} videos ({c['predicted']} predicted, {c['views_classified']} views), {seconds} s, "
      f"rss at 10%: {rss10:.0f} MiB, at 100%: {rss100:.0f} MiB, peak {peak} MiB, drift {drift:+.1f}%, "
      f"beyond the heap: {native10:.0f} -> {native100:.0f} MiB ({n10} and {n100} samples)")
PY
}

soak short "$dir/short" 100
soak long "$dir/long" 50 --sampling dense --dense-interval 2
soak long-1s "$dir/long" 100 --sampling dense --dense-interval 1
