#!/usr/bin/env bash
# Decode + sample + resize + normalise throughput of the pipeline on ONE core, against the ffmpeg
# command line decoding the same files to rgb24 at the same size with one thread, in the same run;
# for three sources: 320x240 (JavaCV-written samples) and 1280x720 and 1920x1080 (ffmpeg-written
# H.264, noisy test pattern so that the decoder has real work).
# Usage: scripts/bench/decode.sh [DIR]   (DIR empty or missing: 20 H.264 320x240 5 s samples are made)
# Env: SHORT_SIDE (224), ROUNDS (3), HD=0 to skip 720p and 1080p, MEMORY=0 to skip the 1000-video
#      RSS run, SEEK=1 for seek timings, JIT (the JVM's compiler options; default
#      -XX:TieredStopAtLevel=1, as executors run; JIT= for HotSpot's default, C1 and C2).
# Lines "decode WxH: A frames/s, ffmpeg: B frames/s, ratio: A/B; per CPU-second ..." per source (the
# CPU-second figures hold better on a busy machine: both run on core 0, shared with whatever else
# runs there); last line "decode: lowest ratio per CPU-second R (...; wall-clock: ...)".
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$root/target/bench-videos}"
short="${SHORT_SIDE:-224}"
rounds="${ROUNDS:-3}"
cd "$root"

if ! command -v ffmpeg >/dev/null; then
  apt-get update -qq && apt-get install -y -qq ffmpeg >/dev/null
fi
mvn -o -q -pl pipeline -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
cp="pipeline/target/test-classes:pipeline/target/classes:$(cat pipeline/target/bench.cp)"
# the JIT compilers of the jobs' executors (conf/spark-defaults.conf) unless JIT says otherwise
jit="${JIT--XX:TieredStopAtLevel=1}"
# shellcheck disable=SC2086
run() { taskset -c 0 java -Xmx2g -XX:ActiveProcessorCount=1 $jit -cp "$cp" nlvideo.pipeline.bench.DecodeBench "$@"; }

if [ ! -d "$dir" ] || [ -z "$(ls -A "$dir" 2>/dev/null)" ]; then
  echo "making sample videos in $dir"
  run make "$dir" 20
fi
sources=("$dir")
if [ "${HD:-1}" = "1" ]; then
  for size in 1280x720 1920x1080; do
    hd="$root/target/bench-videos-$size"
    if [ -z "$(ls -A "$hd" 2>/dev/null)" ]; then
      mkdir -p "$hd"
      for i in 1 2 3; do
        ffmpeg -v error -nostdin -y -f lavfi -i "testsrc2=size=$size:rate=30:duration=3" \
          -vf "noise=alls=10:allf=t,hue=h=$((i * 90))" -c:v libx264 -preset veryfast -pix_fmt yuv420p \
          "$hd/hd-$i.mp4"
      done
    fi
    sources+=("$hd")
  done
fi

# ffmpeg: same files, same scaling rule (short side to $short, long side rounded), bilinear like
# JavaCV's default, rgb24, one decoding thread, one core; warm-up pass first.
vf="scale=w='round(iw*${short}/min(iw,ih))':h='round(ih*${short}/min(iw,ih))':flags=bilinear,format=rgb24"
ff() { taskset -c 0 ffmpeg -v error -nostdin -threads 1 -i "$1" -vf "$vf" -filter_threads 1 -f null - ; }
ratios=()
for src in "${sources[@]}"; do
  shopt -s nullglob
  files=("$src"/*.mp4)
  size="$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=s=x:p=0 "${files[0]}")"
  java_line="$(run throughput "$src" "$short" "$rounds")"
  echo "$size $java_line"
  java_fps="$(awk '{print $7}' <<<"$java_line")"
  for f in "${files[@]}"; do ff "$f"; done
  frames=0
  for f in "${files[@]}"; do
    n="$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$f")"
    frames=$((frames + n))
  done
  # wall, user and system seconds of the timed rounds, measured around one shell running them all
  read -r wall_s user_s sys_s < <({ /usr/bin/time -f "%e %U %S" bash -c '
      vf="$1" rounds="$2"; shift 2
      for r in $(seq "$rounds"); do for f in "$@"; do
        taskset -c 0 ffmpeg -v error -nostdin -threads 1 -i "$f" -vf "$vf" -filter_threads 1 -f null -
      done; done' _ "$vf" "$rounds" "${files[@]}" >/dev/null; } 2>&1 | tail -n 1)
  start=0 end="$wall_s"
  cpu="$(awk -v u="$user_s" -v s="$sys_s" 'BEGIN{printf "%.3f", u+s}')"
  ff_fps="$(awk -v f="$frames" -v r="$rounds" -v s="$start" -v e="$end" 'BEGIN{printf "%.1f", f*r/(e-s)}')"
  ff_cpu_fps="$(awk -v f="$frames" -v r="$rounds" -v c="$cpu" 'BEGIN{printf "%.1f", f*r/c}')"
  echo "$size ffmpeg frames $((frames * rounds)) seconds $(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.3f", e-s}') fps $ff_fps cpu_seconds $cpu fps_per_cpu_second $ff_cpu_fps"
  java_cpu_fps="$(awk '{print $11}' <<<"$java_line")"
  ratio="$(awk -v a="$java_fps" -v b="$ff_fps" 'BEGIN{printf "%.2f", a/b}')"
  cpu_ratio="$(awk -v a="$java_cpu_fps" -v b="$ff_cpu_fps" 'BEGIN{printf "%.2f", a/b}')"
  echo "decode $size: $java_fps frames/s, ffmpeg: $ff_fps frames/s, ratio: $ratio; per CPU-second $java_cpu_fps vs $ff_cpu_fps, ratio $cpu_ratio (load $(cut -d' ' -f1-3 /proc/loadavg))"
  ratios+=("$size $cpu_ratio $ratio")
done

if [ "${SEEK:-0}" = "1" ] && [ -f "$dir/long-gop250.mp4.seek" ]; then
  run seek "$dir/long-gop250.mp4.seek"
fi
if [ "${MEMORY:-1}" = "1" ]; then
  run memory "$dir" "$short"
fi
printf '%s\n' "${ratios[@]}" | sort -k2 -n | awk '{cpu = cpu (NR > 1 ? ", " : "") $1 " " $2; wall = wall (NR > 1 ? ", " : "") $1 " " $3
  if (NR == 1) low = $2} END {print "decode: lowest ratio per CPU-second " low " (" cpu "; wall-clock: " wall ")"}'
