#!/usr/bin/env bash
# Writes MNIST (or Fashion-MNIST) from the IDX files in convnet4j's cache as PNG class folders
# that `convnet4j train --data OUT` reads: OUT/train/0..9 (60,000 images) and OUT/test/0..9
# (10,000), 28x28 grey, the IDX pixels exactly. Fetches the data set first if it is not cached.
# Usage: scripts/mnist-to-png.sh OUT [mnist|fashion-mnist]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 OUT [mnist|fashion-mnist]" >&2
  exit 2
fi
"$root/convnet4j" --version >/dev/null # builds the command line's jar if needed
source "$root/scripts/jdk.sh"
exec "$JAVA_HOME/bin/java" -cp "$root/cli/target/convnet4j.jar" \
  "$root/scripts/java/WriteImageFolders.java" grey "${2:-mnist}" "$1"
