# Sourced by the spark-*.sh scripts: a SPARK_HOME made of the jars Maven resolves, and the JVM options
# that Spark's own launcher (bin/spark-class) would add on Java 17.
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPARK_VERSION="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$PROJECT_DIR/pom.xml" | head -1)"
export SPARK_HOME="${SPARK_HOME:-$PROJECT_DIR/target/spark-home}"
# the launcher classes that build executor commands look for jars/ beside a RELEASE file, for this Scala
export SPARK_SCALA_VERSION=2.13
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

# Spark's JavaModuleOptions (what spark-submit adds on Java 17)
SPARK_JVM_OPTIONS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)

# Fills $SPARK_HOME/jars with Spark's jars (once per Spark version), and writes its log configuration.
ensure_spark_home() {
  write_spark_logging
  if [ -f "$SPARK_HOME/RELEASE" ] && grep -q "^Spark $SPARK_VERSION " "$SPARK_HOME/RELEASE"; then
    return
  fi
  echo "spark-home: resolving Spark $SPARK_VERSION into $SPARK_HOME/jars" >&2
  rm -rf "$SPARK_HOME/jars"
  mkdir -p "$SPARK_HOME/jars"
  mvn -B -q -f "$PROJECT_DIR/scripts/spark-home/pom.xml" dependency:copy-dependencies \
    -Dspark.version="$SPARK_VERSION" -DincludeScope=runtime -DoutputDirectory="$SPARK_HOME/jars"
  echo "Spark $SPARK_VERSION (Scala 2.13), jars resolved by Maven for backtriage" > "$SPARK_HOME/RELEASE"
}

# Spark's chatter at WARN; at INFO what the scripts read: the master's address, workers registering,
# executors running tasks, and backtriage's own lines (one per executor JVM that compiles the rules).
write_spark_logging() {
  mkdir -p "$SPARK_HOME/conf"
  cat > "$SPARK_HOME/conf/log4j2.properties" <<'LOG'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.backtriage.name = org.backtriage
logger.backtriage.level = info
logger.master.name = org.apache.spark.deploy.master.Master
logger.master.level = info
logger.worker.name = org.apache.spark.deploy.worker.Worker
logger.worker.level = info
logger.executor.name = org.apache.spark.executor.Executor
logger.executor.level = info
LOG
}

# java with Spark's classpath and options: "${SPARK_JAVA[@]}" CLASS ARGS... (an array, not a function, so
# that `"${SPARK_JAVA[@]}" ... &` leaves the java process itself in $!, for the scripts to stop it)
SPARK_JAVA=(java -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" "${SPARK_JVM_OPTIONS[@]}")
