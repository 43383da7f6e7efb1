#!/bin/bash
# SPDX-License-Identifier: MIT
# The large-file acceptance figures of issue 4, measured as BENCHMARKING.md
# says: fresh direct-io loop filesystems for every copy, the source on its
# own loop filesystem, cold cache (drop_caches before each run), the clock
# stopped after sync, tools alternated, medians of RUNS.
#
#   sudo bench/large-acceptance.sh [UCOPY]      (default build/tools/ucopy/ucopy)
#
# Cases:
#   cold-4g   one 4 GiB file, ext4 -> another ext4: ucopy, cp -a, dd O_DIRECT bs=8M
#   cold-4x1g four 1 GiB files at once, ext4 -> ext4: ucopy, cp -a
#   xfs-clone 4 GiB within one xfs (reflink): time and new blocks (df, filefrag)
#   sparse    10 GiB file with 1 GiB of data, ext4 -> ext4: allocated size of the copy
# Env: RUNS (3), WORK (/var/tmp/ucopy-large), UCOPY_ARGS (extra ucopy options).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
UCOPY=${1:-$root/build/tools/ucopy/ucopy}
RUNS=${RUNS:-3}
WORK=${WORK:-/var/tmp/ucopy-large}
read -r -a UCOPY_ARGS <<< "${UCOPY_ARGS:-}"
[ "$(id -u)" = 0 ] || { echo "needs root (loop devices, mount, drop_caches)" >&2; exit 2; }
mkdir -p "$WORK/mnt/src" "$WORK/mnt/dst" "$WORK/mnt/xfs"
mounted=()
cleanup() {
  for m in "${mounted[@]}"; do umount -d "$m" 2>/dev/null || true; done
  rm -f "$WORK"/dst.img "$WORK"/xfs.img
}
trap cleanup EXIT

fresh_fs() {  # fresh_fs TYPE IMAGE SIZE MOUNTPOINT [mkfs args...]
  local type=$1 img=$2 size=$3 mnt=$4; shift 4
  umount -d "$mnt" 2>/dev/null || true
  rm -f "$img"; truncate -s "$size" "$img"
  local dev; dev=$(losetup -f --show --direct-io=on "$img")
  if [ "$type" = ext4 ]; then mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$@" "$dev"; else mkfs."$type" -q -f "$@" "$dev"; fi
  mount "$dev" "$mnt"; mounted+=("$mnt")
}
cold() { sync; echo 3 > /proc/sys/vm/drop_caches; }
timed() {  # timed CMD...: seconds for CMD + sync of the destination fs
  local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; sync -f "$WORK/mnt/dst"; t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "# $(date -Is) $(uname -r), $(nproc) CPUs, load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# ucopy: $UCOPY ${UCOPY_ARGS[*]}"

# The source: its own ext4, made once.
fresh_fs ext4 "$WORK/src.img" 14G "$WORK/mnt/src"
S=$WORK/mnt/src
gen=$WORK/gen_tree
cc -O2 -pthread -o "$gen" "$root/bench/ucbench/gen_tree.c" -lm
mkdir -p "$S/one" "$S/four"
"$gen" big "$S/one/big.bin" $((4 << 30)) 3 2 >/dev/null
for i in 0 1 2 3; do "$gen" big "$S/four/big-$i.bin" $((1 << 30)) $((6 + i)) 2 >/dev/null; done
truncate -s 10G "$S/sparse.bin"
for i in 0 1 2 3 4 5 6 7; do  # 8 x 128 MiB of data spread over 10 GiB
  dd if="$S/one/big.bin" of="$S/sparse.bin" bs=1M count=128 skip=$((i * 128)) \
     seek=$((i * 1270)) conv=notrunc status=none
done
sync

run_case() {  # run_case NAME SRC TOOLS...
  local name=$1 src=$2; shift 2
  declare -A times
  for r in $(seq "$RUNS"); do
    for tool in "$@"; do
      fresh_fs ext4 "$WORK/dst.img" 12G "$WORK/mnt/dst"
      local d=$WORK/mnt/dst/copy
      cold
      case $tool in
        ucopy) t=$(timed "$UCOPY" -a "${UCOPY_ARGS[@]}" "$src" "$d") ;;
        cp)    t=$(timed cp -a "$src" "$d") ;;
        dd)    t=$(timed dd if="$src" of="$d" iflag=direct oflag=direct bs=8M status=none) ;;
      esac
      if [ "$tool" != dd ] && ! diff -rq "$src" "$d" >/dev/null; then echo "!! $tool copy differs"; fi
      times[$tool]+="$t "
      echo "  $name run $r $tool ${t}s load $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
  local line="$name medians:"
  local base; base=$(echo "${times[ucopy]}" | tr ' ' '\n' | grep . | median)
  for tool in "$@"; do
    local m; m=$(echo "${times[$tool]}" | tr ' ' '\n' | grep . | median)
    line+=" $tool ${m}s (ucopy/$tool $(echo "scale=2; $base / $m" | bc))"
  done
  echo "$line"
}

run_case cold-4g "$S/one/big.bin" ucopy cp dd
run_case cold-4x1g "$S/four" ucopy cp

# Sparse: 10 GiB apparent, 1 GiB of data.
fresh_fs ext4 "$WORK/dst.img" 12G "$WORK/mnt/dst"
cold
t=$(timed "$UCOPY" -a "${UCOPY_ARGS[@]}" "$S/sparse.bin" "$WORK/mnt/dst/sparse.bin")
cmp "$S/sparse.bin" "$WORK/mnt/dst/sparse.bin"
echo "sparse: ${t}s, source $(du -B1 "$S/sparse.bin" | cut -f1) B allocated," \
     "copy $(du -B1 "$WORK/mnt/dst/sparse.bin" | cut -f1) B allocated (limit 1084479242 = 1.01 GiB)"

# xfs, same filesystem: a clone.
fresh_fs xfs "$WORK/xfs.img" 12G "$WORK/mnt/xfs" -m reflink=1
cp "$S/one/big.bin" "$WORK/mnt/xfs/big.bin"; sync
used0=$(df -B1 --output=used "$WORK/mnt/xfs" | tail -1)
cold
t0=$(date +%s.%N); "$UCOPY" -a "${UCOPY_ARGS[@]}" "$WORK/mnt/xfs/big.bin" "$WORK/mnt/xfs/copy.bin"
sync -f "$WORK/mnt/xfs"; t1=$(date +%s.%N)
used1=$(df -B1 --output=used "$WORK/mnt/xfs" | tail -1)
cmp "$WORK/mnt/xfs/big.bin" "$WORK/mnt/xfs/copy.bin"
echo "xfs-clone: $(echo "$t1 - $t0" | bc)s, new blocks $((used1 - used0)) B," \
     "$(filefrag -v "$WORK/mnt/xfs/copy.bin" | grep -c shared) of" \
     "$(filefrag -v "$WORK/mnt/xfs/copy.bin" | grep -cE '^ +[0-9]+:') extents shared"
echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
