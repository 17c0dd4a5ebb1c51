#!/usr/bin/env bash
# Fuzzing: N broken copies ("mutants") of real encoded files of every container and codec the
# project makes (scripts/nlvideo make-samples, plus a few more made with the ffmpeg command line
# when it is installed), through `probe` and through `classify`, one embedded job each. A clean run
# means: both jobs exit 0, every file has exactly one row (probe: every file; classify: every file
# with a video extension, as a prediction or an error row), no JVM crash, no hang (each job runs
# under a time limit).
#
# Usage: scripts/fuzz.sh [N=300] [SEED=1] [DIR=target/fuzz]
# Mutants: bytes flipped, cut short, container header fields set to extreme values, two files
# spliced, a range repeated or zeroed (jobs/src/test/java/nlvideo/jobs/fuzz/Mutants.java); the same
# N and SEED give the same mutants. When a run is not clean, each mutant is run alone to find the
# ones at fault; they are copied to DIR/failed/ with their seeds: keep them as regression tests
# (jobs/src/test/resources/fuzz/, read by FuzzRegressionTest).
# Last line: fuzz: N mutants, probe A s, classify B s, clean|NOT CLEAN
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-300}"
seed="${2:-1}"
dir="${3:-$root/target/fuzz}"
job_limit="${FUZZ_JOB_LIMIT:-1800}"
cd "$root"

echo "fuzz: building" >&2
mvn -B -q -pl jobs -am test-compile >&2
cp="jobs/target/test-classes:jobs/target/classes:$(cat jobs/target/runtime-classpath.txt)"
export NLVIDEO_APP_CLASSPATH="jobs/target/classes:$(cat jobs/target/runtime-classpath.txt)"
export NLVIDEO_JAVA_OPTS="${NLVIDEO_JAVA_OPTS:--Xmx3g}"

rm -rf "$dir"
mkdir -p "$dir"
scripts/nlvideo make-samples --output "$dir/seeds" >&2
rm -f "$dir/seeds/_nlvideo.json"
if command -v ffmpeg >/dev/null; then
  mk() { ffmpeg -v error -nostdin -f lavfi -i "testsrc2=size=160x120:rate=25:duration=2" "$@"; }
  mk -c:v libx265 -x265-params log-level=error "$dir/seeds/hevc.mkv" || true
  mk -c:v libvpx -b:v 200k "$dir/seeds/vp8.webm" || true
  mk -c:v libtheora "$dir/seeds/theora.ogv" || true
  mk -c:v mpeg2video "$dir/seeds/mpeg2.ts" || true
  mk -c:v libx264 -pix_fmt yuv420p "$dir/seeds/h264.mov" || true
  mk -c:v libx264 -flags +ildct+ilme -pix_fmt yuv420p "$dir/seeds/interlaced.mkv" || true
fi
echo "fuzz: seeds: $(ls "$dir/seeds" | tr '\n' ' ')" >&2
java -cp "$cp" nlvideo.jobs.fuzz.Mutants "$dir/seeds" "$dir/mutants" "$n" "$seed" >&2

# Runs probe or classify on a folder under the time limit; checks the exit code and the rows.
# Prints "ok SECONDS" or "FAIL reason".
check() {
  local command="$1" input="$2" out="$3" start status=0 extra=()
  [ "$command" = classify ] && extra=(--decode-timeout 20)
  start=$(date +%s.%N)
  timeout -s KILL "$job_limit" scripts/nlvideo "$command" --input "$input" --output "$out" --format json \
    --master 'local[2]' "${extra[@]}" >"$out.log" 2>&1 || status=$?
  local seconds; seconds=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
  if [ "$status" -ne 0 ]; then
    echo "FAIL exit $status (137: killed at the time limit or crashed) after $seconds s"
    return
  fi
  python3 - "$command" "$input" "$out" "$seconds" <<'PY'
import json, os, sys
command, folder, out, seconds = sys.argv[1:]
video_ext = {"mp4","m4v","mov","avi","mkv","webm","mpg","mpeg","m2v","flv","wmv","asf","3gp","3g2","ts",
             "mts","m2ts","vob","ogv","mxf","divx","f4v","y4m"}
files = sorted(f for f in os.listdir(folder) if os.path.isfile(os.path.join(folder, f)))
if command == "classify":
    files = [f for f in files if "." in f and f.rsplit(".", 1)[1].lower() in video_ext]
tables = ["probe"] if command == "probe" else ["predictions", "errors"]
seen = {}
for t in tables:
    # one file per table (TABLE.json), or Spark's folder of part files (TABLE/part-*)
    single = os.path.join(out, t + ".json")
    d = os.path.join(out, t)
    parts = [single] if os.path.isfile(single) else \
        [os.path.join(d, p) for p in sorted(os.listdir(d)) if p.startswith("part-")]
    for part in parts:
        for line in open(part, encoding="utf-8"):
            if line.strip():
                row = json.loads(line)
                name = os.path.basename(row["path"])
                seen[name] = seen.get(name, 0) + 1
twice = [f for f, c in seen.items() if c > 1]
missing = [f for f in files if f not in seen]
extra = [f for f in seen if f not in files]
if twice or missing or extra:
    print(f"FAIL rows: twice {twice[:5]}, missing {missing[:5]}, unexpected {extra[:5]}")
else:
    print(f"ok {seconds}")
PY
}

probe_result="$(check probe "$dir/mutants" "$dir/probe")"
echo "fuzz: probe: $probe_result" >&2
classify_result="$(check classify "$dir/mutants" "$dir/classify")"
echo "fuzz: classify: $classify_result" >&2
if [[ "$classify_result" == ok* ]]; then
  python3 - "$dir/classify/summary.json" <<'PY' >&2
import json, sys
s = json.load(open(sys.argv[1]))
c = s["counts"]
print(f"fuzz: classify counts: {c['inputs']} inputs, {c['predicted']} predicted, {c['failed']} failed "
      f"{json.dumps(c['failed_by_kind'])}, failed task attempts {c.get('failed_task_attempts')}")
PY
fi

clean=clean
if [[ "$probe_result" != ok* || "$classify_result" != ok* ]]; then
  clean="NOT CLEAN"
  echo "fuzz: not clean; running each mutant alone to find the ones at fault" >&2
  mkdir -p "$dir/failed" "$dir/alone"
  for f in "$dir"/mutants/*; do
    name="$(basename "$f")"
    one="$dir/alone/$name.d"
    mkdir -p "$one/in"
    cp "$f" "$one/in/"
    for command in probe classify; do
      result="$(check "$command" "$one/in" "$one/$command")"
      if [[ "$result" != ok* ]]; then
        echo "fuzz: $name: $command: $result" | tee -a "$dir/failed/README" >&2
        cp "$f" "$dir/failed/"
        grep "^$name," "$dir/mutants.csv" >>"$dir/failed/mutants.csv" || true
        break
      fi
    done
  done
fi
probe_s="${probe_result#ok }"
classify_s="${classify_result#ok }"
echo "fuzz: $n mutants, probe ${probe_s} s, classify ${classify_s} s, $clean"
[ "$clean" = clean ]
