#!/bin/sh
# SPDX-License-Identifier: MIT
# The metadata acceptance check, on real filesystems: a tree with every kind
# of entry and attribute (owners other than root's, setuid/setgid/sticky,
# xattrs in user/trusted/security incl. a 60 KiB value, access and default
# ACLs, hard links across directories, FIFOs, a socket, device nodes, ns
# times) is made on a fresh SRC_FS, copied with `ucopy -a` onto DST_FS, and
# then
#   - `getfacl -R`, `getfattr -R -d -m -` and `stat` (type, mode, uid, gid,
#     nlink, rdev, atime and mtime in ns, size of files) dumps must be
#     identical, paths aside;
#   - `rsync -aHAX --dry-run --itemize-changes --checksum SRC/ DST/` must
#     print nothing.
# With DST_FS=ramfs (no xattrs, no ACLs) the copy must instead succeed, keep
# everything else, and report each missing feature exactly once.
#
# usage: check_fidelity.sh UCOPY SRC_FS [DST_FS]   (fs: ext4 xfs btrfs tmpfs ramfs)
# Exit 77 (ctest: skipped) when not root or when loop mounts are not allowed.
set -eu
ucopy=$1 src_fs=$2 dst_fs=${3:-$2}

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; failed=1; }
[ "$(id -u)" = 0 ] || skip "needs root (chown, mknod, trusted.* xattrs, mount)"
for tool in getfacl setfacl getfattr setfattr rsync; do
  command -v $tool >/dev/null || skip "$tool is not installed (scripts/install-deps.sh)"
done

work=$(mktemp -d /tmp/ucopy-fidelity.XXXXXX)
mounts=""
cleanup() {
  for m in $mounts; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# mount_fs TYPE DIR: a fresh, empty filesystem of TYPE at DIR.
mount_fs() {
  mkdir -p "$2"
  case $1 in
    tmpfs | ramfs) mount -t "$1" -o size=256m "$1" "$2" 2>/dev/null || skip "cannot mount $1 here" ;;
    *)
      img=$work/$(basename "$2").img
      case $1 in
        ext4) truncate -s 256M "$img"; mkfs.ext4 -q -F -O ea_inode "$img" >/dev/null ;;
        xfs) truncate -s 512M "$img"; mkfs.xfs -q -f "$img" >/dev/null ;;
        btrfs) truncate -s 256M "$img"; mkfs.btrfs -q -f "$img" >/dev/null ;;
        *) echo "unknown filesystem $1"; exit 2 ;;
      esac
      mount -o loop "$img" "$2" 2>/dev/null || skip "cannot loop-mount $1 here (no loop devices or not permitted)"
      ;;
  esac
  mounts="$2 $mounts"
}

# The tree, in $1. Times come last, directories after their contents;
# atimes lie in the future so that reading the source does not move them.
build_tree() (
  cd "$1"
  mkdir -p docs/deep/er shared sticky setgid-dir
  head -c 100000 /dev/urandom >docs/data.bin
  printf 'hello\n' >docs/hello.txt
  : >docs/empty
  head -c 5000 /dev/urandom >docs/deep/er/nested.bin
  cp docs/hello.txt setuid-prog && chmod 4755 setuid-prog
  cp docs/hello.txt setgid-prog && chown 0:5678 setgid-prog && chmod 2711 setgid-prog
  chmod 1777 sticky
  chown 1234:5678 setgid-dir && chmod 2775 setgid-dir
  printf 'theirs\n' >setgid-dir/theirs && chown 4321:8765 setgid-dir/theirs
  chown 1234:5678 docs/data.bin
  ln -s docs/hello.txt link-to-file && chown -h 1234:5678 link-to-file
  ln -s does/not/exist dangling
  ln -s docs link-to-dir
  ln docs/data.bin shared/data-again
  ln docs/data.bin docs/deep/er/data-third
  mkfifo -m 640 pipe
  mknod -m 666 null-like c 1 3
  mknod -m 660 loop-like b 7 200
  python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' sock
  # xattrs in several namespaces, on a file, a directory and a symlink.
  setfattr -n user.origin -v camera-7 docs/data.bin
  setfattr -n user.empty docs/hello.txt
  # 60 KiB where the filesystem takes it; btrfs stops at its node size.
  python3 -c '
import errno, os, sys
for size in (60 * 1024, 15 * 1024, 3 * 1024):
    try:
        os.setxattr(sys.argv[1], "user.big", bytes(i * 7 % 251 for i in range(size)))
        break
    except OSError as e:
        if e.errno not in (errno.ENOSPC, errno.E2BIG, errno.ERANGE): raise' docs/hello.txt
  setfattr -n trusted.checksum -v 0x0001ff docs/data.bin
  setfattr -n security.ucopy-test -v label docs/hello.txt
  setfattr -n user.dir-note -v "on a directory" docs
  setfattr -h -n trusted.link-note -v "on the link" link-to-file
  # Access ACLs (named users and groups, a mask) and default ACLs.
  setfacl -m u:1234:r,g:5678:rw docs/data.bin
  setfacl -m u:1234:rwx,m:r-x shared
  setfacl -d -m u::rwx,u:1234:r-x,g::r-x,o::- shared
  setfacl -d -m g:5678:rwx docs/deep
  # ns times everywhere, directories last, deepest first.
  n=1
  for p in $(find . -mindepth 1 ! -type d | sort) $(find . -mindepth 1 -type d | sort -r) .; do
    touch -h -m -d "2001-02-03 04:05:$((n % 60)).$(printf '%09d' $((n * 7919)))" "$p"
    touch -h -a -d "2037-01-01 00:00:$((n % 60)).$(printf '%09d' $((n * 104729)))" "$p"
    n=$((n + 1))
  done
)

