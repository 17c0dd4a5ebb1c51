# Shared by scripts/nlvideo, scripts/submit and the benchmarks: the environment the native
# libraries (PyTorch, FFmpeg) of an nlvideo JVM should run with. Source it after setting ROOT.

# Exports every spark.executorEnv.NAME VALUE of conf/spark-defaults.conf (the one place these
# are defined, so that cluster executors and embedded JVMs get the same) unless NAME is already
# set in the environment; LD_PRELOAD only when its library exists here (else a hint, once, on
# stderr). NLVIDEO_NATIVE_ENV=0 exports nothing (to measure without them).
nlvideo_native_env() {
  [ "${NLVIDEO_NATIVE_ENV:-1}" != "0" ] || return 0
  local name value
  while read -r name value; do
    [ -n "$name" ] || continue
    [ -z "${!name+x}" ] || continue
    if [ "$name" = LD_PRELOAD ] && [ ! -e "$value" ]; then
      echo "nlvideo: $value not found: forwards run slower on glibc's allocator (apt-get install libtcmalloc-minimal4)" >&2
      continue
    fi
    export "$name=$value"
  done < <(sed -n 's/^spark\.executorEnv\.\([A-Za-z_][A-Za-z0-9_]*\)[[:space:]]\{1,\}\(.*[^[:space:]]\)[[:space:]]*$/\1 \2/p' \
             "$ROOT/conf/spark-defaults.conf")
}
