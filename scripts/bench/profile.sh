#!/usr/bin/env bash
# Where a command's CPU time goes, by library and by function: runs one scripts/nlvideo command
# under Linux perf (Debian's linux-perf; installed when missing) sampling every thread, then
# prints the share of samples per shared object (libtorch_cpu = the network, libavcodec and
# libswscale = decoding, [kernel.kallsyms] = system time such as page faults, libjvm and JIT code
# = Java) and the hottest functions. JIT-compiled Java shows as one "[JIT]" entry per thread.
# Usage: scripts/bench/profile.sh [--top N] <nlvideo command and options>
# Example: scripts/bench/profile.sh classify --input videos/ --model i3d-nl5-r50-8x8 --clips 1
# Env: PERF_FREQ (199 samples/s per CPU), PROFILE_DIR (target/profile): perf.data is kept there.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
top=25
if [ "${1:-}" = "--top" ]; then top="$2"; shift 2; fi
[ $# -gt 0 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
if ! command -v perf >/dev/null; then
  apt-get update -qq && apt-get install -y -qq linux-perf >/dev/null
fi
out="${PROFILE_DIR:-$ROOT/target/profile}"
mkdir -p "$out"
perf record -q -F "${PERF_FREQ:-199}" -g -o "$out/perf.data" -- "$ROOT/scripts/nlvideo" "$@"
echo "== samples per library ($out/perf.data)"
perf report -i "$out/perf.data" --no-children --sort dso --stdio 2>/dev/null |
  grep -E '^ +[0-9.]+%' | head -n 15
echo "== hottest functions"
perf report -i "$out/perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null |
  grep -E '^ +[0-9.]+%' | head -n "$top"
