#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, loopback only: one master and N workers
# (separate JVMs, executors launched by the workers as further JVMs), for trying scripts/submit
# and for the cluster test.
#
#   scripts/local-cluster.sh start    starts it (or finds it running), waits until every worker
#                                     has registered, prints the master URL on stdout
#   scripts/local-cluster.sh status   prints the master URL and what the master sees; exit 3 if down
#   scripts/local-cluster.sh stop     stops the workers (and their executors) and the master
#
# Environment (defaults in brackets):
#   NLVIDEO_CLUSTER_DIR      state: pids, logs, worker dirs [runtime/cluster]
#   NLVIDEO_CLUSTER_WORKERS  number of workers [2]
#   NLVIDEO_WORKER_CORES     cores each worker offers [1]
#   NLVIDEO_WORKER_MEMORY    memory each worker offers to executors [3g]
#   NLVIDEO_WORKER_GPUS      GPUs each worker offers, found by conf/gpu-discovery.sh [0]
#   NLVIDEO_MASTER_PORT, NLVIDEO_MASTER_WEBUI_PORT  [free ports picked at start]
#   NLVIDEO_CLUSTER_TIMEOUT  seconds to wait for the workers to register [90]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib/spark.sh"

DIR="${NLVIDEO_CLUSTER_DIR:-$ROOT/runtime/cluster}"
WORKERS="${NLVIDEO_CLUSTER_WORKERS:-2}"
CORES="${NLVIDEO_WORKER_CORES:-1}"
MEMORY="${NLVIDEO_WORKER_MEMORY:-3g}"
GPUS="${NLVIDEO_WORKER_GPUS:-0}"
TIMEOUT="${NLVIDEO_CLUSTER_TIMEOUT:-90}"
HOST=127.0.0.1

usage() {
  echo "usage: $(basename "$0") start|stop|status" >&2
  exit 2
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# A port nobody listens on now (the daemons are told not to move to another one if it is taken).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_in_use() {
  python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null && return 1 || return 0
}

# The master's JSON view, or nothing when it does not answer.
master_json() {
  curl -sf --max-time 2 "$(cat "$DIR/master.webui")/json/" 2>/dev/null || true
}

alive_workers() {
  jq '[.workers[] | select(.state == "ALIVE")] | length' <<<"$1" 2>/dev/null || echo 0
}

# Starts one daemon in its own session, so that stop can end it together with the executors
# it launched (they stay in its process group).
launch() {
  local name="$1"; shift
  # shellcheck disable=SC2086
  setsid "${JAVA:-java}" $(nlvideo_add_opens) -Xmx512m -Dspark.port.maxRetries=0 \
    -cp "$(nlvideo_spark_classpath)" "$@" >"$DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/$name.pid"
}

