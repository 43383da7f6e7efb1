/* SPDX-License-Identifier: MIT */
#include "fault_rules.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Calls of each operation so far (single-threaded: -s). */
static const char *const g_ops[] = {"write", "fsync",    "rename", "create",
                                    "mkdir", "setxattr", "chown",  "utimens"};
static long g_seen[sizeof g_ops / sizeof g_ops[0]];

static long *seen(const char *op) {
  for (size_t i = 0; i < sizeof g_ops / sizeof g_ops[0]; i++)
    if (strcmp(op, g_ops[i]) == 0) return &g_seen[i];
  return NULL;
}

int fault_errno(const char *name) {
  static const struct {
    const char *name;
    int err;
  } known[] = {{"EIO", EIO}, {"ENOSPC", ENOSPC}, {"EDQUOT", EDQUOT}, {"EROFS", EROFS}};
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp(name, known[i].name) == 0) return known[i].err;
  return atoi(name);
}

static void log_fault(const struct fault_rule *rule, const char *op, const char *path) {
  if (rule->log == NULL) return;
  FILE *f = fopen(rule->log, "a");
  if (f == NULL) return;
  fprintf(f, "%s %s %d\n", op, path, rule->err);
  fclose(f);
}

void fault_write_counts(const struct fault_rule *rule) {
  FILE *f = rule->counts != NULL ? fopen(rule->counts, "w") : NULL;
  if (f == NULL) return;
  for (size_t i = 0; i < sizeof g_ops / sizeof g_ops[0]; i++)
    fprintf(f, "%s %ld\n", g_ops[i], g_seen[i]);
  fclose(f);
}

int fault_check(const struct fault_rule *rule, const char *op, const char *path) {
  long *calls = seen(op);
  if (calls != NULL) ++*calls;
  if (rule->op == NULL || strcmp(rule->op, op) != 0) return 0;
  if (rule->delay_ms > 0) {
    struct timespec ts = {rule->delay_ms / 1000, (rule->delay_ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
  }
  if (calls == NULL || *calls != rule->nth) return 0;
  log_fault(rule, op, path);
  return -rule->err;
}
