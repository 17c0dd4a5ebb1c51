#!/usr/bin/env bash
# bf16 against fp32 inference (--precision) on this CPU, in one run:
#  1. the demo model (trained weights) on the README's 200 fresh synthetic-motion videos (seed 7):
#     `evaluate --precision fp32`, then bf16: top-1 of each, labels that agree, classify-stage time;
#  2. PrecisionBench on PRESET (default pyslowfast-i3d-nln-8x8-r50): forward time per clip with the
#     two precisions alternating (min, median, max of REPS), then the largest deviation bf16 makes
#     in scores and in pool5 on the videos of DIR (1 clip x 1 centre crop, short side 256, crop
#     224), with WEIGHTS; before it, the same deviations under PyTorch's own bf16 autocast
#     (pytorch_reference/autocast_deviation.py) when DIR and WEIGHTS are vs-pytorch.sh's.
# Usage: scripts/bench/precision.sh [DIR]
#   DIR defaults to scripts/bench/vs-pytorch.sh's videos, WEIGHTS to its seed-0 Caffe2 pickle (run
#   vs-pytorch.sh first; without the pickle the network has seeded random weights).
# Env: REPS (7), PRESET, WEIGHTS, WORK (target/bench-precision)
# Last line: bf16: A s, fp32: B s per forward (medians), speed-up: B/A; largest score deviation ...
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${WORK:-$root/target/bench-precision}"
videos="${1:-$root/target/bench-vs-pytorch/videos}"
preset="${PRESET:-pyslowfast-i3d-nln-8x8-r50}"
# the newest seed-0 pickle vs-pytorch.sh drew (its name carries the drawing code's version)
weights="${WEIGHTS:-$(ls -t "$root"/target/bench-vs-pytorch/weights-seed0-*.pkl 2>/dev/null | head -n 1)}"
cd "$root"
lscpu | grep -E "^Model name|^Flags" | sed 's/^Flags:.*/bf16 flags:'"$(grep -o -w 'avx512_bf16\|amx_bf16\|amx_tile' /proc/cpuinfo | sort -u | tr '\n' ' ')"'/'

ROOT="$root"
source "$root/scripts/lib/build.sh"
nlvideo_build_if_needed
mvn -o -q -pl jobs -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2

# 1. the trained demo model
mkdir -p "$work"
if [ ! -f "$work/demo/test.csv" ]; then
  scripts/nlvideo make-dataset --output "$work/demo" --seed 7 --train 0 --val 0 --test 200 --overwrite >&2
fi
# video_id, label and its score per prediction, sorted by video
labels() {
  cat "$1"/predictions.json |
    sed -n 's/.*"video_id":"\([^"]*\)".*"label":"\([^"]*\)","score":\([^,]*\),.*/\1 \2 \3/p' | sort
}
for precision in fp32 bf16; do
  scripts/nlvideo evaluate --input "$work/demo/test.csv" --model demo-nl-i3d \
    --weights conf/weights/demo-nl-i3d.nlw --labels synthetic-motion --master 'local[2]' \
    --precision "$precision" --format json --output "$work/demo-$precision" --overwrite >/dev/null \
    2> >(grep -v " WARN \| INFO \|Warning: AutoNonVariableTypeMode" >&2)
done
top1() { grep -o '"top1" : [0-9.]*' "$1/summary.json" | head -n 1 | awk '{print $3}'; }
stage() { grep -o '"classify" : [0-9.]*' "$1/summary.json" | awk '{print $3}'; }
agreement="$(join <(labels "$work/demo-fp32") <(labels "$work/demo-bf16") | awk '
  $2 == $4 { same++; d = $3 - $5; if (d < 0) d = -d; if (d > worst) worst = d }
  END { printf "same label on %d, top-1 score moved by up to %.2e", same, worst }')"
echo "demo-nl-i3d, 200 videos: top-1 fp32 $(top1 "$work/demo-fp32"), bf16 $(top1 "$work/demo-bf16");" \
  "$agreement; classify stage fp32 $(stage "$work/demo-fp32") s, bf16 $(stage "$work/demo-bf16") s"

# 2. the R50 network. First PyTorch's own autocast on the same weights and videos (vs-pytorch.sh's),
# the reference for how far bf16 moves this network's outputs.
list="$root/target/bench-vs-pytorch/1x1/videos.txt"
if [ -z "${1:-}" ] && [ -n "$weights" ] && [ -f "$list" ]; then
  (cd scripts/bench/pytorch_reference && PYTHONDONTWRITEBYTECODE=1 OPENBLAS_NUM_THREADS=2 \
    LD_LIBRARY_PATH="$root/target/bench-vs-pytorch/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread" \
    /usr/bin/python3 autocast_deviation.py --videos "$list" --weights "$weights") \
    2> >(grep -v "deprecated pixel format\|repeated" >&2)
fi

# Then nlvideo's: speed, and deviations on the same videos
args=(--model "$preset" --clips 1 --crops 1 --short-side 256 --crop-size 224 --reps "${REPS:-7}")
[ -n "$weights" ] && [ -f "$weights" ] && args+=(--weights "$weights")
[ -d "$videos" ] && args+=(--videos "$videos")
ADD_OPENS="$(sed -n 's:.*<spark.add.opens>\(.*\)</spark.add.opens>.*:\1:p' pom.xml)"
# shellcheck disable=SC2086
java -Xmx6g $ADD_OPENS -Dai.djl.offline=true -Dnlvideo.home="$root" \
  -cp "jobs/target/test-classes:jobs/target/classes:$(cat jobs/target/bench.cp)" \
  nlvideo.jobs.bench.PrecisionBench "${args[@]}" 2> >(grep -v " WARN \| INFO \|Warning: AutoNonVariableTypeMode" >&2)
