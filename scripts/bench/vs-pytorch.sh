#!/usr/bin/env bash
# nlvideo against a PyTorch pipeline in Python (scripts/bench/pytorch_reference/) on the same
# videos, protocol and weights, run one after the other in this run with 2 threads each:
# `nlvideo classify --model pyslowfast-i3d-nln-8x8-r50` on Spark local[2] (one inference thread
# with 2 PyTorch threads) and classify.py (PyAV decoding, PySlowFast's test sampling, the NL-I3D
# R50 network in PyTorch, torch.set_num_threads(2)), for 1 clip x 1 crop and 10 clips x 3 crops
# (short side 256, crop 224, batches of BATCH views), after one untimed nlvideo run. Both load one
# Caffe2 pickle of seeded random weights (make_weights.py). Times are the wall time of each whole
# command, start-up and weight import included. Then compare.py checks that both computed the same
# scores (see its doc).
#
# Usage: scripts/bench/vs-pytorch.sh [DIR]
#   DIR: the videos (any depth). Missing: `nlvideo make-samples` plus 720p and 1080p clips made
#   with the ffmpeg command line, under $WORK/videos.
# Env: PROTOCOLS ("1x1 10x3": CLIPSxCROPS), BATCH (4), SEED (0), WORK (target/bench-vs-pytorch),
#      ROUNDS (1: pairs of runs per protocol; the best time of each side counts)
# Prints per protocol `CxK: nlvideo: A s, pytorch: B s, speed-up: B/A` and the check; last line,
# over all protocols: `nlvideo: A s, pytorch: B s, speed-up: B/A`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${WORK:-$root/target/bench-vs-pytorch}"
protocols="${PROTOCOLS:-1x1 10x3}"
batch="${BATCH:-4}"
rounds="${ROUNDS:-1}"
seed="${SEED:-0}"
python=/usr/bin/python3 # Debian's python3-torch and python3-av live there, not in a pyenv python
reference="$root/scripts/bench/pytorch_reference"
preset=pyslowfast-i3d-nln-8x8-r50
export PYTHONDONTWRITEBYTECODE=1
cd "$root"
mkdir -p "$work"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! "$python" -c 'import torch, av' 2>/dev/null; then
  echo "installing python3-torch and python3-av from Debian" >&2
  as_root apt-get update -qq && as_root apt-get install -y -qq python3-torch python3-av >/dev/null
fi
if ! command -v ffmpeg >/dev/null; then
  as_root apt-get update -qq && as_root apt-get install -y -qq ffmpeg >/dev/null
fi
# Debian's PyTorch does its matrix products through the system BLAS, which is the unoptimised
# reference BLAS unless an optimised one is installed: the non-local blocks and the convolutions
# PyTorch sends to BLAS would then take most of the time (measured here: a forward twice as slow).
# So the reference runs on OpenBLAS, as a PyTorch user's setup would: the system's when it is the
# selected BLAS, else Debian's libopenblas0-pthread unpacked under $work for the reference's
# processes only (the system's selection is left alone).
blas="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
blas_path=""
if [[ "$blas" != *openblas* && "$blas" != *mkl* ]]; then
  blas_path="$work/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread"
  if [ ! -f "$blas_path/libblas.so.3" ]; then
    mkdir -p "$work/openblas"
    (cd "$work/openblas" && apt-get download libopenblas0-pthread >/dev/null 2>&1 && dpkg -x libopenblas0-pthread_*.deb .) ||
      { echo "cannot fetch Debian's libopenblas0-pthread (apt-get download)" >&2; exit 1; }
  fi
  blas="$blas_path/libblas.so.3"
fi
reference_python() {
  (cd "$reference" && LD_LIBRARY_PATH="$blas_path${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" OPENBLAS_NUM_THREADS=2 \
    "$python" "$@")
}
echo "pytorch side: $(reference_python -c 'import torch, av; print("torch", torch.__version__, "PyAV", av.__version__)'), BLAS $blas" >&2

# Build before any timing: the launcher's jar, and the test classes for FrameDump.
ROOT="$root"
source "$root/scripts/lib/build.sh"
nlvideo_build_if_needed
mvn -o -q -pl jobs -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
ADD_OPENS="$(sed -n 's:.*<spark.add.opens>\(.*\)</spark.add.opens>.*:\1:p' pom.xml)"
frame_dump() {
  # shellcheck disable=SC2086
  java -Xmx4g $ADD_OPENS -Dai.djl.offline=true -Dnlvideo.home="$root" \
    -cp "jobs/target/test-classes:jobs/target/classes:$(cat jobs/target/bench.cp)" \
    nlvideo.jobs.bench.FrameDump "$@"
}

