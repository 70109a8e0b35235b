# Sourced by bin/run-local and .ci/run: exports JAVA_HOME as a JDK >= 21 (Exceed builds for Java 21).
# Uses JAVA_HOME if it is new enough, else the `java` on the PATH, else the newest JDK >= 21 under /usr/lib/jvm.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

is_jdk21() {
  [ -n "$1" ] && [ -x "$1/bin/javac" ] && [ "$(java_major "$1")" -ge 21 ] 2>/dev/null
}

if ! is_jdk21 "${JAVA_HOME:-}"; then
  path_home=""
  if command -v javac >/dev/null; then
    path_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  fi
  if is_jdk21 "$path_home"; then
    JAVA_HOME="$path_home"
  else
    best="" best_major=0
    for jdk in /usr/lib/jvm/*; do
      is_jdk21 "$jdk" || continue
      major=$(java_major "$jdk")
      if [ "$major" -gt "$best_major" ]; then
        best="$jdk" best_major="$major"
      fi
    done
    if [ -z "$best" ]; then
      echo "No JDK 21 or newer found (JAVA_HOME, PATH or /usr/lib/jvm/*). Install one, e.g. Temurin 21 or 25." >&2
      exit 1
    fi
    JAVA_HOME="$best"
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
