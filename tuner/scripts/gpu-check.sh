#!/usr/bin/env sh
# Checks the gpu target on this machine and says what was verified: with an NVIDIA GPU, lenet built by TVM for
# cuda must run on it and give the jvm's labels; without one, the target must refuse its points saying so.
# Exit 0 when the check passed, 1 when it failed. Needs what `mvn test` needs; on a GPU machine also TVM's CUDA
# build (org.bytedeco:tvm, classifier linux-x86_64-gpu), else the check fails naming it.
set -u
cd "$(dirname "$0")/../.."
if [ -e /dev/nvidia0 ] || [ -e /dev/nvidiactl ]; then
  echo "gpu-check: NVIDIA GPU present: $(nvidia-smi -L 2>/dev/null | head -n 1)"
else
  echo "gpu-check: no NVIDIA GPU on this machine (no /dev/nvidia0)"
fi
log=$(mktemp)
mvn -B -pl tuner -am test -Dtest=GpuTargetTest -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
rc=$?
grep -h "^gpu-check:" "$log" tuner/target/surefire-reports/*GpuTargetTest-output.txt 2>/dev/null | sort -u
if [ $rc -ne 0 ]; then
  grep -E "FAIL|expected|deviates|must be usable" "$log" | head -n 20
  echo "gpu-check: FAILED (full log: $log)"
  exit 1
fi
rm -f "$log"
echo "gpu-check: passed"
