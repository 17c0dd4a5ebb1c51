# Shared by scripts/nlvideo (and the benchmarks that mean to run as it does): which of the JVM's
# just-in-time compilers an embedded nlvideo JVM uses.
#
# On a machine with few cores, HotSpot's optimising compiler (C2) competes with the forwards for
# the CPU: on 2 cores it spent about 5 CPU-seconds compiling Spark's and the job's code during
# vs-pytorch.sh's 1 clip x 1 crop job (16 s of user time in a 10 s run), while the hot loops are
# native (FFmpeg, libtorch). The quick compiler alone (C1, -XX:TieredStopAtLevel=1) gave 8.1 s
# against 10.2 s for that job, and 93 s against 96 s for its 10 clips x 3 crops job. The one hot
# Java loop, ClipTransform's, is written to run as fast under C1 (scripts/bench/decode.sh runs C1).
# Cluster executors run C1 too (conf/spark-defaults.conf). With more cores C2 works on spare ones,
# so both compilers stay.
#
# Prints the JVM options: "-XX:TieredStopAtLevel=1" with NLVIDEO_JIT=c1, or with NLVIDEO_JIT=auto
# (the default) on at most 4 CPUs (nproc) unless NLVIDEO_JAVA_OPTS already chooses
# -XX:TieredStopAtLevel or -XX:[+-]TieredCompilation; nothing with NLVIDEO_JIT=c2.
# Exits 2 with a message for any other NLVIDEO_JIT.
nlvideo_jit_opts() {
  case "${NLVIDEO_JIT:-auto}" in
    c1) echo "-XX:TieredStopAtLevel=1" ;;
    c2) ;;
    auto)
      case " ${NLVIDEO_JAVA_OPTS:-} " in
        *" -XX:TieredStopAtLevel="* | *" -XX:+TieredCompilation "* | *" -XX:-TieredCompilation "*) return 0 ;;
      esac
      if [ "$(nproc)" -le 4 ]; then
        echo "-XX:TieredStopAtLevel=1"
      fi
      ;;
    *)
      echo "nlvideo: NLVIDEO_JIT must be auto, c1 or c2, not '$NLVIDEO_JIT'" >&2
      return 2
      ;;
  esac
}
