/* SPDX-License-Identifier: MIT */
/* gen_tree: fast, deterministic corpus writer for the ucopy benchmark.
 *
 * Python alone takes minutes to write 100k files or 4 GiB of random bytes; this
 * helper does it with a few threads. It is compiled on the fly by corpus.py.
 *
 *   gen_tree tree ROOT NDIRS NFILES fixed SIZE SEED THREADS
 *   gen_tree tree ROOT NDIRS NFILES lognormal MEDIAN SIGMA SEED THREADS
 *   gen_tree big  PATH SIZE SEED THREADS
 *
 * A trailing "meta" argument to tree mode gives every file one user xattr
 * and a POSIX access ACL with a named user: the corpus that shows what
 * preserving everything costs.
 *
 * Content of file i depends only on (seed, i), never on the thread that wrote
 * it, so the same seed always yields the same corpus. Bytes come from
 * splitmix64: random enough that no filesystem can compress or dedupe them.
 * Prints one JSON line: {"files":N,"dirs":N,"bytes":N}.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#define CHUNK (1u << 20) /* write granularity: 1 MiB */

static uint64_t splitmix64(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static void fill(uint64_t *state, unsigned char *buf, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t v = splitmix64(state);
    memcpy(buf + i, &v, 8);
  }
  if (i < n) {
    uint64_t v = splitmix64(state);
    memcpy(buf + i, &v, n - i);
  }
}

static void die(const char *what, const char *path) {
  fprintf(stderr, "gen_tree: %s %s: %s\n", what, path, strerror(errno));
  exit(1);
}

static void write_all(int fd, const unsigned char *buf, size_t n, off_t off, const char *path) {
  while (n > 0) {
    ssize_t w = pwrite(fd, buf, n, off);
    if (w < 0) {
      if (errno == EINTR) continue;
      die("write", path);
    }
    buf += w;
    n -= (size_t)w;
    off += w;
  }
}

/* ---- tree mode: NDIRS directories, NFILES files spread evenly over them ---- */

static struct {
  const char *root;
  uint64_t ndirs, nfiles, per_dir, seed;
  int lognormal;
  int meta; /* add an xattr and an ACL to every file */
  double size, sigma; /* fixed size, or median and sigma of the log-normal */
  atomic_uint_fast64_t next, bytes;
} T;

static uint64_t file_size(uint64_t i) {
  if (!T.lognormal) return (uint64_t)T.size;
  uint64_t s = T.seed ^ (i * 0xd1b54a32d192ed03ull) ^ 0x5bd1e995ull;
  /* Box-Muller on two uniforms in (0,1]. */
  double u1 = ((splitmix64(&s) >> 11) + 1.0) / 9007199254740993.0;
  double u2 = ((splitmix64(&s) >> 11) + 1.0) / 9007199254740993.0;
  double z = sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
  double v = T.size * exp(T.sigma * z);
  double cap = T.size * 64.0; /* keep one unlucky draw from dominating the corpus */
  return (uint64_t)(v > cap ? cap : (v < 1.0 ? 1.0 : v));
}

/* system.posix_acl_access in the kernel's format (version 2, then
 * {u16 tag, u16 perm, u32 id} sorted by tag): u::rw-,u:1000:r--,g::r--,m::r--,o::r--. */
static void add_meta(const char *path, uint64_t i) {
  static const uint32_t undefined = 0xffffffffu;
  struct {
    uint16_t tag, perm;
    uint32_t id;
  } e[] = {{0x01, 6, undefined}, {0x02, 4, 1000}, {0x04, 4, undefined}, {0x10, 4, undefined},
           {0x20, 4, undefined}};
  unsigned char acl[4 + sizeof e];
  uint32_t version = 2;
  memcpy(acl, &version, 4);
  memcpy(acl + 4, e, sizeof e);
  char tag[32];
  int n = snprintf(tag, sizeof tag, "sample-%llu", (unsigned long long)i);
  if (setxattr(path, "user.tag", tag, (size_t)n, 0) < 0) die("setxattr user.tag", path);
  if (setxattr(path, "system.posix_acl_access", acl, sizeof acl, 0) < 0) die("set ACL", path);
}

static void *tree_worker(void *arg) {
  (void)arg;
  unsigned char *buf = malloc(CHUNK);
  char path[4096];
  if (!buf) return NULL;
  for (;;) {
    uint64_t first = atomic_fetch_add(&T.next, 64); /* batches keep the counter cold */
    if (first >= T.nfiles) break;
    uint64_t last = first + 64 < T.nfiles ? first + 64 : T.nfiles;
    for (uint64_t i = first; i < last; i++) {
      snprintf(path, sizeof path, "%s/d%05llu/f%07llu", T.root,
               (unsigned long long)(i / T.per_dir), (unsigned long long)i);
      int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd < 0) die("create", path);
      uint64_t size = file_size(i), done = 0;
      uint64_t state = T.seed ^ (i * 0x9e3779b97f4a7c15ull);
      while (done < size) {
        size_t n = size - done < CHUNK ? (size_t)(size - done) : CHUNK;
        fill(&state, buf, n);
        write_all(fd, buf, n, (off_t)done, path);
        done += n;
      }
      if (close(fd) < 0) die("close", path);
      if (T.meta) add_meta(path, i);
      atomic_fetch_add(&T.bytes, size);
    }
  }
  free(buf);
  return NULL;
}

