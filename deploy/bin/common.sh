# shellcheck shell=bash
# Shared by the deploy/bin scripts: project root, JVM flags, and building what is missing.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TARGET="$ROOT/deploy/target"

# The --add-opens list an embedded Spark driver needs (Spark 4.2.0 JavaModuleOptions).
# shellcheck disable=SC2034 # used by the scripts that source this file
SPARK_JVM_FLAGS=(-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true
  -Dio.netty.allocator.type=pooled -Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE
  --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)

# Prints the comment block at the top of a script (its usage), without the leading '# '.
usage() {
  sed -n '2,/^[^#]/p' "$1" | grep '^#' | sed 's/^# \{0,1\}//'
}

# The spark-driver jar (not its -tests jar), or nothing when it is not built.
driver_jar() {
  local jar
  for jar in "$ROOT"/spark-driver/target/blur-spark-driver-*.jar; do
    case "$jar" in *-tests.jar) ;; *) [ -f "$jar" ] && echo "$jar" && return ;; esac
  done
}

# Builds (mvn package, tests skipped) when a build output is missing or older than the sources.
# A lock makes concurrent launches wait for one build instead of racing two.
ensure_built() {
  mkdir -p "$TARGET"
  exec 9>"$TARGET/.build.lock"
  flock 9
  build_if_stale
  flock -u 9
}

build_if_stale() {
  if [ -f "$TARGET/classpath.txt" ] && [ -f "$TARGET/spark-classpath.txt" ] && [ -f "$TARGET/blur-evolve-app.jar" ] \
      && [ -n "$(driver_jar)" ] && [ -z "$(find "$ROOT/pom.xml" "$ROOT/core/pom.xml" "$ROOT/core/src/main" \
        "$ROOT/spark-driver/pom.xml" "$ROOT/spark-driver/src/main" "$ROOT/deploy/pom.xml" \
        -newer "$TARGET/blur-evolve-app.jar" -type f 2>/dev/null | head -n 1)" ]; then
    return 0
  fi
  command -v mvn >/dev/null || { echo "blur: Maven (mvn) is needed to build blur-evolve; install it (apt-get install maven)" >&2; exit 1; }
  echo "blur: building blur-evolve (first run, or sources changed) ..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
}

# A SPARK_HOME whose jars/ links the Maven-resolved Spark jars (no Spark download needed).
ensure_spark_home() {
  SPARK_HOME="${BLUR_SPARK_HOME:-$TARGET/spark-home}"
  if [ ! -d "$SPARK_HOME/jars" ] || [ "$TARGET/spark-classpath.txt" -nt "$SPARK_HOME/jars" ] \
      || [ "$TARGET/classpath.txt" -nt "$SPARK_HOME/jars" ] || [ "${BASH_SOURCE[0]}" -nt "$SPARK_HOME/jars" ]; then
    rm -rf "$SPARK_HOME/jars" && mkdir -p "$SPARK_HOME/jars"
    # Spark's own jars, plus Jackson: blur-core depends on it at compile scope, so Maven lists it
    # with the application's jars, but Spark's master and workers need it too.
    { tr ':' '\n' < "$TARGET/spark-classpath.txt"; echo; tr ':' '\n' < "$TARGET/classpath.txt" | grep '/com/fasterxml/jackson/'; } \
      | while read -r jar; do
      [ -n "$jar" ] && ln -sf "$jar" "$SPARK_HOME/jars/$(basename "$jar")"
    done
  fi
  export SPARK_HOME SPARK_SCALA_VERSION=2.13
}
