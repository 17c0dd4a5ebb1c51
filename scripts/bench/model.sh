#!/usr/bin/env bash
# Forward throughput of NL-I3D R50 (8x8 and 32x2 at 224), BN unfolded and folded, vs one large
# conv3d measured alternately (the machine is shared: compare ratios), wall and CPU time; then bf16.
# Usage: scripts/bench/model.sh [reps=3] [batch=1]
# Last line: "model: A GFLOP/s, conv3d: B GFLOP/s, ratio: A/B".
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -q -pl model test-compile
cp_file="$PWD/model/target/bench.classpath"
mvn -o -q -pl model dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
exec java -Xmx8g -Dai.djl.offline=true \
  -cp "model/target/test-classes:model/target/classes:$(cat "$cp_file")" \
  nlvideo.model.bench.ModelBench "$@"
