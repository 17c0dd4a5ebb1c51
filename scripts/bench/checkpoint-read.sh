#!/usr/bin/env bash
# Times the pure-Java Caffe2 pickle reader on a synthetic R50-sized checkpoint (about 35M float32
# values, ~140 MB, written by python3 + numpy at protocol 2, i.e. with _codecs.encode bytes).
# Needs python3 with numpy (a local aid only) and `mvn -o -q -pl model compile` first.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/r50.pkl" <<'PY'
import pickle, sys
import numpy as np
rng = np.random.default_rng(0)
blobs = {'res4_%d_branch2b_w' % i: rng.standard_normal((256, 256, 1, 3, 3), dtype=np.float32) for i in range(60)}
with open(sys.argv[1], 'wb') as f:
    pickle.dump({'blobs': blobs}, f, protocol=2)
PY
cat > "$work/Bench.java" <<'JAVA'
import java.nio.file.Path;
public class Bench {
    public static void main(String[] a) throws Exception {
        Path p = Path.of(a[0]);
        for (int run = 0; run < 3; run++) {
            long t0 = System.nanoTime();
            var m = nlvideo.model.checkpoint.Caffe2CheckpointReader.read(p);
            double s = (System.nanoTime() - t0) / 1e9;
            long n = m.values().stream().mapToLong(t -> t.data().length).sum();
            System.out.printf("run %d: %d tensors, %.1f M floats, %.2f s, %.0f MB/s%n",
                    run, m.size(), n / 1e6, s, java.nio.file.Files.size(p) / 1e6 / s);
        }
    }
}
JAVA
java -Xmx4g -cp model/target/classes "$work/Bench.java" "$work/r50.pkl"