static int run_threads(void *(*fn)(void *), int threads) {
  pthread_t tid[64];
  if (threads < 1) threads = 1;
  if (threads > 64) threads = 64;
  for (int t = 0; t < threads; t++)
    if (pthread_create(&tid[t], NULL, fn, NULL) != 0) return -1;
  for (int t = 0; t < threads; t++) pthread_join(tid[t], NULL);
  return 0;
}

static int cmd_tree(int argc, char **argv) {
  /* argv: ROOT NDIRS NFILES kind ... */
  if (argc < 7) return 2;
  T.root = argv[0];
  T.ndirs = strtoull(argv[1], NULL, 10);
  T.nfiles = strtoull(argv[2], NULL, 10);
  int ai = 4;
  if (strcmp(argv[3], "lognormal") == 0) {
    if (argc < 8) return 2;
    T.lognormal = 1;
    T.size = atof(argv[ai++]);
    T.sigma = atof(argv[ai++]);
  } else {
    T.size = atof(argv[ai++]);
  }
  T.seed = strtoull(argv[ai++], NULL, 10);
  int threads = atoi(argv[ai++]);
  T.meta = ai < argc && strcmp(argv[ai], "meta") == 0;
  if (T.ndirs == 0) T.ndirs = 1;
  T.per_dir = (T.nfiles + T.ndirs - 1) / T.ndirs;
  if (T.per_dir == 0) T.per_dir = 1;

  if (mkdir(T.root, 0755) < 0 && errno != EEXIST) die("mkdir", T.root);
  char path[4096];
  for (uint64_t d = 0; d < T.ndirs; d++) {
    snprintf(path, sizeof path, "%s/d%05llu", T.root, (unsigned long long)d);
    if (mkdir(path, 0755) < 0 && errno != EEXIST) die("mkdir", path);
  }
  if (run_threads(tree_worker, threads) < 0) die("pthread_create", "");
  printf("{\"files\":%llu,\"dirs\":%llu,\"bytes\":%llu}\n", (unsigned long long)T.nfiles,
         (unsigned long long)T.ndirs + 1, (unsigned long long)atomic_load(&T.bytes));
  return 0;
}

/* ---- big mode: one file, regions written concurrently ---- */

static struct {
  const char *path;
  int fd;
  uint64_t size, seed;
  atomic_uint_fast64_t next;
} B;

static void *big_worker(void *arg) {
  (void)arg;
  unsigned char *buf = malloc(CHUNK);
  if (!buf) return NULL;
  for (;;) {
    uint64_t c = atomic_fetch_add(&B.next, 1), off = c * CHUNK;
    if (off >= B.size) break;
    size_t n = B.size - off < CHUNK ? (size_t)(B.size - off) : CHUNK;
    uint64_t state = B.seed ^ (c * 0x9e3779b97f4a7c15ull);
    fill(&state, buf, n);
    write_all(B.fd, buf, n, (off_t)off, B.path);
  }
  free(buf);
  return NULL;
}

static int cmd_big(int argc, char **argv) {
  if (argc < 4) return 2;
  B.path = argv[0];
  B.size = strtoull(argv[1], NULL, 10);
  B.seed = strtoull(argv[2], NULL, 10);
  B.fd = open(B.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (B.fd < 0) die("create", B.path);
  if (run_threads(big_worker, atoi(argv[3])) < 0) die("pthread_create", "");
  if (close(B.fd) < 0) die("close", B.path);
  printf("{\"files\":1,\"dirs\":0,\"bytes\":%llu}\n", (unsigned long long)B.size);
  return 0;
}

int main(int argc, char **argv) {
  int rc = 2;
  if (argc >= 2 && strcmp(argv[1], "tree") == 0) rc = cmd_tree(argc - 2, argv + 2);
  if (argc >= 2 && strcmp(argv[1], "big") == 0) rc = cmd_big(argc - 2, argv + 2);
  if (rc == 2)
    fprintf(stderr,
            "usage: gen_tree tree ROOT NDIRS NFILES fixed SIZE SEED THREADS\n"
            "       gen_tree tree ROOT NDIRS NFILES lognormal MEDIAN SIGMA SEED THREADS\n"
            "       gen_tree big PATH SIZE SEED THREADS\n");
  return rc;
}
