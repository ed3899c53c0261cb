#!/usr/bin/env bash
# Builds examples/outside-project, a Maven project of its own, against convnet4j as a user gets it:
# convnet4j-core and convnet4j-keras installed into a private local repository under target/ (never
# ~/.m2), which the project's test then resolves them from. Everything else is read from the local
# repository the main build filled (see examples/outside-project/settings.xml), or downloaded.
# It also checks that the jars are the automatic modules org.convnet4j.core and org.convnet4j.keras.
# Run by run-tests; usage: scripts/outside-project-test.sh
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
source "$root/scripts/jdk.sh"
cd "$root"

outer_repository=${CONVNET4J_OUTER_REPOSITORY:-$HOME/.m2/repository}
options=(
  -B
  -s "$root/examples/outside-project/settings.xml"
  -Dmaven.repo.local="$root/target/outside-project/repository"
  -Douter.repository="file://$outer_repository"
)
mvn "${options[@]}" -q -DskipTests -pl core,keras -am install
# On the module path the jars are the automatic modules their manifests name.
for module in core keras; do
  jar="$root/$module/target/convnet4j-$module-0.1.0-SNAPSHOT.jar"
  if ! jar --describe-module --file "$jar" | grep -q "^org\.convnet4j\.$module@"; then
    echo "outside-project-test: $jar is not the automatic module org.convnet4j.$module" >&2
    exit 1
  fi
done
mvn "${options[@]}" -f examples/outside-project/pom.xml test
