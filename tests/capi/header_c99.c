/* SPDX-License-Identifier: MIT */
/* Compiled with -std=c99 -pedantic -Werror (see CMakeLists.txt): the public
 * header must be usable from strict ISO C, the lowest common denominator of
 * every binding. The header comes first so that it has to be self-contained. */
#include <ucopy.h>
#include <ucopy.h> /* the include guard must make a second inclusion harmless */

/* The initializer must be a constant expression, usable at file scope. */
static const ucopy_options defaults = UCOPY_OPTIONS_INIT;

/* Macros that callers combine must expand to integer constant expressions. */
typedef char archive_is_constant[(UCOPY_F_ARCHIVE & UCOPY_F_RECURSIVE) ? 1 : -1];
typedef char mask_is_constant[(UCOPY_EVENT_MASK_ERROR | UCOPY_EVENT_MASK_WARNING) ? 1 : -1];
typedef char limits_are_constant[UCOPY_BUFFER_SIZE_MAX > UCOPY_BUFFER_SIZE_MIN ? 1 : -1];

static int on_progress(const ucopy_progress *p, void *user) {
  (void)user;
  return p->finished > 1u;
}

static int on_event(const ucopy_event *e, void *user) {
  (void)user;
  return e->type == UCOPY_EVENT_ERROR ? UCOPY_SKIP : UCOPY_CONTINUE;
}

/* Every declaration is used once with the exact types a C caller would pass,
 * so a prototype change that C would reject fails this test. */
int use_everything(const char *src, const char *dst);
int use_everything(const char *src, const char *dst) {
  ucopy_options opts = defaults;
  ucopy_stats stats;
  ucopy_progress_cb pcb = on_progress;
  ucopy_event_cb ecb = on_event;
  unsigned v = ucopy_version();
  const char *s = ucopy_version_string();
  ucopy_t *h = ucopy_new();
  int rc = ucopy_options_init(&opts, sizeof opts);

  rc |= ucopy_set_options(h, &opts);
  rc |= ucopy_set_progress_callback(h, pcb, NULL);
  rc |= ucopy_set_event_callback(h, ecb, NULL, UCOPY_EVENT_MASK_ALL);
  rc |= ucopy_run(h, src, dst);
  rc |= ucopy_cancel(h);
  rc |= ucopy_get_stats(h, &stats, sizeof stats);
  s = ucopy_last_error(h);
  s = ucopy_strerror(rc);
  s = ucopy_error_name(rc);
  ucopy_free(h);
  return rc + (int)v + (s != NULL);
}
