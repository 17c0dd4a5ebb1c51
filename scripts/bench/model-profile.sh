#!/usr/bin/env bash
# Where NL-I3D forward time goes, per stem / stage bottlenecks / non-local blocks / head.
# Usage: scripts/bench/model-profile.sh [preset=i3d-nl5-r50-32x2] [reps=3] [batch=1] [folded|unfolded]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -q -pl model test-compile
cp_file="$PWD/model/target/bench.classpath"
mvn -o -q -pl model dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Xmx8g -Dai.djl.offline=true \
  -cp "model/target/test-classes:model/target/classes:$(cat "$cp_file")" \
  nlvideo.model.bench.LayerProfile "$@"
