/* SPDX-License-Identifier: MIT */
/* faultfs: a FUSE passthrough over a backing directory that fails a chosen
 * operation with a chosen errno, or delays it (fault_rules.h), for the
 * fault matrix of tests/faults. Runs single-threaded (-s) so that "the Nth
 * call" is well defined.
 *
 *   ucopy-faultfs BACKING MOUNTPOINT [--op=OP --nth=N --errno=E
 *                 --delay-ms=MS --log=FILE --counts=FILE] [-f] [-o ...]
 */
#define FUSE_USE_VERSION 35
#define _GNU_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fault_rules.h"

static struct fault_rule g_rule;
static char g_backing[PATH_MAX];

/* The backing path of `path` (which starts with '/'). */
static const char *real(const char *path, char *buf) {
  snprintf(buf, PATH_MAX, "%s%s", g_backing, path);
  return buf;
}

#define RET(expr) return (expr) < 0 ? -errno : 0
#define FAULT(op, path)                                                                            \
  do {                                                                                             \
    int fault_rc_ = fault_check(&g_rule, (op), (path));                                            \
    if (fault_rc_ != 0) return fault_rc_;                                                          \
  } while (0)

static void *ff_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
  (void)conn;
  cfg->use_ino = 1; /* hard links keep one inode number */
  cfg->nullpath_ok = 0;
  return NULL;
}

static int ff_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
  char b[PATH_MAX];
  if (fi != NULL) RET(fstat((int)fi->fh, st));
  RET(lstat(real(path, b), st));
}

static int ff_readlink(const char *path, char *buf, size_t size) {
  char b[PATH_MAX];
  ssize_t n = readlink(real(path, b), buf, size - 1);
  if (n < 0) return -errno;
  buf[n] = '\0';
  return 0;
}

static int ff_mknod(const char *path, mode_t mode, dev_t rdev) {
  char b[PATH_MAX];
  FAULT("create", path);
  RET(mknod(real(path, b), mode, rdev));
}

static int ff_mkdir(const char *path, mode_t mode) {
  char b[PATH_MAX];
  FAULT("mkdir", path);
  RET(mkdir(real(path, b), mode));
}

static int ff_unlink(const char *path) {
  char b[PATH_MAX];
  RET(unlink(real(path, b)));
}

static int ff_rmdir(const char *path) {
  char b[PATH_MAX];
  RET(rmdir(real(path, b)));
}

static int ff_symlink(const char *target, const char *path) {
  char b[PATH_MAX];
  FAULT("create", path);
  RET(symlink(target, real(path, b)));
}

static int ff_rename(const char *from, const char *to, unsigned int flags) {
  char a[PATH_MAX], b[PATH_MAX];
  FAULT("rename", to);
  RET(renameat2(AT_FDCWD, real(from, a), AT_FDCWD, real(to, b), flags));
}

static int ff_link(const char *from, const char *to) {
  char a[PATH_MAX], b[PATH_MAX];
  RET(link(real(from, a), real(to, b)));
}

static int ff_chmod(const char *path, mode_t mode, struct fuse_file_info *fi) {
  char b[PATH_MAX];
  if (fi != NULL) RET(fchmod((int)fi->fh, mode));
  RET(fchmodat(AT_FDCWD, real(path, b), mode, 0));
}

static int ff_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi) {
  char b[PATH_MAX];
  FAULT("chown", path);
  if (fi != NULL) RET(fchown((int)fi->fh, uid, gid));
  RET(lchown(real(path, b), uid, gid));
}

static int ff_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
  char b[PATH_MAX];
  if (fi != NULL) RET(ftruncate((int)fi->fh, size));
  RET(truncate(real(path, b), size));
}

static int ff_utimens(const char *path, const struct timespec ts[2], struct fuse_file_info *fi) {
  char b[PATH_MAX];
  FAULT("utimens", path);
  if (fi != NULL) RET(futimens((int)fi->fh, ts));
  RET(utimensat(AT_FDCWD, real(path, b), ts, AT_SYMLINK_NOFOLLOW));
}

static int ff_open(const char *path, struct fuse_file_info *fi) {
  char b[PATH_MAX];
  int fd = open(real(path, b), fi->flags);
  if (fd < 0) return -errno;
  fi->fh = (uint64_t)fd;
  return 0;
}

static int ff_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
  char b[PATH_MAX];
  FAULT("create", path);
  int fd = open(real(path, b), fi->flags | O_CREAT, mode);
  if (fd < 0) return -errno;
  fi->fh = (uint64_t)fd;
  return 0;
}

static int ff_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
  (void)path;
  ssize_t n = pread((int)fi->fh, buf, size, off);
  return n < 0 ? -errno : (int)n;
}

static int ff_write(const char *path, const char *buf, size_t size, off_t off,
                    struct fuse_file_info *fi) {
  FAULT("write", path);
  ssize_t n = pwrite((int)fi->fh, buf, size, off);
  return n < 0 ? -errno : (int)n;
}

static int ff_statfs(const char *path, struct statvfs *st) {
  char b[PATH_MAX];
  RET(statvfs(real(path, b), st));
}

