# Class-data sharing for the launcher's JVM (JDK 17's dynamic AppCDS archive). Source it after
# setting ROOT to the repository root.
#
# A short job spends seconds loading classes: the JVM searches the class path's ~190 jars one by
# one for each of the thousands of classes Spark, DJL and JavaCV load. An archive of the classes
# one run loaded lets later runs map them in at once (measured on vs-pytorch.sh's 1x1 job: about
# 1.7 s less). Each command (classify, evaluate, ...) has its own archive, since each loads its own
# classes: the command's first run after each build records it at exit, and every later run of
# that command uses it. Archives live beside the build (jobs/target/nlvideo-cds-KEY-COMMAND.jsa,
# KEY naming the java binary), so a rebuild, a jar newer than the archive, or another JDK makes
# new ones, and `mvn clean` removes them.
#
# Off when NLVIDEO_CDS=0, when NLVIDEO_JAVA_OPTS already sets -Xshare or an archive, or when
# jobs/target is not writable. The JVM's CDS messages are off (-Xlog:cds=off), so stdout carries
# only the command's own output; a JVM that cannot use an archive (another JDK, changed jars)
# runs without it. A first run that did little (a folder with nothing to classify) leaves a small
# archive that later runs gain little from: remove jobs/target/nlvideo-cds-*.jsa to record again.

# Prints the archive path for this build, JDK and command, given the launcher's arguments (the
# command first), or fails when class-data sharing is off: also for runs that only print help or
# the version (they load few classes, and an archive would cost them more than it saves).
nlvideo_cds_archive() {
  local command="${1:-}" arg
  [[ "$command" =~ ^[a-z][a-z-]*$ ]] || return 1
  for arg in "$@"; do
    case "$arg" in -h | --help | -V | --version) return 1 ;; esac
  done
  [ "${NLVIDEO_CDS:-1}" != 0 ] || return 1
  case " ${NLVIDEO_JAVA_OPTS:-} " in
    *SharedArchiveFile* | *ArchiveClassesAtExit* | *-Xshare*) return 1 ;;
  esac
  local dir="$ROOT/jobs/target" java key
  [ -w "$dir" ] || return 1
  java="$(readlink -f "$(command -v "${JAVA:-java}")")" || return 1
  key="$({ echo "$java"; stat -c %Y "$java"; } | cksum | cut -d' ' -f1)"
  echo "$dir/nlvideo-cds-$key-$command.jsa"
}

# Runs the java command line "$@" with the archive $1 for the class path $2 (both taken off the
# arguments), and never returns. With an archive newer than the build and than every entry of the
# class path (a jar rebuilt by hand would make the JVM ignore it), it execs the JVM. Otherwise the JVM records a new archive
# at exit into a file of its own (several first runs may overlap), which replaces the old one by
# an atomic rename when the command succeeded or was stopped by a signal; the JVM then runs as a
# child (signals INT, TERM and HUP are passed on as TERM) and its exit status is returned.
nlvideo_cds_run() {
  local archive="$1" entries
  IFS=: read -ra entries <<<"$2"
  shift 2
  local quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
  if [ -f "$archive" ] && [ "$archive" -nt "$ROOT/jobs/target/classpath.txt" ] &&
    [ -z "$(find "${entries[@]}" -maxdepth 0 -newer "$archive" -print -quit 2>/dev/null)" ]; then
    exec "$1" -XX:SharedArchiveFile="$archive" "${quiet[@]}" "${@:2}"
  fi
  local tmp="$archive.$$.tmp" pid rc=0
  # (stdin passed on explicitly: a background command's would be /dev/null)
  "$1" -XX:ArchiveClassesAtExit="$tmp" "${quiet[@]}" "${@:2}" <&0 &
  pid=$!
  trap 'kill -TERM "$pid" 2>/dev/null || true' INT TERM HUP
  wait "$pid" || rc=$?
  while kill -0 "$pid" 2>/dev/null; do # a signal ended wait early: wait for the JVM's own exit
    rc=0
    wait "$pid" || rc=$?
  done
  trap - INT TERM HUP
  # kept after a success, and after a stop by INT or TERM (how a folder watch ends), when the JVM
  # exits through its shutdown and writes the archive; not after a failure or a kill
  if [[ "$rc" =~ ^(0|130|143)$ ]] && [ -s "$tmp" ]; then
    mv -f "$tmp" "$archive" || rm -f "$tmp" # (the command's status stands either way)
  else
    rm -f "$tmp"
  fi
  exit "$rc"
}
