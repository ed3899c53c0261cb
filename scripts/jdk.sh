# Sourced by ./convnet4j and ./run-tests: finds a JDK 25 or newer and exports JAVA_HOME.
# Looks at CONVNET4J_JAVA_HOME, then JAVA_HOME, then every JDK under /usr/lib/jvm.

jdk_feature_version() {
  local release="$1/release"
  [ -x "$1/bin/java" ] && [ -f "$release" ] || return 1
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

find_jdk25() {
  local candidate version
  for candidate in "${CONVNET4J_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$candidate" ] || continue
    version=$(jdk_feature_version "$candidate") || continue
    if [ -n "$version" ] && [ "$version" -ge 25 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(find_jdk25); then
  echo "convnet4j: needs JDK 25 or newer (the Vector API); none found in CONVNET4J_JAVA_HOME," \
    "JAVA_HOME or /usr/lib/jvm. Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  exit 2
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
if ! command -v mvn >/dev/null 2>&1; then
  echo "convnet4j: needs Apache Maven 3.8 or newer on the PATH (Debian: apt-get install maven)." >&2
  exit 2
fi
