# Shared by scripts/spark-runtime.sh, scripts/local-cluster.sh and scripts/submit.
# Source it after setting ROOT to the repository root.

# Spark's Java 17 --add-opens list; it lives once, in the root pom.
nlvideo_add_opens() {
  sed -n 's:.*<spark.add.opens>\(.*\)</spark.add.opens>.*:\1:p' "$ROOT/pom.xml"
}

# Assembles (or reuses) runtime/spark and exports what Spark's own launch code reads from the
# environment: SPARK_HOME (the Worker builds executor class paths from $SPARK_HOME/jars),
# SPARK_SCALA_VERSION (read even for a binary layout, else it looks for a source build),
# and SPARK_CONF_DIR.
nlvideo_spark_env() {
  SPARK_HOME="$("$ROOT/scripts/spark-runtime.sh")" || return 1
  export SPARK_HOME
  export SPARK_SCALA_VERSION=2.12
  export SPARK_CONF_DIR="$SPARK_HOME/conf"
}

# Spark's own jars and conf, as a java -cp value.
nlvideo_spark_classpath() {
  echo "$SPARK_CONF_DIR/:$SPARK_HOME/jars/*"
}

nlvideo_die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}
