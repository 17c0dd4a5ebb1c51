#!/usr/bin/env bash
# End-to-end classify on Spark local[2] against pure decoding time plus pure model time for the
# same clips, measured in the same JVM run right after it; and the job's warm forward time per
# view against the same forward alone (same network, batch and clips). Runs with the native
# allocator settings the launcher uses (scripts/lib/native-env.sh; NLVIDEO_NATIVE_ENV=0: without).
# Usage: scripts/bench/pipeline.sh [DIR] [VIDEOS=20] [CLIPS=4] [PRESET=i3d-nl5-r50-8x8] [BATCH=4]
#   (DIR empty or missing: VIDEOS H.264 320x240 samples are made)
# Last lines: "forward per view, job: A s, alone: B s, ratio: A/B (medians)", the same in CPU seconds
# (inference thread and its OpenMP workers; robust to other processes on the machine), and
#             "pipeline: A s, decode+model: B s, overhead: A/B"
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$ROOT/target/bench-pipeline/videos}"
cd "$ROOT"
mvn -q -o -pl jobs -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
cp="jobs/target/test-classes:jobs/target/classes:$(cat jobs/target/bench.cp)"
source scripts/lib/native-env.sh
nlvideo_native_env
ADD_OPENS="$(sed -n 's:.*<spark.add.opens>\(.*\)</spark.add.opens>.*:\1:p' pom.xml)"
# shellcheck disable=SC2086
java -Xmx6g $ADD_OPENS -Dai.djl.offline=true -Dnlvideo.progress.ms=600000 -cp "$cp" \
  nlvideo.jobs.bench.PipelineBench "$dir" "${2:-20}" "${3:-4}" "${4:-i3d-nl5-r50-8x8}" "${5:-4}" \
  2> >(grep -v " WARN \| INFO \|^SLF4J\|LegacyTypeDispatch" >&2)
