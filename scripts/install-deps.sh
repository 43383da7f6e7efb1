#!/bin/sh
# Installs what building and testing ucopy needs, from Debian's packages
# (run as root). Go, Rust and Python come with the machine; their own
# dependencies are fetched by go, cargo and pip when the bindings build.
# clang and libclang-rt-dev (libFuzzer and the sanitizer runtimes) build
# the fuzz targets of scripts/test-fuzz.sh.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config \
  liburing-dev libacl1-dev libattr1-dev libgtest-dev \
  swig python3-venv \
  rsync strace acl attr e2fsprogs xfsprogs btrfs-progs util-linux \
  gnuplot-nox valgrind clang-format clang-tidy \
  clang libclang-rt-dev \
  >/dev/null
echo "install-deps: done"