fail_start() {
  echo "local-cluster.sh: $*" >&2
  for log in "$DIR"/*.log; do
    [ -f "$log" ] || continue
    [ -s "$log" ] || continue
    echo "--- $log (first errors, last lines)" >&2
    grep -m 3 -E "ERROR|Exception" "$log" >&2 || true
    tail -n 5 "$log" >&2
  done
  stop_all >&2
  exit 1
}

start() {
  if alive "$DIR/master.pid" && [ -f "$DIR/master.url" ]; then
    local json; json="$(master_json)"
    if [ -n "$json" ] && [ "$(alive_workers "$json")" -ge "$WORKERS" ]; then
      cat "$DIR/master.url"
      return 0
    fi
    echo "local-cluster.sh: a cluster in $DIR is only partly up; restarting it" >&2
    stop_all >&2
  fi
  [[ "$WORKERS" =~ ^[1-9][0-9]*$ ]] || nlvideo_die "NLVIDEO_CLUSTER_WORKERS must be a positive number, not '$WORKERS'"
  nlvideo_spark_env
  export SPARK_LOCAL_IP="$HOST"
  rm -rf "$DIR"
  mkdir -p "$DIR"
  local port="${NLVIDEO_MASTER_PORT:-$(free_port)}" webui="${NLVIDEO_MASTER_WEBUI_PORT:-$(free_port)}"
  for p in "$port" "$webui"; do
    port_in_use "$p" && nlvideo_die "port $p on $HOST is in use (NLVIDEO_MASTER_PORT / NLVIDEO_MASTER_WEBUI_PORT)"
  done
  echo "spark://$HOST:$port" >"$DIR/master.url"
  echo "http://$HOST:$webui" >"$DIR/master.webui"

  echo "local-cluster.sh: starting master spark://$HOST:$port (web UI http://$HOST:$webui), $WORKERS workers x $CORES core(s), $MEMORY" >&2
  launch master org.apache.spark.deploy.master.Master --host "$HOST" --port "$port" --webui-port "$webui"

  # Each application leaves its jars (about 150 MB) in every worker's folder: drop them an hour
  # after it ends.
  local worker_opts=(-Dspark.worker.cleanup.enabled=true -Dspark.worker.cleanup.interval=600
                     -Dspark.worker.cleanup.appDataTtl=3600)
  if [ "$GPUS" != 0 ]; then
    [ "$WORKERS" -eq 1 ] || echo "local-cluster.sh: warning: $WORKERS workers on one machine each claim the same GPUs; use NLVIDEO_CLUSTER_WORKERS=1" >&2
    worker_opts+=(-Dspark.worker.resource.gpu.amount="$GPUS"
                  -Dspark.worker.resource.gpu.discoveryScript="$ROOT/conf/gpu-discovery.sh")
  fi
  local i
  for ((i = 1; i <= WORKERS; i++)); do
    mkdir -p "$DIR/worker-$i"
    launch "worker-$i" "${worker_opts[@]}" org.apache.spark.deploy.worker.Worker \
      --host "$HOST" --port 0 --webui-port 0 --cores "$CORES" --memory "$MEMORY" \
      --work-dir "$DIR/worker-$i" "spark://$HOST:$port"
  done

  local deadline=$((SECONDS + TIMEOUT)) json registered=0
  while true; do
    for pid in "$DIR"/*.pid; do
      alive "$pid" || fail_start "$(basename "$pid" .pid) exited during start-up"
    done
    json="$(master_json)"
    [ -n "$json" ] && registered="$(alive_workers "$json")"
    [ "$registered" -ge "$WORKERS" ] && break
    [ "$SECONDS" -lt "$deadline" ] || fail_start "only $registered of $WORKERS workers registered within ${TIMEOUT}s"
    sleep 0.5
  done
  echo "local-cluster.sh: $registered workers registered" >&2
  cat "$DIR/master.url"
}

# Ends each daemon's process group, executors included: TERM to all (workers first), a bounded
# wait, then KILL for whatever is left.
stop_all() {
  local pidfile pid pids=() deadline
  for pidfile in "$DIR"/worker-*.pid "$DIR"/master.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      pids+=("$pid")
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  deadline=$((SECONDS + 15))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  done
  for pidfile in "$DIR"/worker-*.pid "$DIR"/master.pid; do
    [ -f "$pidfile" ] || continue
    kill -KILL -- "-$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
  echo "local-cluster.sh: stopped ${#pids[@]} daemon(s) in $DIR"
}

status() {
  if ! alive "$DIR/master.pid"; then
    echo "local-cluster.sh: no cluster running in $DIR"
    exit 3
  fi
  local json; json="$(master_json)"
  [ -n "$json" ] || { echo "local-cluster.sh: master process is up but its web UI does not answer"; exit 3; }
  cat "$DIR/master.url"
  jq -r '"workers alive: \([.workers[] | select(.state == "ALIVE")] | length), cores: \(.cores), memory: \(.memory) MB",
         (.activeapps[] | "running app: \(.id) \(.name)"),
         "completed apps: \(.completedapps | length)"' <<<"$json"
}

[ $# -eq 1 ] || usage
case "$1" in
  start) start ;;
  stop) stop_all ;;
  status) status ;;
  *) usage ;;
esac
