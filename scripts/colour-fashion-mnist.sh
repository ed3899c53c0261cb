#!/usr/bin/env bash
# Writes a colour data set made from Fashion-MNIST: each item, 32x32, tinted with a random colour
# on a random background colour (their luminances at least a third of the range apart), as PNG
# class folders OUT/train/<class> (60,000 images) and OUT/test/<class> (10,000), classes
# 0-T-shirt-top, 1-Trouser, ..., 9-Ankle boot. The same SEED writes the same files.
# Usage: scripts/colour-fashion-mnist.sh OUT [SEED]   (SEED: 42)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 OUT [SEED]" >&2
  exit 2
fi
"$root/convnet4j" --version >/dev/null # builds the command line's jar if needed
source "$root/scripts/jdk.sh"
exec "$JAVA_HOME/bin/java" -cp "$root/cli/target/convnet4j.jar" \
  "$root/scripts/java/WriteImageFolders.java" colour fashion-mnist "$1" "${2:-42}"
