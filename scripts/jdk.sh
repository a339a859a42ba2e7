# Sourced by ./mvnw and ./train-sample: sets JAVA_HOME to a JDK 25 or newer, which Kiln needs
# (release 25, the Vector API). Uses $JAVA_HOME when it already points at one, otherwise the
# newest JDK 25+ under /usr/lib/jvm (where Debian and Temurin packages install).

kiln_java_major() { # prints the feature version of the JDK at $1, or nothing
  [ -f "$1/release" ] && sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

kiln_find_jdk() {
  local v best="" best_v=0 dir
  v="$(kiln_java_major "${JAVA_HOME:-/nonexistent}")"
  if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$JAVA_HOME"; return; fi
  for dir in /usr/lib/jvm/*/; do
    dir="${dir%/}"
    v="$(kiln_java_major "$dir")"
    if [ -n "$v" ] && [ "$v" -ge 25 ] && [ "$v" -gt "$best_v" ]; then best="$dir"; best_v="$v"; fi
  done
  echo "$best"
}

KILN_JDK="$(kiln_find_jdk)"
if [ -z "$KILN_JDK" ]; then
  echo "Kiln needs JDK 25 or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}, nothing under /usr/lib/jvm)." >&2
  echo "Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$KILN_JDK"