static int ff_release(const char *path, struct fuse_file_info *fi) {
  (void)path;
  close((int)fi->fh);
  return 0;
}

static int ff_fsync(const char *path, int datasync, struct fuse_file_info *fi) {
  FAULT("fsync", path);
  RET(datasync ? fdatasync((int)fi->fh) : fsync((int)fi->fh));
}

static int ff_fallocate(const char *path, int mode, off_t off, off_t len,
                        struct fuse_file_info *fi) {
  (void)path;
  RET(fallocate((int)fi->fh, mode, off, len));
}

static int ff_setxattr(const char *path, const char *name, const char *value, size_t size,
                       int flags) {
  char b[PATH_MAX];
  FAULT("setxattr", path);
  RET(lsetxattr(real(path, b), name, value, size, flags));
}

static int ff_getxattr(const char *path, const char *name, char *value, size_t size) {
  char b[PATH_MAX];
  ssize_t n = lgetxattr(real(path, b), name, value, size);
  return n < 0 ? -errno : (int)n;
}

static int ff_listxattr(const char *path, char *list, size_t size) {
  char b[PATH_MAX];
  ssize_t n = llistxattr(real(path, b), list, size);
  return n < 0 ? -errno : (int)n;
}

static int ff_removexattr(const char *path, const char *name) {
  char b[PATH_MAX];
  RET(lremovexattr(real(path, b), name));
}

static int ff_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
                      struct fuse_file_info *fi, enum fuse_readdir_flags flags) {
  char b[PATH_MAX];
  (void)off, (void)fi, (void)flags;
  DIR *d = opendir(real(path, b));
  if (d == NULL) return -errno;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    struct stat st = {.st_ino = e->d_ino, .st_mode = (mode_t)DTTOIF(e->d_type)};
    if (fill(buf, e->d_name, &st, 0, 0) != 0) break;
  }
  closedir(d);
  return 0;
}

static int ff_fsyncdir(const char *path, int datasync, struct fuse_file_info *fi) {
  char b[PATH_MAX];
  (void)datasync, (void)fi;
  FAULT("fsync", path);
  int fd = open(real(path, b), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return -errno;
  int rc = fsync(fd) < 0 ? -errno : 0;
  close(fd);
  return rc;
}

static void ff_destroy(void *data) {
  (void)data;
  fault_write_counts(&g_rule);
}

static const struct fuse_operations ops = {
    .init = ff_init,
    .destroy = ff_destroy,
    .getattr = ff_getattr,
    .readlink = ff_readlink,
    .mknod = ff_mknod,
    .mkdir = ff_mkdir,
    .unlink = ff_unlink,
    .rmdir = ff_rmdir,
    .symlink = ff_symlink,
    .rename = ff_rename,
    .link = ff_link,
    .chmod = ff_chmod,
    .chown = ff_chown,
    .truncate = ff_truncate,
    .utimens = ff_utimens,
    .open = ff_open,
    .create = ff_create,
    .read = ff_read,
    .write = ff_write,
    .statfs = ff_statfs,
    .release = ff_release,
    .fsync = ff_fsync,
    .fallocate = ff_fallocate,
    .setxattr = ff_setxattr,
    .getxattr = ff_getxattr,
    .listxattr = ff_listxattr,
    .removexattr = ff_removexattr,
    .readdir = ff_readdir,
    .fsyncdir = ff_fsyncdir,
};

struct ff_opts {
  char *op, *err, *log, *counts;
  unsigned long nth, delay_ms;
};

static const struct fuse_opt opt_spec[] = {
    {"--op=%s", offsetof(struct ff_opts, op), 0},
    {"--errno=%s", offsetof(struct ff_opts, err), 0},
    {"--log=%s", offsetof(struct ff_opts, log), 0},
    {"--counts=%s", offsetof(struct ff_opts, counts), 0},
    {"--nth=%lu", offsetof(struct ff_opts, nth), 0},
    {"--delay-ms=%lu", offsetof(struct ff_opts, delay_ms), 0},
    FUSE_OPT_END,
};

int main(int argc, char *argv[]) {
  if (argc < 3 || realpath(argv[1], g_backing) == NULL) {
    fprintf(stderr,
            "usage: %s BACKING MOUNTPOINT [--op=OP --nth=N --errno=E "
            "--delay-ms=MS --log=FILE] [FUSE options]\n",
            argv[0]);
    return 2;
  }
  struct fuse_args args = FUSE_ARGS_INIT(argc - 1, argv + 1);
  struct ff_opts o = {0};
  if (fuse_opt_parse(&args, &o, opt_spec, NULL) != 0) return 2;
  g_rule = (struct fault_rule){
      o.op, (long)o.nth, o.err ? fault_errno(o.err) : EIO, (long)o.delay_ms, o.log, o.counts};
  if (o.op != NULL && g_rule.err == 0) {
    fprintf(stderr, "faultfs: unknown errno %s\n", o.err);
    return 2;
  }
  fuse_opt_add_arg(&args, "-s");
  return fuse_main(args.argc, args.argv, &ops, NULL);
}
