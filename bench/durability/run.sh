#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The cost of durability on N small files (default 100,000 of 0-4 KiB in
# 100 directories): ucopy -a, ucopy -a --atomic --fsync and rsync -a --fsync,
# each run onto a fresh ext4 on a direct-I/O loop device, the source warm in
# the page cache; prints the median of REPS runs (default 3) of each and the
# ratios docs/durability.md's acceptance asks about.
#   UCOPY  the ucopy binary (default: build/tools/ucopy/ucopy)
#   REPS   runs per variant (default: 3)
#   RSYNC_REPS  runs of rsync --fsync (default: REPS; ~5 minutes each at 100k)
set -euo pipefail
n=${1:-100000}
reps=${REPS:-3}
ucopy=$(realpath "${UCOPY:-build/tools/ucopy/ucopy}")
[ "$(id -u)" = 0 ] || { echo "durability bench: needs root (loop devices)"; exit 77; }
work=$(mktemp -d /var/tmp/ucopy-durability.XXXXXX)
dev=""
cleanup() {
  if [ -n "$dev" ]; then umount "$work/mnt" 2>/dev/null || true; losetup -d "$dev" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

python3 - "$work/src" "$n" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(1)
for i in range(n):
    d = os.path.join(root, f"d{i % 100}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i}"), "wb") as f:
        f.write(rng.randbytes(rng.randrange(0, 4097)))
PY
tar -cf /dev/null "$work/src"  # warm: the source is in the page cache

# One timed run of "$@" SRC DST onto a fresh filesystem; prints seconds.
timed() {
  truncate -s 8G "$work/dst.img"
  mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$work/dst.img"
  dev=$(losetup -f --show --direct-io=on "$work/dst.img")
  mkdir -p "$work/mnt"
  mount "$dev" "$work/mnt"
  local t0 t1
  t0=$(date +%s.%N)
  "$@" "$work/src/" "$work/mnt/dst" >/dev/null
  t1=$(date +%s.%N)
  umount "$work/mnt"
  losetup -d "$dev"
  dev=""
  rm -f "$work/dst.img"
  echo "$t1 - $t0" | bc -l
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A med
for variant in plain atomic-fsync rsync-fsync; do
  times=""
  n_runs=$reps
  [ "$variant" = rsync-fsync ] && n_runs=${RSYNC_REPS:-$reps}
  for _ in $(seq "$n_runs"); do
    case $variant in
      plain) t=$(timed "$ucopy" -a -T) ;;
      atomic-fsync) t=$(timed "$ucopy" -a --atomic --fsync -T) ;;
      rsync-fsync) t=$(timed rsync -a --fsync) ;;
    esac
    times="$times $t"
  done
  med[$variant]=$(echo "$times" | median)
  printf '%-13s runs:%s  median %.2f s\n' "$variant" "$times" "${med[$variant]}"
done
printf 'atomic+fsync / plain: %.2fx (acceptance: at most 3x)\n' \
  "$(echo "${med[atomic-fsync]} / ${med[plain]}" | bc -l)"
printf 'rsync --fsync / atomic+fsync: %.2fx (acceptance: at least 5x)\n' \
  "$(echo "${med[rsync-fsync]} / ${med[atomic-fsync]}" | bc -l)"
