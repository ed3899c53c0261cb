#!/usr/bin/env bash
# Exports a run's model and runs it in ONNX Runtime on the whole test set beside convnet4j's own
# inference (RuntimeComparison, in the onnx module's test sources, where ONNX Runtime is).
# Usage: onnx/scripts/compare-runtime.sh RUN [THREADS]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
source "$root/scripts/jdk.sh"
cd "$root"
mvn -B -q -pl onnx -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/onnx-test.classpath -Dmdep.includeScope=test >/dev/null
classes="onnx/target/test-classes:onnx/target/classes:core/target/classes"
exec java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -XX:+UseParallelGC -XX:ObjectAlignmentInBytes=64 \
  -cp "$classes:$(cat onnx/target/onnx-test.classpath)" org.convnet4j.onnx.RuntimeComparison "$@"
