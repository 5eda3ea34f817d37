#!/usr/bin/env bash
# Builds the SystemC designs (worker executable + JNA library) into $1 (the fpga module's
# target/classes/linux-x86-64), using $2 as the CMake build directory. Run by Maven in the fpga
# module's generate-resources phase.
#
# When SystemC (or CMake / a C++ compiler) is missing, the native part is skipped with a loud
# warning and the Java side reports the fpga target unavailable with the same message, so the
# rest of dlas still builds. Set DLAS_FPGA_REQUIRE_NATIVE=true (Maven: -Ddlas.fpga.requireNative=true)
# to make a missing prerequisite fail the build instead.
set -euo pipefail
out=${1:?output directory}
build=${2:?build directory}
require=${DLAS_FPGA_REQUIRE_NATIVE:-false}
here=$(cd "$(dirname "$0")" && pwd)

skip() {
  if [ "$require" = "true" ]; then
    then_what="Failing the build (dlas.fpga.requireNative=true)."
  else
    then_what="The fpga target will report itself unavailable; everything else builds."
  fi
  {
    echo
    echo "################################################################################"
    echo "# dlas fpga: native SystemC designs NOT built: $1"
    echo "# $then_what"
    echo "################################################################################"
    echo
  } >&2
  if [ "$require" = "true" ]; then exit 1; fi
  exit 0
}

command -v cmake >/dev/null 2>&1 || skip "cmake not found: apt-get install -y cmake"
command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || skip "no C++ compiler: apt-get install -y g++"
command -v pkg-config >/dev/null 2>&1 || skip "SystemC not installed: apt-get install -y libsystemc-dev (pkg-config missing: apt-get install -y pkg-config)"
pkg-config --exists systemc || skip "SystemC not installed: apt-get install -y libsystemc-dev"

mkdir -p "$out" "$build"
jobs=${DLAS_FPGA_JOBS:-2}
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DDLAS_FPGA_OUT="$out" >"$build/configure.log" 2>&1 \
  || { cat "$build/configure.log" >&2; exit 1; }
cmake --build "$build" -j "$jobs" >"$build/build.log" 2>&1 \
  || { cat "$build/build.log" >&2; echo "dlas fpga: native build failed (log above: $build/build.log)" >&2; exit 1; }
cmake --install "$build" >/dev/null
echo "dlas fpga: native designs built into $out"
