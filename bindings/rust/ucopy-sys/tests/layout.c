/* SPDX-License-Identifier: MIT */
/* Prints the layout of every struct in the installed ucopy.h and the value
 * of every constant, one "key value" line each; tests/layout.rs compares the
 * output with the Rust declarations (src/bindings.rs and src/lib.rs). */
#include <stddef.h>
#include <stdio.h>

#include <ucopy.h>

/* C99 has no _Alignof: the offset after a char is the alignment. */
#define ALIGN(T) offsetof(struct { char c; T t; }, t)
#define STRUCT(T)                                                              \
  printf("size %s %zu\nalign %s %zu\n", #T, sizeof(T), #T, ALIGN(T))
#define FIELD(T, F)                                                            \
  printf("offset %s.%s %zu\nsize %s.%s %zu\n", #T, #F, offsetof(T, F), #T,    \
         #F, sizeof(((T *)0)->F))
#define CONST(C) printf("const %s %lld\n", #C, (long long)(C))

/* Function signatures as src/lib.rs declares them: with -Werror a changed
 * parameter or return type in the header fails to compile. */
static unsigned (*const f_version)(void) = ucopy_version;
static const char *(*const f_version_string)(void) = ucopy_version_string;
static const char *(*const f_strerror)(int) = ucopy_strerror;
static const char *(*const f_error_name)(int) = ucopy_error_name;
static int (*const f_options_init)(ucopy_options *, size_t) = ucopy_options_init;
static ucopy_t *(*const f_new)(void) = ucopy_new;
static void (*const f_free)(ucopy_t *) = ucopy_free;
static int (*const f_set_options)(ucopy_t *, const ucopy_options *) = ucopy_set_options;
static int (*const f_set_progress)(ucopy_t *, int (*)(const ucopy_progress *, void *),
                                   void *) = ucopy_set_progress_callback;
static int (*const f_set_event)(ucopy_t *, int (*)(const ucopy_event *, void *), void *,
                                uint32_t) = ucopy_set_event_callback;
static int (*const f_set_xattr_filter)(ucopy_t *, int (*)(const char *, void *),
                                       void *) = ucopy_set_xattr_filter;
static int (*const f_run)(ucopy_t *, const char *, const char *) = ucopy_run;
static int (*const f_cancel)(ucopy_t *) = ucopy_cancel;
static int (*const f_start)(ucopy_t *, const char *, const char *) = ucopy_start;
static int (*const f_fd)(ucopy_t *) = ucopy_fd;
static int (*const f_poll)(ucopy_t *) = ucopy_poll;
static int (*const f_finish)(ucopy_t *) = ucopy_finish;
static int (*const f_trim)(ucopy_t *) = ucopy_trim;
static int (*const f_get_stats)(const ucopy_t *, ucopy_stats *, size_t) = ucopy_get_stats;
static const char *(*const f_last_error)(const ucopy_t *) = ucopy_last_error;

int main(void) {
  /* Using every pointer keeps -Wunused quiet; each is non-NULL. */
  const int functions =
      (f_version != NULL) + (f_version_string != NULL) + (f_strerror != NULL) +
      (f_error_name != NULL) + (f_options_init != NULL) + (f_new != NULL) +
      (f_free != NULL) + (f_set_options != NULL) + (f_set_progress != NULL) +
      (f_set_event != NULL) + (f_set_xattr_filter != NULL) + (f_run != NULL) + (f_cancel != NULL) +
      (f_get_stats != NULL) + (f_last_error != NULL) + (f_start != NULL) +
      (f_fd != NULL) + (f_poll != NULL) + (f_finish != NULL) + (f_trim != NULL);
  const ucopy_options init = UCOPY_OPTIONS_INIT;
  printf("functions %d\n", functions);

  STRUCT(ucopy_options);
  FIELD(ucopy_options, size);
  FIELD(ucopy_options, version);
  FIELD(ucopy_options, flags);
  FIELD(ucopy_options, overwrite);
  FIELD(ucopy_options, workers);
  FIELD(ucopy_options, files_in_flight);
  FIELD(ucopy_options, queue_depth);
  FIELD(ucopy_options, buffer_size);
  FIELD(ucopy_options, progress_interval_ms);
  FIELD(ucopy_options, owner_policy);
  FIELD(ucopy_options, reserved0);
  FIELD(ucopy_options, copy_method);
  FIELD(ucopy_options, reflink);
  FIELD(ucopy_options, sparse);
  FIELD(ucopy_options, regions);
  FIELD(ucopy_options, region_threshold);
  FIELD(ucopy_options, region_size);
  FIELD(ucopy_options, update);
  FIELD(ucopy_options, reserved1);
  FIELD(ucopy_options, flags_set);
  FIELD(ucopy_options, flags_clear);
  FIELD(ucopy_options, digest);
  FIELD(ucopy_options, reserved2);
  FIELD(ucopy_options, link_map_limit);

  STRUCT(ucopy_progress);
  FIELD(ucopy_progress, size);
  FIELD(ucopy_progress, finished);
  FIELD(ucopy_progress, files_done);
  FIELD(ucopy_progress, files_total);
  FIELD(ucopy_progress, bytes_done);
  FIELD(ucopy_progress, bytes_total);
  FIELD(ucopy_progress, elapsed_ns);
  FIELD(ucopy_progress, totals_final);
  FIELD(ucopy_progress, phase);
  FIELD(ucopy_progress, bytes_per_sec);
  FIELD(ucopy_progress, files_failed);
  FIELD(ucopy_progress, files_skipped);
  FIELD(ucopy_progress, current_path);

  STRUCT(ucopy_event);
  FIELD(ucopy_event, size);
  FIELD(ucopy_event, type);
  FIELD(ucopy_event, code);
  FIELD(ucopy_event, file_type);
  FIELD(ucopy_event, src_path);
  FIELD(ucopy_event, dst_path);
  FIELD(ucopy_event, op);
  FIELD(ucopy_event, message);
  FIELD(ucopy_event, bytes);
  FIELD(ucopy_event, digest_len);
  FIELD(ucopy_event, digest_type);
  FIELD(ucopy_event, digest);

  STRUCT(ucopy_stats);
  FIELD(ucopy_stats, size);
  FIELD(ucopy_stats, reserved);
  FIELD(ucopy_stats, files);
  FIELD(ucopy_stats, dirs);
  FIELD(ucopy_stats, symlinks);
  FIELD(ucopy_stats, specials);
  FIELD(ucopy_stats, bytes);
  FIELD(ucopy_stats, failures);
  FIELD(ucopy_stats, skipped);
  FIELD(ucopy_stats, warnings);
  FIELD(ucopy_stats, elapsed_ns);
  FIELD(ucopy_stats, sqes_submitted);
  FIELD(ucopy_stats, io_uring_enters);
  FIELD(ucopy_stats, files_reflinked);
  FIELD(ucopy_stats, bytes_reflinked);
  FIELD(ucopy_stats, files_copy_file_range);
  FIELD(ucopy_stats, bytes_copy_file_range);
  FIELD(ucopy_stats, files_read_write);
  FIELD(ucopy_stats, bytes_read_write);
  FIELD(ucopy_stats, bytes_sparse);
  FIELD(ucopy_stats, files_verified);
  FIELD(ucopy_stats, up_to_date);
  FIELD(ucopy_stats, deleted);
  FIELD(ucopy_stats, filtered);

  printf("init.size %lld\n", (long long)init.size);
  printf("init.version %lld\n", (long long)init.version);
  printf("init.flags %lld\n", (long long)init.flags);
  printf("init.overwrite %lld\n", (long long)init.overwrite);
  printf("init.workers %lld\n", (long long)init.workers);
  printf("init.files_in_flight %lld\n", (long long)init.files_in_flight);
  printf("init.queue_depth %lld\n", (long long)init.queue_depth);
  printf("init.buffer_size %lld\n", (long long)init.buffer_size);
  printf("init.progress_interval_ms %lld\n", (long long)init.progress_interval_ms);
  printf("init.owner_policy %lld\n", (long long)init.owner_policy);
  printf("init.reserved0 %lld\n", (long long)init.reserved0);
  printf("init.copy_method %lld\n", (long long)init.copy_method);
  printf("init.reflink %lld\n", (long long)init.reflink);
  printf("init.sparse %lld\n", (long long)init.sparse);
  printf("init.regions %lld\n", (long long)init.regions);
  printf("init.region_threshold %lld\n", (long long)init.region_threshold);
  printf("init.region_size %lld\n", (long long)init.region_size);
  printf("init.update %lld\n", (long long)init.update);
  printf("init.reserved1 %lld\n", (long long)init.reserved1);
  printf("init.flags_set %lld\n", (long long)init.flags_set);
  printf("init.flags_clear %lld\n", (long long)init.flags_clear);
  printf("init.digest %lld\n", (long long)init.digest);
  printf("init.reserved2 %lld\n", (long long)init.reserved2);
  printf("init.link_map_limit %lld\n", (long long)init.link_map_limit);

  CONST(UCOPY_VERSION_MAJOR);
  CONST(UCOPY_VERSION_MINOR);
  CONST(UCOPY_VERSION_PATCH);
  CONST(UCOPY_VERSION_NUMBER);
  CONST(UCOPY_OK);
  CONST(UCOPY_EPARTIAL);
  CONST(UCOPY_EABORTED);
  CONST(UCOPY_ECHANGED);
  CONST(UCOPY_ESAMEFILE);
  CONST(UCOPY_EDSTINSIDE);
  CONST(UCOPY_EVERIFY);
  CONST(UCOPY_F_RECURSIVE);
  CONST(UCOPY_F_PRESERVE_MODE);
  CONST(UCOPY_F_PRESERVE_TIMES);
  CONST(UCOPY_F_PRESERVE_OWNER);
  CONST(UCOPY_F_DEREFERENCE);
  CONST(UCOPY_F_DEREFERENCE_ARGS);
  CONST(UCOPY_F_DRY_RUN);
  CONST(UCOPY_F_PRESERVE_HARDLINKS);
  CONST(UCOPY_F_PRESERVE_XATTRS);
  CONST(UCOPY_F_PRESERVE_ACLS);
  CONST(UCOPY_F_COPY_SPECIALS);
  CONST(UCOPY_F_COPY_DEVICES);
  CONST(UCOPY_F_NOATIME);
  CONST(UCOPY_F_DELETE);
  CONST(UCOPY_F_FSYNC);
  CONST(UCOPY_F_VERIFY);
  CONST(UCOPY_F_NO_DIRECT_IO);
  CONST(UCOPY_F_ONE_FILE_SYSTEM);
  CONST(UCOPY_F_NO_WRITE_BEHIND);
  CONST(UCOPY_F_NO_PRESCAN);
  CONST(UCOPY_F_ATOMIC);
  CONST(UCOPY_F_ARCHIVE);
  CONST(UCOPY_OVERWRITE_FAIL);
  CONST(UCOPY_OVERWRITE_REPLACE);
  CONST(UCOPY_OVERWRITE_SKIP);
  CONST(UCOPY_OWNER_WARN);
  CONST(UCOPY_OWNER_FAIL);
  CONST(UCOPY_OWNER_IGNORE);
  CONST(UCOPY_OWNER_WARN_EACH);
  CONST(UCOPY_COPY_AUTO);
  CONST(UCOPY_COPY_REFLINK);
  CONST(UCOPY_COPY_FILE_RANGE);
  CONST(UCOPY_COPY_READ_WRITE);
  CONST(UCOPY_REFLINK_AUTO);
  CONST(UCOPY_REFLINK_ALWAYS);
  CONST(UCOPY_REFLINK_NEVER);
  CONST(UCOPY_SPARSE_AUTO);
  CONST(UCOPY_SPARSE_ALWAYS);
  CONST(UCOPY_SPARSE_NEVER);
  CONST(UCOPY_REGION_THRESHOLD_DEFAULT);
  CONST(UCOPY_REGION_ALIGN);
  CONST(UCOPY_REGIONS_MAX);
  CONST(UCOPY_LINK_MAP_LIMIT_MIN);
  CONST(UCOPY_UPDATE_NONE);
  CONST(UCOPY_UPDATE_SIZE_MTIME);
  CONST(UCOPY_UPDATE_CHECKSUM);
  CONST(UCOPY_DIGEST_NONE);
  CONST(UCOPY_DIGEST_XXH128);
  CONST(UCOPY_DIGEST_SHA256);
  CONST(UCOPY_DIGEST_MAX_LEN);
  CONST(UCOPY_OPTIONS_VERSION);
  CONST(UCOPY_WORKERS_MAX);
  CONST(UCOPY_FILES_IN_FLIGHT_MAX);
  CONST(UCOPY_QUEUE_DEPTH_MIN);
  CONST(UCOPY_QUEUE_DEPTH_MAX);
  CONST(UCOPY_BUFFER_SIZE_MIN);
  CONST(UCOPY_BUFFER_SIZE_MAX);
  CONST(UCOPY_PROGRESS_INTERVAL_MIN_MS);
  CONST(UCOPY_PROGRESS_INTERVAL_MAX_MS);
  CONST(UCOPY_PHASE_WALKING);
  CONST(UCOPY_PHASE_COPYING);
  CONST(UCOPY_PHASE_DELETING);
  CONST(UCOPY_PHASE_VERIFYING);
  CONST(UCOPY_PHASE_SYNCING);
  CONST(UCOPY_BUFFER_MEMORY_MAX);
  CONST(UCOPY_FILTER_PATTERN_MAX);
  CONST(UCOPY_EVENT_ERROR);
  CONST(UCOPY_EVENT_WARNING);
  CONST(UCOPY_EVENT_SKIPPED);
  CONST(UCOPY_EVENT_COPIED);
  CONST(UCOPY_EVENT_DELETED);
  CONST(UCOPY_EVENT_MASK_ERROR);
  CONST(UCOPY_EVENT_MASK_WARNING);
  CONST(UCOPY_EVENT_MASK_SKIPPED);
  CONST(UCOPY_EVENT_MASK_COPIED);
  CONST(UCOPY_EVENT_MASK_DELETED);
  CONST(UCOPY_EVENT_MASK_ALL);
  CONST(UCOPY_TYPE_UNKNOWN);
  CONST(UCOPY_TYPE_FILE);
  CONST(UCOPY_TYPE_DIR);
  CONST(UCOPY_TYPE_SYMLINK);
  CONST(UCOPY_TYPE_SPECIAL);
  CONST(UCOPY_CONTINUE);
  CONST(UCOPY_SKIP);
  CONST(UCOPY_ABORT);
  CONST(UCOPY_FILTER_EXCLUDE);
  CONST(UCOPY_FILTER_INCLUDE);
  CONST(UCOPY_RUNNING);
  return 0;
}
