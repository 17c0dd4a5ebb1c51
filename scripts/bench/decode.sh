#!/usr/bin/env bash
# Decode + sample + resize + normalise throughput of the pipeline on ONE core, against the ffmpeg
# command line decoding the same files to rgb24 at the same size with one thread, in the same run.
# Usage: scripts/bench/decode.sh [DIR]   (DIR empty or missing: 20 H.264 320x240 5 s samples are made)
# Env: SHORT_SIDE (224), ROUNDS (3), MEMORY=0 to skip the 1000-video RSS run, SEEK=1 for seek timings.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$root/target/bench-videos}"
short="${SHORT_SIDE:-224}"
rounds="${ROUNDS:-3}"
cd "$root"

if ! command -v ffmpeg >/dev/null; then
  apt-get update -qq && apt-get install -y -qq ffmpeg >/dev/null
fi
mvn -o -q -pl pipeline test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
cp="pipeline/target/test-classes:pipeline/target/classes:$(cat pipeline/target/bench.cp)"
run() { taskset -c 0 java -Xmx2g -XX:ActiveProcessorCount=1 -cp "$cp" nlvideo.pipeline.bench.DecodeBench "$@"; }

if [ ! -d "$dir" ] || [ -z "$(ls -A "$dir" 2>/dev/null)" ]; then
  echo "making sample videos in $dir"
  run make "$dir" 20
fi
shopt -s nullglob
files=("$dir"/*.mp4)

java_line="$(run throughput "$dir" "$short" "$rounds")"
echo "$java_line"
java_fps="$(awk '{print $7}' <<<"$java_line")"

# ffmpeg: same files, same scaling rule (short side to $short, long side rounded), bilinear like
# JavaCV's default, rgb24, one decoding thread, one core; warm-up pass first.
vf="scale=w='round(iw*${short}/min(iw,ih))':h='round(ih*${short}/min(iw,ih))':flags=bilinear,format=rgb24"
ff() { taskset -c 0 ffmpeg -v error -nostdin -threads 1 -i "$1" -vf "$vf" -filter_threads 1 -f null - ; }
for f in "${files[@]}"; do ff "$f"; done
frames=0
for f in "${files[@]}"; do
  n="$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$f")"
  frames=$((frames + n))
done
start=$(date +%s.%N)
for r in $(seq "$rounds"); do for f in "${files[@]}"; do ff "$f"; done; done
end=$(date +%s.%N)
ff_fps="$(awk -v f="$frames" -v r="$rounds" -v s="$start" -v e="$end" 'BEGIN{printf "%.1f", f*r/(e-s)}')"
echo "ffmpeg frames $((frames * rounds)) seconds $(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.3f", e-s}') fps $ff_fps"

if [ "${SEEK:-0}" = "1" ] && [ -f "$dir/long-gop250.mp4.seek" ]; then
  run seek "$dir/long-gop250.mp4.seek"
fi
if [ "${MEMORY:-1}" = "1" ]; then
  run memory "$dir" "$short"
fi
echo "decode: $java_fps frames/s, ffmpeg: $ff_fps frames/s, ratio: $(awk -v a="$java_fps" -v b="$ff_fps" 'BEGIN{printf "%.2f", a/b}')"
