#!/bin/sh
# SPDX-License-Identifier: MIT
# A quick look at what --digest costs: a mixed tree (small, mid-sized and
# large files, ~300 MiB) warm in the page cache, copied into tmpfs by
#   ucopy -a, ucopy -a --digest=xxh128, ucopy -a --digest=sha256 (each with
#   --digest-file), and cp -a followed by sha256sum of the copy (two passes),
# interleaved, RUNS rounds (default 5); prints the median of each and the
# ratios. With EXT4_IMAGE=FILE (as root) each command instead copies onto
# a fresh ext4 made in FILE (2 GiB, loop-mounted) and its time includes a
# final sync of that filesystem.
#   usage: quick.sh UCOPY_BINARY [WORKDIR (default /dev/shm/ucopy-digest-bench)]
set -eu
ucopy=$(readlink -f "$1")
work=${2:-/dev/shm/ucopy-digest-bench}
runs=${RUNS:-5}
src=$work/src
if [ ! -d "$src" ]; then
  mkdir -p "$src"
  python3 - "$src" <<'PY'
import os, random, sys
root = sys.argv[1]
rnd = random.Random(1)
def put(path, size):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(rnd.randbytes(size))
for d in range(20):                      # 2,000 small files, 1-64 KiB: ~65 MiB
    for i in range(100):
        put(f"{root}/small/{d}/{i}", rnd.randint(1024, 64 * 1024))
for i in range(40):                      # 40 mid-sized, 1-4 MiB: ~100 MiB
    put(f"{root}/mid/{i}", rnd.randint(1 << 20, 4 << 20))
for i in range(2):                       # 2 large, 70 MiB: region-parallel
    put(f"{root}/large/{i}", 70 << 20)
PY
fi
cat "$src"/*/* "$src"/small/*/* > /dev/null 2>&1 || true  # warm
dst=$work/dst
if [ -n "${EXT4_IMAGE-}" ]; then dst=$work/mnt/dst; fi
fresh() {  # an empty destination: removed, or a new ext4 under it
  rm -rf "$dst"
  [ -n "${EXT4_IMAGE-}" ] || return 0
  mountpoint -q "$work/mnt" && umount "$work/mnt"
  mkdir -p "$work/mnt"
  truncate -s 2G "$EXT4_IMAGE"
  mkfs.ext4 -q -F "$EXT4_IMAGE"
  mount -o loop "$EXT4_IMAGE" "$work/mnt"
}
# Seconds of one command on a fresh destination, as "WALL,CPU" (user +
# system of all its processes and threads: on a shared machine the wall
# time says as much about the neighbours as about the copy).
t() {
  fresh
  s=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$work/cpu" sh -c "$1" > /dev/null
  if [ -n "${EXT4_IMAGE-}" ]; then sync -f "$work/mnt"; fi
  e=$(date +%s.%N)
  echo "$(echo "$e - $s" | bc),$(awk '{print $1 + $2}' "$work/cpu")"
}
plain='' xxh='' sha='' twopass=''
for _ in $(seq "$runs"); do
  plain="$plain $(t "'$ucopy' -a '$src' '$dst'")"
  xxh="$xxh $(t "'$ucopy' -a --digest=xxh128 --digest-file='$work/x.sum' '$src' '$dst'")"
  sha="$sha $(t "'$ucopy' -a --digest=sha256 --digest-file='$work/s.sum' '$src' '$dst'")"
  twopass="$twopass $(t "cp -a '$src' '$dst' && cd '$dst' && find . -type f -print0 | xargs -0 sha256sum > '$work/c.sum'")"
done
# The median of field $2 (1: wall, 2: CPU) of the "WALL,CPU" words in $1.
# shellcheck disable=SC2086 # $1: the measurements, one a word
median() {
  printf '%s\n' $1 | cut -d, -f"$2" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
ratio() { echo "scale=3; $1 / $2" | bc; }
for f in 1 2; do
  what=$([ "$f" = 1 ] && echo "wall" || echo "CPU")
  mp=$(median "$plain" $f); mx=$(median "$xxh" $f); ms=$(median "$sha" $f); mt=$(median "$twopass" $f)
  echo "$what, medians of $runs (s): plain $mp, xxh128 $mx, sha256 $ms, cp+sha256sum $mt"
  echo "  xxh128/plain $(ratio "$mx" "$mp")  sha256/plain $(ratio "$ms" "$mp")" \
    " xxh128/two-pass $(ratio "$mx" "$mt")  sha256/two-pass $(ratio "$ms" "$mt")"
done
(cd "$dst" && sha256sum -c --quiet "$work/s.sum") && echo "the last sha256 manifest checks (against the cp copy)"
if [ -n "${EXT4_IMAGE-}" ]; then umount "$work/mnt"; fi
