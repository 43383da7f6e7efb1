/* SPDX-License-Identifier: MIT */
/* rusage_run: run a command and write its wait4() rusage as JSON to a file.
 *
 *   rusage_run OUT.json PROG [ARGS...]
 *
 * Why not fork from Python: a child forked from the ~20 MiB Python process keeps
 * that RSS as its high-water mark across exec, so ru_maxrss of every tool would
 * read at least 20 MiB. Forked from this tiny program the baseline is ~1 MiB.
 * The rusage covers the child and the descendants it reaped (a shell pipeline).
 * Exits with the child's exit code (128+signal if it was killed).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: rusage_run OUT.json PROG [ARGS...]\n");
    return 125;
  }
  pid_t pid = fork();
  if (pid < 0) {
    perror("rusage_run: fork");
    return 125;
  }
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    perror("rusage_run: exec");
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) {
    perror("rusage_run: wait4");
    return 125;
  }
  int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  FILE *f = fopen(argv[1], "w");
  if (!f) {
    perror("rusage_run: open output");
    return 125;
  }
  fprintf(f, "{\"rc\":%d,\"user_s\":%.6f,\"sys_s\":%.6f,\"maxrss_kib\":%ld}\n", rc,
          ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
          ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, ru.ru_maxrss);
  fclose(f);
  return rc;
}
