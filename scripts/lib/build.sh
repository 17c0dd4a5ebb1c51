# Shared by the launcher, scripts/submit and the benchmarks: build once, find the classpath.
# Source it after setting ROOT to the repository root.

# Builds the reactor (no tests) when jobs' classpath file is missing or any source, pom or
# preset is newer than it.
nlvideo_build_if_needed() {
  local stamp="$ROOT/jobs/target/classpath.txt"
  if [ -f "$stamp" ] && [ -z "$(find "$ROOT/pom.xml" "$ROOT"/{model,pipeline,jobs}/pom.xml \
        "$ROOT"/{model,pipeline,jobs}/src/main "$ROOT/conf" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "nlvideo: building with Maven (first use, or sources changed)..." >&2
  # (Maven's console prints colour resets even in batch mode: strip escape sequences)
  (cd "$ROOT" && mvn -B -q -DskipTests package 2>&1 | sed 's/\x1b\[[0-9;]*m//g'; exit "${PIPESTATUS[0]}") >&2 || {
    echo "nlvideo: build failed; run 'mvn -B -DskipTests package' to see why" >&2
    return 1
  }
  touch "$stamp"
}

# The jobs jar and every runtime dependency, ':'-joined.
nlvideo_classpath() {
  local jar
  jar="$(ls "$ROOT"/jobs/target/nlvideo-jobs-*.jar | head -n 1)"
  echo "$jar:$(cat "$ROOT/jobs/target/classpath.txt")"
}
