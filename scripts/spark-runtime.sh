#!/usr/bin/env bash
# Assembles a Spark installation under runtime/spark from Maven Central (there is no Spark
# download here) and prints its path, for use as SPARK_HOME:
#   jars/   Spark 3.5 / Scala 2.12 runtime jars (scripts/spark-runtime/pom.xml, versions from the
#           root pom), the layout a standalone Worker needs to build its executors' class path;
#   conf/   spark-defaults.conf and log4j2.properties from conf/;
#   RELEASE what it is.
# Idempotent: the jars are copied again only when a pom changed; conf is refreshed every time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPARK_HOME="$ROOT/runtime/spark"
POM="$ROOT/scripts/spark-runtime/pom.xml"

mkdir -p "$ROOT/runtime"
exec 9>"$ROOT/runtime/.spark-runtime.lock"
flock -w 600 9 || { echo "spark-runtime.sh: timed out waiting for another assembly" >&2; exit 1; }

# The jars depend on the two poms only.
want="$(cat "$POM" "$ROOT/pom.xml" | sha256sum | cut -d' ' -f1)"
stamp="$SPARK_HOME/jars/.nlvideo-stamp"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "spark-runtime.sh: copying Spark's jars into $SPARK_HOME/jars ..." >&2
  tmp="$SPARK_HOME/jars.tmp"
  rm -rf "$tmp"
  log="$ROOT/runtime/spark-runtime.log"
  mvn -o -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >"$log" 2>&1 || {
    tail -n 30 "$log" >&2
    echo "spark-runtime.sh: Maven could not copy Spark's jars; full log: $log" >&2
    exit 1
  }
  echo "$want" > "$tmp/.nlvideo-stamp"
  rm -rf "$SPARK_HOME/jars"
  mv "$tmp" "$SPARK_HOME/jars"
fi

mkdir -p "$SPARK_HOME/conf"
cp "$ROOT/conf/spark-defaults.conf" "$ROOT/conf/log4j2.properties" "$SPARK_HOME/conf/"
spark_version="$(ls "$SPARK_HOME/jars" | sed -n 's/^spark-core_2\.12-\(.*\)\.jar$/\1/p')"
echo "Spark $spark_version (Scala 2.12), jars assembled from Maven Central by nlvideo" > "$SPARK_HOME/RELEASE"
echo "$SPARK_HOME"