# Dumps with paths relative to the tree's root, entry by entry in sorted
# order (getfacl -R and getfattr -R follow readdir order, which differs
# between two directories with the same entries).
entries() { find . -print0 | sort -z; }
dump_stat() (cd "$1" && entries | xargs -0 stat -c '%n|%F|%a|%u|%g|%h|%t:%T|%x|%y' &&
  find . -type f -print0 | sort -z | xargs -0 stat -c '%n|size %s')
dump_acl() (cd "$1" && find . ! -type l -print0 | sort -z | xargs -0 getfacl -p -n 2>&1)
dump_xattr() (cd "$1" && entries | xargs -0 getfattr -h -d -m - -e hex 2>&1)

failed=0
mount_fs "$src_fs" "$work/src"
if [ "$dst_fs" = "$src_fs" ]; then dst_root=$work/src; else mount_fs "$dst_fs" "$work/dst"; dst_root=$work/dst; fi
mkdir "$work/src/tree"
build_tree "$work/src/tree"
src=$work/src/tree dst=$dst_root/copy

"$ucopy" -a "$src" "$dst" 2>"$work/stderr" || fail "ucopy -a exited with $?: $(cat "$work/stderr")"

if [ "$dst_fs" = ramfs ]; then
  # No xattrs or ACLs there: each reported once, everything else kept.
  n_x=$(grep -c 'xattrs are not supported by the destination filesystem' "$work/stderr" || true)
  n_a=$(grep -c 'ACLs are not supported by the destination filesystem' "$work/stderr" || true)
  [ "$n_x" -ge 1 ] && [ "$n_a" = 1 ] || fail "expected each missing feature once; stderr:
$(cat "$work/stderr")"
  # Once per namespace (user, trusted, security), never per file.
  [ "$n_x" -le 3 ] || fail "xattr notices repeated ($n_x)"
  grep -v 'not supported by the destination filesystem' "$work/stderr" && fail "other warnings or errors"
  dump_stat "$src" >"$work/src.stat"; dump_stat "$dst" >"$work/dst.stat"
  diff "$work/src.stat" "$work/dst.stat" || fail "stat dumps differ"
else
  [ -s "$work/stderr" ] && fail "ucopy printed: $(cat "$work/stderr")"
  for what in stat acl xattr; do
    dump_$what "$src" >"$work/src.$what"
    dump_$what "$dst" >"$work/dst.$what"
    diff "$work/src.$what" "$work/dst.$what" || fail "$what dumps differ"
    [ -s "$work/src.$what" ] || fail "empty $what dump"
  done
  grep -q 'user:1234:r' "$work/dst.acl" || fail "named-user ACL entry missing from the dump"
  grep -q 'default:group:5678:rwx' "$work/dst.acl" || fail "default ACL missing from the dump"
  grep -q 'user.big=0x' "$work/dst.xattr" || fail "60 KiB xattr missing from the dump"
  out=$(rsync -aHAX --dry-run --itemize-changes --checksum "$src/" "$dst/" 2>&1)
  [ -z "$out" ] || fail "rsync -aHAX --itemize-changes --checksum is not silent:
$out"
fi

[ $failed = 0 ] && echo "PASS: ucopy -a $src_fs -> $dst_fs keeps everything the destination can hold"
exit $failed
