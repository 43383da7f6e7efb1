/* SPDX-License-Identifier: MIT */
/*
 * What one small copy costs an embedder: a 4 KiB file copied N times
 * (a) with the plain system calls a careful C program makes (open, read,
 *     create, write, fchmod, fchown, futimens, close),
 * (b) with ucopy_run() on one reused handle,
 * (c) with ucopy_run() as the first run of a new handle.
 * Medians, same program, same run, into the directory given (bench/embed/
 * run.sh puts it on a fresh ext4). Prints one line per way and the ratios.
 *
 * usage: single_file DIR [N]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <ucopy.h>
#include <unistd.h>

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp);
  return v[n / 2];
}

static int plain_copy(const char *src, const char *dst) {
  char buf[8192];
  struct stat st;
  int in = open(src, O_RDONLY | O_CLOEXEC);
  if (in < 0 || fstat(in, &st) != 0) return -1;
  ssize_t n = read(in, buf, sizeof buf);
  int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (n < 0 || out < 0 || write(out, buf, (size_t)n) != n) return -1;
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  if (fchown(out, st.st_uid, st.st_gid) != 0 || fchmod(out, st.st_mode & 07777) != 0 ||
      futimens(out, times) != 0)
    return -1;
  close(out);
  close(in);
  return 0;
}

static void make_source(const char *path) {
  char data[4096];
  memset(data, 'u', sizeof data);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, data, sizeof data) != (ssize_t)sizeof data) exit(1);
  close(fd);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s DIR [N]\n", argv[0]);
    return 2;
  }
  const char *dir = argv[1];
  const int n = argc > 2 ? atoi(argv[2]) : 1000;
  double *plain = calloc((size_t)n, sizeof *plain);
  double *reused = calloc((size_t)n, sizeof *reused);
  double *first = calloc((size_t)n, sizeof *first);
  char src[4096], dst[4200];
  snprintf(src, sizeof src, "%s/src", dir);
  make_source(src);
  ucopy_t *h = ucopy_new();
  /* Interleaved, so that the page cache and the journal treat all alike. */
  for (int i = 0; i < n; i++) {
    snprintf(dst, sizeof dst, "%s/p%d", dir, i);
    double t = now_us();
    if (plain_copy(src, dst) != 0) return 1;
    plain[i] = now_us() - t;

    snprintf(dst, sizeof dst, "%s/r%d", dir, i);
    t = now_us();
    if (ucopy_run(h, src, dst) != 0) return fprintf(stderr, "%s\n", ucopy_last_error(h)), 1;
    reused[i] = now_us() - t;

    snprintf(dst, sizeof dst, "%s/f%d", dir, i);
    t = now_us();
    ucopy_t *fresh = ucopy_new();
    if (ucopy_run(fresh, src, dst) != 0) return 1;
    first[i] = now_us() - t;
    ucopy_free(fresh);
  }
  ucopy_free(h);
  const double p = median(plain, n), r = median(reused, n), f = median(first, n);
  printf("plain syscalls   %8.1f us per copy (median of %d)\n", p, n);
  printf("ucopy reused     %8.1f us per copy  %.2fx plain (target <= 1.5x)\n", r, r / p);
  printf("ucopy first run  %8.1f us per copy  (new handle each; target <= 2000 us)\n", f);
  return 0;
}
