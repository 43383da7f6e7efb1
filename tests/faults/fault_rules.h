/* SPDX-License-Identifier: MIT */
/* Which operation of the fault-injection filesystem fails, and how: the
 * Nth call of one operation (counted from 1 across all files) fails with
 * one errno, or every call of it is delayed. */
#pragma once

#include <stdint.h>

struct fault_rule {
  const char *op;     /* "write", "fsync", "rename", "create", "mkdir", "setxattr",
                         "chown", "utimens"; NULL: none */
  long nth;           /* the call that fails (1 = the first); 0: none fails */
  int err;            /* errno it fails with */
  long delay_ms;      /* every call of `op` waits this long first */
  const char *log;    /* file that gets one line per injected fault */
  const char *counts; /* file that gets "op calls" lines at unmount */
};

/* errno for "EIO", "ENOSPC", "EDQUOT", "EROFS" (or a number); 0 if unknown. */
int fault_errno(const char *name);

/* 0, or the negative errno the call of `op` on `path` fails with. Counts
 * the call, sleeps for the delay and logs "op path errno" when it fails. */
int fault_check(const struct fault_rule *rule, const char *op, const char *path);

/* Writes how many calls of each operation were seen to rule->counts. */
void fault_write_counts(const struct fault_rule *rule);
