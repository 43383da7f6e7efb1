#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs what building, testing and packaging ucopy needs, from Debian's
# packages (run as root; running it again changes nothing). Go, Rust and
# Python come with the machine; their own dependencies are fetched by go,
# cargo and pip when the bindings build. clang and libclang-rt-dev
# (libFuzzer and the sanitizer runtimes) build the fuzz targets of
# scripts/test-fuzz.sh. libclang-dev lets bindgen (ucopy-sys-gen, run by
# bindings/rust/test.sh) check ucopy-sys's declarations against ucopy.h.
# fuse3 and libfuse3-dev build and mount tests/faults' filesystem; xfsprogs
# and rsync serve tests/crash. libxxhash-dev and libssl-dev give --digest
# its hashes; xxhsum (xxhash) checks its manifests in the tests.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config \
  liburing-dev libacl1-dev libattr1-dev libgtest-dev \
  libxxhash-dev libssl-dev xxhash \
  swig python3-venv \
  rsync strace acl attr e2fsprogs xfsprogs btrfs-progs util-linux \
  fuse3 libfuse3-dev \
  gnuplot-nox valgrind clang-format clang-tidy \
  clang libclang-rt-dev libclang-dev \
  debhelper dh-python python3-all-dev python3-setuptools lintian \
  abigail-tools shellcheck universal-ctags zsh bash-completion \
  autopkgtest mmdebstrap uidmap \
  >/dev/null

# scripts/test-debs.sh runs the autopkgtests in a user namespace
# (autopkgtest-virt-unshare), which maps root's subordinate ids.
for f in /etc/subuid /etc/subgid; do
  grep -q '^root:' "$f" 2>/dev/null || echo 'root:1000000:65536' >>"$f"
done
echo "install-deps: done"