videos="${1:-$work/videos}"
if [ -z "${1:-}" ] && [ ! -f "$videos/.complete" ]; then
  echo "making sample videos in $videos" >&2
  scripts/nlvideo make-samples --output "$videos" --overwrite >&2
  lavfi() { ffmpeg -v error -y -f lavfi -i "$1" "${@:2}"; }
  lavfi testsrc2=size=1280x720:rate=30:duration=4 -c:v libx264 -preset veryfast -pix_fmt yuv420p "$videos/hd720-h264.mp4"
  lavfi mandelbrot=size=1280x720:rate=25 -t 4 -c:v mpeg4 -q:v 4 "$videos/hd720-mpeg4.avi"
  lavfi testsrc=size=1920x1080:rate=30:duration=4 -c:v libx264 -preset veryfast -pix_fmt yuv420p "$videos/hd1080-h264.mp4"
  lavfi life=size=1920x1080:rate=30:mold=10:ratio=0.1:death_color=#C83232:life_color=#00ff00 -t 3 \
    -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 2M -pix_fmt yuv420p "$videos/hd1080-vp9.webm"
  touch "$videos/.complete"
fi

# cached per seed and version of the code that draws them
weights="$work/weights-seed$seed-$(cat "$reference"/{make_weights,nl_i3d,caffe2_pickle}.py | sha1sum | cut -c1-8).pkl"
if [ ! -f "$weights" ]; then
  reference_python make_weights.py --seed "$seed" --output "$weights" >&2
fi

# One untimed run first, as a user's first run after a build: it records the launcher's class archive
# (scripts/lib/cds.sh), which every later run uses, and reads the videos into the page cache.
echo "untimed first run (records the launcher's class archive)" >&2
scripts/nlvideo classify --input "$videos" --model "$preset" --weights "$weights" --clips 1 --crops 1 \
  --short-side 256 --crop-size 224 --master 'local[2]' --output "$work/first-run" --overwrite >/dev/null 2>&1 ||
  { echo "nlvideo classify failed on $videos" >&2; exit 1; }
now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }
total_nl=0
total_py=0
for protocol in $protocols; do
  clips="${protocol%x*}"
  crops="${protocol#*x}"
  out="$work/$protocol"
  mkdir -p "$out"
  echo "== $protocol: $clips clip(s) x $crops crop(s), batches of $batch views, load average$(uptime | sed "s/.*average//")" >&2

  # ROUNDS pairs, each nlvideo then the reference; the best time of each side counts (the
  # machine is shared: the best is the least disturbed)
  nl=""
  py=""
  for ((round = 1; round <= rounds; round++)); do
    t0="$(now)"
    scripts/nlvideo classify --input "$videos" --model "$preset" --weights "$weights" \
      --clips "$clips" --crops "$crops" --short-side 256 --crop-size 224 --batch-size "$batch" \
      --master 'local[2]' --all-scores --format json --output "$out/nlvideo" --overwrite \
      2> >(grep -v " WARN \| INFO \|Warning: AutoNonVariableTypeMode" >&2)
    t1="$(now)"
    # the same inputs, in nlvideo's order: every file classify accepted or reported
    cat "$out/nlvideo/predictions.json" $([ -f "$out/nlvideo/errors.json" ] && echo "$out/nlvideo/errors.json") | "$python" -c \
      'import json, sys; [print(json.loads(l)["path"]) for l in sys.stdin if l.strip()]' >"$out/videos.txt"
    t2="$(now)"
    reference_python classify.py --videos "$out/videos.txt" --weights "$weights" \
      --output "$out/pytorch.jsonl" --clips "$clips" --crops "$crops" --short-side 256 --crop-size 224 \
      --batch-size "$batch" --threads 2 2> >(grep "^pytorch:" >&2)
    t3="$(now)"
    views="$(grep -o '"views_classified" : [0-9]*' "$out/nlvideo/summary.json" | awk '{print $3}')"
    printf 'round %d: nlvideo %.1f s (%s), pytorch %.1f s; %d views; load average%s\n' "$round" \
      "$(calc "$t1 - $t0")" "$(grep -A4 '"timings_s"' "$out/nlvideo/summary.json" | tr -d '\n ')" \
      "$(calc "$t3 - $t2")" "$views" "$(uptime | sed 's/.*average//')" >&2
    nl="$(calc "${nl:-1e9} < $t1 - $t0 ? ${nl:-1e9} : $t1 - $t0")"
    py="$(calc "${py:-1e9} < $t3 - $t2 ? ${py:-1e9} : $t3 - $t2")"
  done
  total_nl="$(calc "$total_nl + $nl")"
  total_py="$(calc "$total_py + $py")"

  frame_dump --model "$preset" --clips "$clips" --crops "$crops" --short-side 256 --crop-size 224 \
    --videos "$out/videos.txt" --output "$out/frames" 2> >(grep -v " WARN \| INFO " >&2)
  reference_python compare.py --nlvideo "$out/nlvideo" --pytorch "$out/pytorch.jsonl" \
    --frames "$out/frames" --weights "$weights" --clips "$clips" --crops "$crops" --batch-size "$batch" \
    2> >(grep -v "deprecated pixel format\|repeated\|moov atom\|low score\|EOI missing" >&2) || check_failed=1
  printf '%s: nlvideo: %.1f s, pytorch: %.1f s, speed-up: %.2f\n' "$protocol" "$nl" "$py" "$(calc "$py / $nl")"
done
[ -z "${check_failed:-}" ] || echo "the check failed for at least one protocol (see above)"
printf 'nlvideo: %.1f s, pytorch: %.1f s, speed-up: %.2f\n' "$total_nl" "$total_py" "$(calc "$total_py / $total_nl")"
[ -z "${check_failed:-}" ]
