/* SPDX-License-Identifier: MIT */
/* copy_tree - a plain C99 client of the INSTALLED libucopy.
 *
 * Builds a small tree under WORKDIR/src (files with content, an empty file,
 * a subdirectory, symlinks), copies it to WORKDIR/dst with the default
 * (cp -a) options, a progress callback and an error callback, then checks
 * the copy: same entries, same bytes, same mode, same mtime to the
 * nanosecond, same owner, same link targets. Exit status 0 only if all hold.
 *
 * usage: copy_tree WORKDIR    (WORKDIR must exist and be empty)
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <ucopy.h>

static int failures;

static void fail(const char *what, const char *path) {
  fprintf(stderr, "copy_tree: FAIL: %s: %s\n", path, what);
  failures++;
}

static void die(const char *what, const char *path) {
  fprintf(stderr, "copy_tree: %s %s: %s\n", what, path, strerror(errno));
  exit(2);
}

/* ---- Building the source tree -------------------------------------- */

/* Distinct, odd nanosecond times: a copy that drops the nanoseconds, or
 * that takes the times of the wrong entry, is caught. */
static void set_mtime(const char *path, long sec, long nsec) {
  struct timespec t[2];
  t[0].tv_sec = sec - 1000;
  t[0].tv_nsec = nsec / 2;
  t[1].tv_sec = sec;
  t[1].tv_nsec = nsec;
  if (utimensat(AT_FDCWD, path, t, AT_SYMLINK_NOFOLLOW) != 0) die("utimensat", path);
}

static void write_file(const char *path, const unsigned char *data, size_t len, mode_t mode) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  size_t off = 0;
  if (fd < 0) die("create", path);
  while (off < len) {
    ssize_t n = write(fd, data + off, len - off);
    if (n < 0) die("write", path);
    off += (size_t)n;
  }
  if (close(fd) != 0) die("close", path);
  if (chmod(path, mode) != 0) die("chmod", path);
}

/* Larger than the default 128 KiB buffer and not a multiple of 4096, so the
 * copy takes several I/Os and ends on a partial block. */
#define BIG_SIZE (1024u * 1024u + 123u)

static unsigned long long build_source(const char *src) {
  static unsigned char big[BIG_SIZE];
  static const char hello[] = "hello, world\n";
  static const char nested[] = "#!/bin/sh\necho nested\n";
  char p[4096];
  unsigned seed = 12345u;
  size_t i;

  for (i = 0; i < sizeof big; i++) { /* a fixed pseudo-random pattern */
    seed = seed * 1103515245u + 12345u;
    big[i] = (unsigned char)(seed >> 16);
  }
  if (mkdir(src, 0700) != 0) die("mkdir", src);
  snprintf(p, sizeof p, "%s/hello.txt", src);
  write_file(p, (const unsigned char *)hello, sizeof hello - 1, 0644);
  set_mtime(p, 1600000000L, 123456789L);
  snprintf(p, sizeof p, "%s/big.bin", src);
  write_file(p, big, sizeof big, 0600);
  set_mtime(p, 1600000001L, 1L);
  snprintf(p, sizeof p, "%s/empty", src);
  write_file(p, NULL, 0, 0640);
  set_mtime(p, 1600000002L, 999999999L);
  snprintf(p, sizeof p, "%s/link", src);
  if (symlink("hello.txt", p) != 0) die("symlink", p);
  set_mtime(p, 1600000003L, 333333333L);
  snprintf(p, sizeof p, "%s/dangling", src);
  if (symlink("does/not/exist", p) != 0) die("symlink", p);
  set_mtime(p, 1600000004L, 444444444L);
  snprintf(p, sizeof p, "%s/sub", src);
  if (mkdir(p, 0750) != 0) die("mkdir", p);
  snprintf(p, sizeof p, "%s/sub/nested.sh", src);
  write_file(p, (const unsigned char *)nested, sizeof nested - 1, 0755);
  set_mtime(p, 1600000005L, 555555555L);
  /* Directories last: creating entries in them changes their mtime. */
  snprintf(p, sizeof p, "%s/sub", src);
  /* A setgid directory: mode bits beyond rwx must survive too. */
  if (chmod(p, 02750) != 0) die("chmod", p);
  set_mtime(p, 1600000006L, 666666666L);
  if (chmod(src, 0751) != 0) die("chmod", src);
  set_mtime(src, 1600000007L, 777777777L);
  return (unsigned long long)(sizeof hello - 1 + sizeof big + sizeof nested - 1);
}

/* ---- Comparing the copy --------------------------------------------- */

static int same_bytes(const char *a, const char *b) {
  FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
  int ca, cb, same = fa != NULL && fb != NULL;
  while (same) {
    ca = getc(fa);
    cb = getc(fb);
    if (ca != cb) same = 0;
    if (ca == EOF || cb == EOF) break;
  }
  if (fa) fclose(fa);
  if (fb) fclose(fb);
  return same;
}

static size_t count_entries(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  size_t n = 0;
  if (d == NULL) return (size_t)-1;
  while ((e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) n++;
  closedir(d);
  return n;
}

static void compare(const char *src, const char *dst);

static void compare_dir(const char *src, const char *dst) {
  DIR *d = opendir(src);
  struct dirent *e;
  char s[4096], t[4096];
  if (d == NULL) die("opendir", src);
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    snprintf(s, sizeof s, "%s/%s", src, e->d_name);
    snprintf(t, sizeof t, "%s/%s", dst, e->d_name);
    compare(s, t);
  }
  closedir(d);
  if (count_entries(src) != count_entries(dst)) fail("different number of entries", dst);
}

