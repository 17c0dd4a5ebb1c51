#!/usr/bin/env bash
# Forward throughput of NL-I3D R50 (8x8 and 32x2 at 224), BN unfolded and folded, vs one large
# conv3d measured alternately (the machine is shared: compare ratios), wall and CPU time, as the
# spread (min / median / max) of REPS repetitions; then bf16. Runs with the native allocator settings
# the jobs use (conf/spark-defaults.conf, scripts/lib/native-env.sh; NLVIDEO_NATIVE_ENV=0: without).
# Usage: scripts/bench/model.sh [reps=10] [batch=1] [threads=all] [presets=i3d-nl5-r50-8x8,i3d-nl5-r50-32x2] [crop=224]
# Env: UNFOLDED=0 measures BN folded only.
# Last line: "model: A GFLOP/s, conv3d: B GFLOP/s, ratio: A/B".
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
mvn -o -q -pl model test-compile
cp_file="$PWD/model/target/bench.classpath"
mvn -o -q -pl model dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
source scripts/lib/native-env.sh
nlvideo_native_env
exec java -Xmx8g -Dai.djl.offline=true \
  -cp "model/target/test-classes:model/target/classes:$(cat "$cp_file")" \
  nlvideo.model.bench.ModelBench "$@"
