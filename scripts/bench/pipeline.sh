#!/usr/bin/env bash
# End-to-end classify on Spark local[2] (tiny-nl-i3d, fixed protocol) against pure decoding time
# plus pure model time for the same clips, measured in the same JVM run.
# Usage: scripts/bench/pipeline.sh [DIR] [VIDEOS=48] [CLIPS=4]   (DIR empty or missing: H.264 samples are made)
# Last line: pipeline: A s, decode+model: B s, overhead: A/B
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$root/target/bench-pipeline/videos}"
cd "$root"
mvn -q -DskipTests install
mvn -q -pl jobs test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
cp="jobs/target/test-classes:jobs/target/classes:$(cat jobs/target/bench.cp)"
ADD_OPENS="$(sed -n 's:.*<spark.add.opens>\(.*\)</spark.add.opens>.*:\1:p' pom.xml)"
# shellcheck disable=SC2086
java -Xmx4g $ADD_OPENS -Dai.djl.offline=true -Dnlvideo.progress.ms=600000 -cp "$cp" \
  nlvideo.jobs.bench.PipelineBench "$dir" "${2:-48}" "${3:-4}" 2> >(grep -v " WARN \| INFO " >&2)
