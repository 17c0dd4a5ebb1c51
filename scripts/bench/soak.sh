#!/usr/bin/env bash
# Memory soak: does an executor's memory stay flat over a long job? Two classify jobs on the local
# standalone cluster (one worker, one executor JVM with two task slots), through scripts/submit:
#   1. 1,000 short videos (2 s, 160x120 H.264), tiny-nl-i3d, the preset's protocol;
#   2. one 30-minute video (160x120, 25 fps, 45,000 frames) with dense sampling every 2 s (900 clips).
# The executor's resident set (VmRSS) is sampled every INTERVAL seconds together with the job's
# progress (tasks committed of all tasks); the drift is the RSS when the job finishes against the
# RSS at the 10% mark: (rss_100 - rss_10) / rss_10. Target: below 5%.
#
# Usage: scripts/bench/soak.sh [DIR=target/soak]   Env: VIDEOS (1000), LONG_MINUTES (30), INTERVAL (2)
# Samples: DIR/<job>.rss.csv (seconds, progress, rss_mib). Last lines, one per job:
#   soak <job>: N videos, T s, rss at 10%: A MiB, at 100%: B MiB, peak C MiB, drift D%
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$root/target/soak}"
videos="${VIDEOS:-1000}"
minutes="${LONG_MINUTES:-30}"
interval="${INTERVAL:-2}"
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
  echo "seconds,progress,rss_mib" >"$samples"
  scripts/submit --conf spark.executor.memory=2g classify --input "$input" --output "$out" --format json \
    --partitions "$tasks" "$@" >"$dir/$job.log" 2>&1 &
  local submit=$! start=$SECONDS pid rss done
  while kill -0 "$submit" 2>/dev/null; do
    pid="$(executor_pid || true)"
    if [ -n "$pid" ]; then
      rss="$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null || true)"
      done="$(ls "$out/_nlvideo/results" 2>/dev/null | grep -c 'jsonl.gz$' || true)"
      [ -n "$rss" ] && echo "$((SECONDS - start)),$(awk -v d="$done" -v t="$tasks" 'BEGIN {printf "%.3f", d / t}'),$rss" >>"$samples"
    fi
    sleep "$interval"
  done
  wait "$submit" || { echo "soak: $job failed, see $dir/$job.log" >&2; tail -n 20 "$dir/$job.log" >&2; exit 1; }
  python3 - "$job" "$samples" "$out/summary.json" "$((SECONDS - start))" <<'PY'
import csv, json, sys
job, samples, summary, seconds = sys.argv[1:]
rows = [(float(r["seconds"]), float(r["progress"]), int(r["rss_mib"])) for r in csv.DictReader(open(samples))]
at10 = next(r for r in rows if r[1] >= 0.10)
done = [r for r in rows if r[1] >= 1.0] or rows[-1:]
at100 = done[0]
peak = max(r[2] for r in rows)
c = json.load(open(summary))["counts"]
drift = (at100[2] - at10[2]) / at10[2] * 100
print(f"soak {job}: {c['inputs']} videos ({c['predicted']} predicted, {c['views_classified']} views), {seconds} s, "
      f"rss at 10%: {at10[2]} MiB, at 100%: {at100[2]} MiB, peak {peak} MiB, drift {drift:+.1f}% "
      f"({len(rows)} samples)")
PY
}

soak short "$dir/short" 100
soak long "$dir/long" 50 --sampling dense --dense-interval 2