static void compare(const char *src, const char *dst) {
  struct stat a, b;
  if (lstat(src, &a) != 0) die("lstat", src);
  if (lstat(dst, &b) != 0) {
    fail("missing in the copy", dst);
    return;
  }
  if ((a.st_mode & S_IFMT) != (b.st_mode & S_IFMT)) {
    fail("different file type", dst);
    return;
  }
  /* Symlink modes are always 0777 on Linux and cannot be set. */
  if (!S_ISLNK(a.st_mode) && (a.st_mode & 07777) != (b.st_mode & 07777))
    fail("different mode", dst);
  if (a.st_uid != b.st_uid || a.st_gid != b.st_gid) fail("different owner", dst);
  if (a.st_mtim.tv_sec != b.st_mtim.tv_sec || a.st_mtim.tv_nsec != b.st_mtim.tv_nsec)
    fail("different mtime", dst);
  if (S_ISREG(a.st_mode)) {
    if (a.st_size != b.st_size) fail("different size", dst);
    else if (!same_bytes(src, dst)) fail("different content", dst);
  } else if (S_ISLNK(a.st_mode)) {
    char la[4096], lb[4096];
    ssize_t na = readlink(src, la, sizeof la), nb = readlink(dst, lb, sizeof lb);
    if (na < 0 || nb != na || memcmp(la, lb, (size_t)na) != 0) fail("different link target", dst);
  } else if (S_ISDIR(a.st_mode)) {
    compare_dir(src, dst);
  }
}

/* ---- Callbacks -------------------------------------------------------- */

struct progress_seen {
  unsigned calls, finished_calls;
  int finished_was_last;
  ucopy_progress last;
};

static int on_progress(const ucopy_progress *p, void *user) {
  struct progress_seen *s = user;
  if (p->files_done < s->last.files_done || p->bytes_done < s->last.bytes_done)
    fail("progress went backwards", "progress");
  s->calls++;
  s->finished_was_last = p->finished != 0;
  if (p->finished) s->finished_calls++;
  s->last = *p;
  return 0;
}

static int on_error(const ucopy_event *ev, void *user) {
  unsigned *errors = user;
  ++*errors;
  fprintf(stderr, "copy_tree: event %u (%s): %s\n", ev->type, ucopy_error_name(ev->code),
          ev->message);
  return UCOPY_CONTINUE;
}

int main(int argc, char **argv) {
  char src[4096], dst[4096];
  struct progress_seen seen;
  unsigned errors = 0;
  ucopy_options opts;
  ucopy_stats st;
  unsigned long long data_bytes;
  ucopy_t *h;
  int rc;

  if (argc != 2) {
    fprintf(stderr, "usage: %s WORKDIR\n", argv[0]);
    return 2;
  }
  printf("copy_tree: libucopy %s (header %d.%d.%d)\n", ucopy_version_string(), UCOPY_VERSION_MAJOR,
         UCOPY_VERSION_MINOR, UCOPY_VERSION_PATCH);
  snprintf(src, sizeof src, "%s/src", argv[1]);
  snprintf(dst, sizeof dst, "%s/dst", argv[1]);
  data_bytes = build_source(src);

  memset(&seen, 0, sizeof seen);
  h = ucopy_new();
  if (h == NULL) {
    fprintf(stderr, "copy_tree: ucopy_new failed\n");
    return 2;
  }
  rc = ucopy_options_init(&opts, sizeof opts);
  if (rc == 0) rc = ucopy_set_options(h, &opts);
  if (rc == 0) rc = ucopy_set_progress_callback(h, on_progress, &seen);
  if (rc == 0)
    rc = ucopy_set_event_callback(h, on_error, &errors,
                                  UCOPY_EVENT_MASK_ERROR | UCOPY_EVENT_MASK_WARNING);
  if (rc != 0) {
    fprintf(stderr, "copy_tree: setup: %s: %s\n", ucopy_error_name(rc), ucopy_last_error(h));
    return 2;
  }

  rc = ucopy_run(h, src, dst);
  if (rc != 0) {
    fprintf(stderr, "copy_tree: ucopy_run: %s (%s): %s\n", ucopy_error_name(rc), ucopy_strerror(rc),
            ucopy_last_error(h));
    failures++;
  }
  if (errors != 0) fail("the event callback reported errors or warnings", src);
  if (seen.finished_calls != 1 || !seen.finished_was_last)
    fail("the last progress call, and only it, must have finished = 1", "progress");
  if (seen.last.bytes_done != data_bytes)
    fail("final progress bytes_done is not the data size", "progress");

  st.size = sizeof st;
  rc = ucopy_get_stats(h, &st, sizeof st);
  if (rc != 0) {
    fail("ucopy_get_stats failed", "stats");
  } else {
    /* 4 regular files; src and sub; link and dangling. */
    if (st.files != 4) fail("stats.files is not 4", "stats");
    if (st.dirs != 2) fail("stats.dirs is not 2", "stats");
    if (st.symlinks != 2) fail("stats.symlinks is not 2", "stats");
    if (st.bytes != data_bytes) fail("stats.bytes is not the data size", "stats");
    if (st.failures != 0 || st.skipped != 0 || st.warnings != 0)
      fail("stats count failures, skips or warnings", "stats");
  }
  ucopy_free(h);

  compare(src, dst);
  if (failures == 0) printf("copy_tree: OK: tree copied and verified\n");
  return failures == 0 ? 0 : 1;
}
