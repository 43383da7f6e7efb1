/* SPDX-License-Identifier: MIT */
/*
 * ucopy.h - the public C API of libucopy.
 *
 * libucopy copies files and whole directory trees on Linux with io_uring,
 * keeping what `cp -a` keeps. This header is the library's only public
 * interface: C99, no inline functions, no variadics, no bitfields and no
 * enum-typed struct fields, so that every language binding can use it as is.
 *
 * Conventions
 *  - Functions that can fail return an int: 0 on success, a negative errno
 *    value (-ENOENT, -EINVAL, ...) or one of the UCOPY_E* codes below.
 *    ucopy_strerror() describes any of them; ucopy_last_error() gives the
 *    message of the handle's last failure, naming the path and the reason.
 *  - Structs that cross the API start with a `size` field so that fields can
 *    be added at the end without breaking callers built against an older
 *    header. The library reads and writes only what `size` covers.
 *  - Paths are NUL-terminated byte strings, passed to the kernel unchanged:
 *    they need not be UTF-8 and may be longer than PATH_MAX.
 *  - A handle is used by one thread at a time. ucopy_cancel() is the one
 *    exception: it may be called from any thread or from a signal handler.
 *  - Callbacks run on the thread that called ucopy_run(), or, for a run
 *    started with ucopy_start(), on the thread calling ucopy_poll() or
 *    ucopy_finish(); one at a time.
 *  - A handle keeps its worker threads, io_uring rings and buffers between
 *    runs (ucopy_trim() releases them early; ucopy_free() always does), so
 *    a reused handle starts a run in microseconds. libucopy(3) gives the
 *    cost model.
 *
 * Every function has a section-3 man page; libucopy(3) is the overview.
 */
#ifndef UCOPY_H
#define UCOPY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define UCOPY_API __attribute__((visibility("default")))
#else
#define UCOPY_API
#endif

/* ---- Version --------------------------------------------------------- */

/* UCOPY_VERSION_MAJOR, _MINOR, _PATCH and _NUMBER (MAJOR * 10000 + MINOR * 100
 * + PATCH, comparable with ucopy_version()), generated from the build's
 * project version so that header, library, SONAME and ucopy.pc agree. */
#ifdef SWIG
%include "ucopy_version.h" /* SWIG skips #include; the bindings want these */
#else
#include "ucopy_version.h"
#endif

/* The version of the library in use (may differ from the header's). */
UCOPY_API unsigned ucopy_version(void);
/* The same as a static string, e.g. "0.1.0". */
UCOPY_API const char *ucopy_version_string(void);

/* ---- Status codes ---------------------------------------------------- */

#define UCOPY_OK 0
/* ucopy_run() finished, but some entries could not be copied (see stats). */
#define UCOPY_EPARTIAL (-10001)
/* A callback asked to stop the run (UCOPY_ABORT or a non-zero progress
 * return). Bindings use it to carry a language exception out of a run. */
#define UCOPY_EABORTED (-10002)
/* A source file changed size while it was being copied. */
#define UCOPY_ECHANGED (-10003)
/* Source and destination are the same file or directory. */
#define UCOPY_ESAMEFILE (-10004)
/* The destination lies inside the source tree. */
#define UCOPY_EDSTINSIDE (-10005)
/* ucopy_run() was stopped by ucopy_cancel(): -ECANCELED (from errno.h). */
/* UCOPY_F_VERIFY found the copy different from the source. */
#define UCOPY_EVERIFY (-10006)

/* A static, human-readable description of any status code. Never NULL. */
UCOPY_API const char *ucopy_strerror(int code);
/* The symbolic name of a status code, e.g. "ENOENT" or "UCOPY_EPARTIAL".
 * Never NULL ("UNKNOWN" for codes it does not know). */
UCOPY_API const char *ucopy_error_name(int code);

/* ---- Options --------------------------------------------------------- */

/* Flags for ucopy_options.flags. */
#define UCOPY_F_RECURSIVE 0x1ull      /* copy directories and their contents */
#define UCOPY_F_PRESERVE_MODE 0x2ull  /* permission bits incl. setuid/setgid/sticky */
#define UCOPY_F_PRESERVE_TIMES 0x4ull /* atime and mtime, in nanoseconds */
#define UCOPY_F_PRESERVE_OWNER 0x8ull /* uid and gid; see ucopy_options.owner_policy */
#define UCOPY_F_DEREFERENCE 0x10ull   /* follow every symlink in the source */
#define UCOPY_F_DEREFERENCE_ARGS 0x20ull /* follow the top-level source if it is a symlink */
/* Walk and report, write nothing: the plan. Each entry that would be
 * copied is an UCOPY_EVENT_COPIED event (bytes: the data it would copy),
 * each one left alone UCOPY_EVENT_SKIPPED, each removal (UCOPY_F_DELETE)
 * UCOPY_EVENT_DELETED, and the stats count what would be done. */
#define UCOPY_F_DRY_RUN 0x40ull
/* A file with several names in the tree is copied once; its other names
 * become hard links to the copy. */
#define UCOPY_F_PRESERVE_HARDLINKS 0x80ull
/* Extended attributes in every namespace the process may read (user.*,
 * trusted.* as root, security.* incl. SELinux labels), filtered by the
 * xattr filter (ucopy_set_xattr_filter). POSIX ACLs are copied by
 * UCOPY_F_PRESERVE_ACLS, not by this flag. */
#define UCOPY_F_PRESERVE_XATTRS 0x100ull
/* POSIX access ACLs, and default ACLs of directories. The mode bits stay
 * consistent with the ACL's mask. */
#define UCOPY_F_PRESERVE_ACLS 0x200ull
/* Recreate FIFOs and Unix sockets (a socket is recreated as a socket
 * inode, which no process listens on). Without it they are skipped. */
#define UCOPY_F_COPY_SPECIALS 0x400ull
/* Recreate character and block devices (needs CAP_MKNOD). Without it they
 * are skipped. */
#define UCOPY_F_COPY_DEVICES 0x800ull
/* Read sources without updating their access time (O_NOATIME), where the
 * process may: as their owner or with CAP_FOWNER. Not part of ARCHIVE. */
#define UCOPY_F_NOATIME 0x1000ull
/* After a directory's entries are copied, remove the entries of its
 * destination that the source directory does not have (rsync --delete).
 * Only through the destination directory's descriptors, never following a
 * symlink, never into another filesystem mounted below the destination; a
 * name the source could not be looked up for (other than "does not exist")
 * is kept. Each removed entry is an UCOPY_EVENT_DELETED event; with
 * UCOPY_F_DRY_RUN they are reported and nothing is removed. Not part of
 * ARCHIVE. */
#define UCOPY_F_DELETE 0x2000ull
/* Durability: each file's data is synced (fsync, through the ring) before it
 * is closed, each directory after its entries and its own metadata, and at
 * the end the destination filesystem as a whole (syncfs), which also covers
 * the metadata set after a file was closed, before ucopy_run() reports
 * success. Not part of ARCHIVE. */
#define UCOPY_F_FSYNC 0x4000ull
/* After copying each regular file, read the source and the destination
 * again and compare them; a difference is an UCOPY_EVERIFY error for that
 * file, whose copy is then removed. Costs a second read of both. */
#define UCOPY_F_VERIFY 0x10000ull
/* Files of 8 MiB and more that are read and written (not cloned, not
 * copy_file_range) bypass the page cache with O_DIRECT where the filesystems
 * allow it, chunk by block-aligned chunk; this flag keeps them in the page
 * cache instead. */
#define UCOPY_F_NO_DIRECT_IO 0x20000ull
/* Atomic replace: each regular file, symlink and special file is made under
 * a temporary name in its destination directory (".ucopy-tmp." followed by
 * the process id, a number and the start of its name), given its data and
 * metadata (and synced, with UCOPY_F_FSYNC), then renamed over its name. A
 * reader sees the old entry or the whole new one, never a partial file; an
 * entry that fails leaves the old one untouched and no temporary name.
 * Replacing is decided by ucopy_options.overwrite (and update) as without
 * it, but an existing entry is not removed first. Names of this form that
 * an interrupted run left (their process gone) are removed from each
 * existing destination directory the run merges into. Not part of
 * ARCHIVE. */
#define UCOPY_F_ATOMIC 0x40000ull
/* Stay on the source root's filesystem (`cp -x`, `rsync -x`): a directory
 * on another one (a mount point) is created in the destination, with its
 * metadata, but what it holds is not copied. Not part of ARCHIVE. */
#define UCOPY_F_ONE_FILE_SYSTEM 0x80000ull
/* Write-behind is on by default: once 64 MiB of copied data sits unwritten
 * in the page cache, a background thread starts write-back of the
 * destination filesystem (syncfs), so that the device writes while the copy
 * goes on instead of after it. Data reaches the disk sooner (100k small
 * files to a fresh ext4: 15% less time until synced), at the price of a run
 * that returns later (it waits for a write-back in progress) and of syncing
 * whatever else is dirty on that filesystem. This flag leaves all write-back
 * to the kernel. Data written with O_DIRECT does not count. */
#define UCOPY_F_NO_WRITE_BEHIND 0x100000ull
/* By default a counting walk runs ahead of the copy on its own thread
 * (directory listings and a statx per file, nothing read or written), so
 * that ucopy_progress.files_total and bytes_total are complete long before
 * the copy ends and totals_final says so. It costs about 2 µs of CPU per
 * entry on a warm cache and moves inode reads earlier on a cold one. This
 * flag turns it off: the totals are then what the copy has discovered so
 * far and become final only when the run ends. Since 0.2. */
#define UCOPY_F_NO_PRESCAN 0x200000ull
/* Everything this version can preserve, recursively: `cp -a` plus xattrs
 * and ACLs (`rsync -aHAX`). */
#define UCOPY_F_ARCHIVE                                                        \
  (UCOPY_F_RECURSIVE | UCOPY_F_PRESERVE_MODE | UCOPY_F_PRESERVE_TIMES |      \
   UCOPY_F_PRESERVE_OWNER | UCOPY_F_PRESERVE_HARDLINKS |                      \
   UCOPY_F_PRESERVE_XATTRS | UCOPY_F_PRESERVE_ACLS | UCOPY_F_COPY_SPECIALS |  \
   UCOPY_F_COPY_DEVICES)

/* Values for ucopy_options.overwrite: what to do when a destination entry
 * (other than a directory, which is always merged into) already exists. */
#define UCOPY_OVERWRITE_FAIL 0    /* report an EEXIST error for the entry */
#define UCOPY_OVERWRITE_REPLACE 1 /* replace it (unlink, then create anew;
                                     with UCOPY_F_ATOMIC, the complete copy is
                                     renamed over it) */
#define UCOPY_OVERWRITE_SKIP 2    /* keep it and count the entry as skipped */

/* Values for ucopy_options.owner_policy: what to do when the owner of an
 * entry cannot be kept (a caller without CAP_CHOWN copying files owned by
 * someone else). The group alone is still kept where the caller may. */
/* copy it owned by the caller, as `cp -a` does; one UCOPY_EVENT_WARNING
 * per run, for the first such entry, saying that later ones are not
 * reported (only it counts in stats.warnings). */
#define UCOPY_OWNER_WARN 0
#define UCOPY_OWNER_FAIL 1   /* report an UCOPY_EVENT_ERROR for the entry */
#define UCOPY_OWNER_IGNORE 2 /* copy it owned by the caller, silently (`cp -a`) */
/* copy it owned by the caller; an UCOPY_EVENT_WARNING for every such entry
 * (what UCOPY_OWNER_WARN did before 0.2). */
#define UCOPY_OWNER_WARN_EACH 3
/* Values for ucopy_options.copy_method: how file data is moved. Whatever the
 * method, a file falls back silently (per file) to the next one down when the
 * filesystem cannot do it (EXDEV, EOPNOTSUPP, ENOSYS, EINVAL). */
#define UCOPY_COPY_AUTO 0 /* small files through io_uring; larger ones: clone
                             (FICLONE), else copy_file_range, else read/write */
#define UCOPY_COPY_REFLINK 1         /* try a clone first for every file */
#define UCOPY_COPY_FILE_RANGE 2      /* copy_file_range first, no clone */
#define UCOPY_COPY_READ_WRITE 3      /* read and write only */

/* Values for ucopy_options.reflink (cp --reflink). */
#define UCOPY_REFLINK_AUTO 0   /* clone where the method allows and it works */
#define UCOPY_REFLINK_ALWAYS 1 /* clone every file or fail it (op "clone") */
#define UCOPY_REFLINK_NEVER 2  /* never clone */

/* Values for ucopy_options.sparse (cp --sparse). */
#define UCOPY_SPARSE_AUTO 0   /* keep the holes of files that have some */
#define UCOPY_SPARSE_ALWAYS 1 /* also turn zero runs of whole blocks into holes */
#define UCOPY_SPARSE_NEVER 2  /* write holes out as zeros */

/* Region-parallel copy of large files: regions are multiples of 2 MiB. */
#define UCOPY_REGION_THRESHOLD_DEFAULT (64ull * 1024 * 1024)
#define UCOPY_REGION_ALIGN (2ull * 1024 * 1024)
#define UCOPY_REGIONS_MAX 64

/* Values for ucopy_options.update: how an existing destination file is
 * judged up to date, in which case its data is left alone (its owner, mode
 * and times are still brought in line). An outdated one is replaced,
 * whatever ucopy_options.overwrite says. */
#define UCOPY_UPDATE_NONE 0       /* no check: the overwrite policy decides */
#define UCOPY_UPDATE_SIZE_MTIME 1 /* same type, size and mtime (rsync's quick check) */
#define UCOPY_UPDATE_CHECKSUM 2   /* same type, size and contents (reads both) */

/* Values for ucopy_options.digest: a content digest of each copied regular
 * file, computed from the bytes as the copy moves them (the source is never
 * read a second time for it), given in ucopy_event.digest of its
 * UCOPY_EVENT_COPIED event. Under a digest, data that would move without
 * passing through the process (splice, copy_file_range) is read and written
 * through the library's buffers instead, and a file above region_threshold
 * is copied by the helper threads in 1 MiB chunks taken in file order,
 * each digested in its turn, rather than in large regions; a file that
 * is cloned (FICLONE) is still cloned, and its source then read once to
 * compute the digest. Holes count as the zeros they read as. */
#define UCOPY_DIGEST_NONE 0
#define UCOPY_DIGEST_XXH128 1 /* XXH3 128-bit (libxxhash): 16 bytes */
#define UCOPY_DIGEST_SHA256 2 /* SHA-256 (OpenSSL libcrypto): 32 bytes */
#define UCOPY_DIGEST_MAX_LEN 32

/* Layout version of ucopy_options; bumped when fields are added. */
#define UCOPY_OPTIONS_VERSION 4

/* Limits of the tuning knobs; 0 in a knob means "choose the default". */
#define UCOPY_WORKERS_MAX 256
#define UCOPY_FILES_IN_FLIGHT_MAX 4096
#define UCOPY_QUEUE_DEPTH_MIN 8
#define UCOPY_QUEUE_DEPTH_MAX 32768
#define UCOPY_BUFFER_SIZE_MIN 4096
#define UCOPY_BUFFER_SIZE_MAX (64u * 1024u * 1024u)
#define UCOPY_PROGRESS_INTERVAL_MIN_MS 10
#define UCOPY_PROGRESS_INTERVAL_MAX_MS 60000
/* The I/O buffers of a run, workers x files_in_flight x buffer_size plus
 * 2 MiB per large-file helper (regions), may total at most this many
 * bytes (4 GiB; the defaults take at most 72 MiB). ucopy_set_options()
 * returns -EINVAL for more, the last error naming the figures. */
#define UCOPY_BUFFER_MEMORY_MAX (4ull * 1024 * 1024 * 1024)
/* The smallest ucopy_options.link_map_limit other than 0 (64 KiB, about a
 * thousand files with several names); less is -EINVAL. The map takes about
 * 60 bytes per file with several names until its last name is linked; at
 * the limit its oldest entries move to an unlinked temporary file (in the
 * destination's filesystem, else $TMPDIR), where later names find them.
 * Only if that file cannot be used is a file with several names copied as
 * a file of its own, its names not linked (one UCOPY_EVENT_WARNING). */
#define UCOPY_LINK_MAP_LIMIT_MIN (64ull * 1024)

typedef struct ucopy_options {
  uint32_t size;    /* sizeof(ucopy_options) as the caller compiled it */
  uint32_t version; /* UCOPY_OPTIONS_VERSION */
  uint64_t flags;   /* UCOPY_F_*; default UCOPY_F_ARCHIVE */
  uint32_t overwrite; /* UCOPY_OVERWRITE_*; default UCOPY_OVERWRITE_FAIL */
  uint32_t workers;   /* worker threads, each with one io_uring; 0: online CPUs, at most 8 */
  uint32_t files_in_flight; /* files copied at once per worker; 0: 64 */
  uint32_t queue_depth;     /* submission queue entries per ring; 0: 256 */
  uint32_t buffer_size;     /* bytes per I/O buffer, a multiple of 4096; 0: 128 KiB */
  uint32_t progress_interval_ms; /* at most one progress call per interval; 0: 100 */
  /* Since version 2. */
  uint32_t owner_policy; /* UCOPY_OWNER_*; default UCOPY_OWNER_WARN */
  uint32_t reserved0;    /* must be 0 */
  uint32_t copy_method; /* UCOPY_COPY_*; default UCOPY_COPY_AUTO */
  uint32_t reflink;     /* UCOPY_REFLINK_*; default UCOPY_REFLINK_AUTO */
  uint32_t sparse;      /* UCOPY_SPARSE_*; default UCOPY_SPARSE_AUTO */
  /* Large-file helper threads, i.e. regions copied at once (of one file or
   * of several); each holds at most 1 MiB of buffers. 0: 4. */
  uint32_t regions;
  /* Files of at least this many bytes are split into regions copied
   * concurrently; 0 disables. Default UCOPY_REGION_THRESHOLD_DEFAULT (not
   * 0: ucopy_options_init() and UCOPY_OPTIONS_INIT write it). */
  uint64_t region_threshold;
  /* Bytes per region, a multiple of UCOPY_REGION_ALIGN; 0: the file split
   * evenly among the helper threads, rounded up to that multiple. */
  uint64_t region_size;
  uint32_t update;    /* UCOPY_UPDATE_*; default UCOPY_UPDATE_NONE */
  uint32_t reserved1; /* must be 0 */
  /* Since version 3. Single switches that override `flags` whatever order
   * the caller gave them in: a run uses (flags | flags_set) & ~flags_clear.
   * So "archive mode, then no xattrs" and "no xattrs, then archive mode"
   * copy the same way. Bindings and the CLI record each switch here and
   * archive mode (or none) in `flags`. A bit in both is an error. Default 0. */
  uint64_t flags_set;
  uint64_t flags_clear;
  /* Since version 4. */
  uint32_t digest;    /* UCOPY_DIGEST_*; default UCOPY_DIGEST_NONE */
  uint32_t reserved2; /* must be 0 */
  uint64_t link_map_limit; /* bytes the hard-link map may use; 0: unlimited */
} ucopy_options;

/* A static initializer with the defaults, equal to what ucopy_options_init()
 * writes. */
#define UCOPY_OPTIONS_INIT                                                     \
  {sizeof(ucopy_options), UCOPY_OPTIONS_VERSION, UCOPY_F_ARCHIVE,             \
   UCOPY_OVERWRITE_FAIL, 0, 0, 0, 0, 0, UCOPY_OWNER_WARN, 0,                 \
   UCOPY_COPY_AUTO, UCOPY_REFLINK_AUTO, UCOPY_SPARSE_AUTO, 0,                 \
   UCOPY_REGION_THRESHOLD_DEFAULT, 0, UCOPY_UPDATE_NONE, 0, 0, 0,             \
   UCOPY_DIGEST_NONE, 0, 0}

/* Fill `opts` (of `size` bytes, normally sizeof(ucopy_options)) with the
 * defaults and set opts->size to `size`. Returns 0, or -EINVAL if opts is
 * NULL or size does not cover the size and version fields. */
UCOPY_API int ucopy_options_init(ucopy_options *opts, size_t size);

/* ---- Handle ---------------------------------------------------------- */
/* Every function that takes a handle returns -EINVAL when it is NULL
 * (ucopy_free and ucopy_last_error excepted). */

typedef struct ucopy ucopy_t;

/* A new handle with default options. NULL only when out of memory. */
UCOPY_API ucopy_t *ucopy_new(void);
/* Release a handle and everything it holds. NULL is allowed. Must not be
 * called while ucopy_run() is running on it. */
UCOPY_API void ucopy_free(ucopy_t *h);

/* Validate and take the options for the following runs. Only the first
 * opts->size bytes are read; fields beyond them keep their defaults. A
 * struct larger than this library's is accepted when the extra bytes are
 * zero. Unknown flag bits and out-of-range values are errors: the handle
 * keeps its previous options and -EINVAL is returned; the last error names
 * the field, the value and the allowed range. */
UCOPY_API int ucopy_set_options(ucopy_t *h, const ucopy_options *opts);

/* ---- Callbacks -------------------------------------------------------- */

typedef struct ucopy_progress {
  uint32_t size;     /* sizeof(ucopy_progress) as the library filled it */
  uint32_t finished; /* 1 on the last call of a run, else 0 */
  uint64_t files_done;  /* entries finished (copied, failed or skipped) */
  uint64_t files_total; /* entries in the run: see totals_final */
  /* Data bytes written, plus holes kept in sparse files, plus the sizes of
   * files settled without writing them (up to date, or an existing file
   * kept): the part of bytes_total the run is through. */
  uint64_t bytes_done;
  uint64_t bytes_total; /* data bytes in the run: see totals_final */
  uint64_t elapsed_ns;
  /* Since 0.2; present when size covers them. */
  /* 1 once files_total and bytes_total are complete: the counting walk
   * (see UCOPY_F_NO_PRESCAN) has finished, or the run has. Before that
   * they are what has been discovered so far. The totals may still grow a
   * little if the tree grows during the run, and they never go back. */
  uint32_t totals_final;
  uint32_t phase; /* UCOPY_PHASE_* */
  /* Rate of bytes_done over the last interval, in bytes per second. */
  uint64_t bytes_per_sec;
  uint64_t files_failed;  /* entries that could not be copied so far */
  uint64_t files_skipped; /* entries left alone so far (up to date, kept) */
  /* The source path of a file in flight, valid during the callback only;
   * NULL when there is none to tell (e.g. between files, or syncing). */
  const char *current_path;
} ucopy_progress;

/* ucopy_progress.phase: what the run is doing now. Parts of a run overlap
 * (a worker lists a directory while others copy); the phase is that of the
 * worker whose current_path is reported, or the run's final step. */
#define UCOPY_PHASE_WALKING 1   /* listing directories, looking at entries */
#define UCOPY_PHASE_COPYING 2   /* moving data and metadata */
#define UCOPY_PHASE_DELETING 3  /* removing extraneous entries (UCOPY_F_DELETE) */
#define UCOPY_PHASE_VERIFYING 4 /* comparing a copy with its source (UCOPY_F_VERIFY) */
#define UCOPY_PHASE_SYNCING 5   /* the final sync, or waiting for write-back */

/* Called at most once per progress interval and once more at the end with
 * finished = 1. The values never go backwards. Return 0 to go on; any other
 * value stops the run, which then returns UCOPY_EABORTED. */
typedef int (*ucopy_progress_cb)(const ucopy_progress *progress, void *user);

/* Replace the progress callback; cb NULL removes it. */
UCOPY_API int ucopy_set_progress_callback(ucopy_t *h, ucopy_progress_cb cb,
                                          void *user);

/* Event types, and the mask bits that select them. */
#define UCOPY_EVENT_ERROR 1   /* an entry could not be copied */
/* copied, but not exactly: the source changed while it was read, or some
 * metadata could not be kept (owner, an xattr, an ACL; a destination
 * filesystem without xattr or ACL support is reported once, not per entry) */
#define UCOPY_EVENT_WARNING 2
/* left alone: an existing destination kept, or a FIFO, socket or device
 * while UCOPY_F_COPY_SPECIALS / UCOPY_F_COPY_DEVICES is not set */
#define UCOPY_EVENT_SKIPPED 3
#define UCOPY_EVENT_COPIED 4  /* an entry was copied */
#define UCOPY_EVENT_DELETED 5 /* an extraneous destination entry was removed (UCOPY_F_DELETE) */
#define UCOPY_EVENT_MASK_ERROR (1u << UCOPY_EVENT_ERROR)
#define UCOPY_EVENT_MASK_WARNING (1u << UCOPY_EVENT_WARNING)
#define UCOPY_EVENT_MASK_SKIPPED (1u << UCOPY_EVENT_SKIPPED)
#define UCOPY_EVENT_MASK_COPIED (1u << UCOPY_EVENT_COPIED)
#define UCOPY_EVENT_MASK_DELETED (1u << UCOPY_EVENT_DELETED)
#define UCOPY_EVENT_MASK_ALL 0xffffffffu

/* Entry types in ucopy_event.file_type. */
#define UCOPY_TYPE_UNKNOWN 0
#define UCOPY_TYPE_FILE 1
#define UCOPY_TYPE_DIR 2
#define UCOPY_TYPE_SYMLINK 3
#define UCOPY_TYPE_SPECIAL 4 /* FIFO, socket, character or block device */

typedef struct ucopy_event {
  uint32_t size;      /* sizeof(ucopy_event) as the library filled it */
  uint32_t type;      /* UCOPY_EVENT_* */
  int32_t code;       /* 0, a negative errno value or a UCOPY_E* code */
  uint32_t file_type; /* UCOPY_TYPE_* */
  const char *src_path; /* the source entry; bytes as on disk */
  const char *dst_path; /* the destination entry */
  const char *op;       /* what failed: "open", "read", "write", ... ("" if none) */
  const char *message;  /* one line for humans: path, operation and reason */
  uint64_t bytes;       /* data bytes written for this entry */
  /* Since 0.2; present when size covers them. The content digest of a
   * copied regular file under ucopy_options.digest: digest_len bytes
   * (16 for UCOPY_DIGEST_XXH128, 32 for UCOPY_DIGEST_SHA256, big-endian
   * as sha256sum and xxhsum print them); digest_len is 0 for other events
   * and entries, and without a digest option. */
  uint32_t digest_len;
  uint32_t digest_type; /* UCOPY_DIGEST_* of `digest`, or UCOPY_DIGEST_NONE */
  uint8_t digest[UCOPY_DIGEST_MAX_LEN];
} ucopy_event;

/* Decisions an event callback returns. For errors: CONTINUE counts the entry
 * as failed and goes on; SKIP counts it as skipped (not a failure) and goes
 * on (for a directory, its subtree is left out); ABORT stops the run, which
 * returns UCOPY_EABORTED. For other events only ABORT has an effect. */
#define UCOPY_CONTINUE 0
#define UCOPY_SKIP 1
#define UCOPY_ABORT 2
/* Any other return value is taken as UCOPY_CONTINUE. */

/* The pointers in `event` are valid only during the call. */
typedef int (*ucopy_event_cb)(const ucopy_event *event, void *user);

/* Replace the event callback; it receives the event types whose bits are
 * set in `mask` (UCOPY_EVENT_MASK_*). cb NULL removes it. */
UCOPY_API int ucopy_set_event_callback(ucopy_t *h, ucopy_event_cb cb,
                                       void *user, uint32_t mask);

/* Decides whether the extended attribute `name` (e.g. "user.origin") is
 * copied: return non-zero to copy it, 0 to leave it out. It is asked once
 * per distinct name in a run (the answer is kept), on the thread that
 * called ucopy_run(), like every callback. Names the library never copies
 * do not reach it: system.* (POSIX ACLs travel with UCOPY_F_PRESERVE_ACLS)
 * and security.evm, which the kernel computes. */
typedef int (*ucopy_xattr_filter_cb)(const char *name, void *user);

/* Replace the xattr filter; cb NULL copies every xattr. */
UCOPY_API int ucopy_set_xattr_filter(ucopy_t *h, ucopy_xattr_filter_cb cb,
                                     void *user);

/* ---- Filters ----------------------------------------------------------- */

/* Include/exclude patterns, as rsync's --include/--exclude. Each entry's
 * path relative to the source root ("dir/file.c"; the root itself is never
 * filtered) is checked against the rules in the order they were added; the
 * first that matches decides, and an entry no rule matches is copied. An
 * excluded directory is not descended into. With UCOPY_F_DELETE, excluded
 * destination entries are kept. Patterns:
 *   a leading "/" anchors at the source root; otherwise a pattern without
 *   an inner "/" or "**" matches the last name, and one with them matches
 *   the end of the path at a name boundary;
 *   a trailing "/" matches directories only; "dir/" followed by "***"
 *   matches dir and everything below it;
 *   "*" matches any run of bytes but "/", "**" anything, "?" one byte but
 *   "/", "[...]" a class ("[!...]" or "[^...]" negated, "[:alpha:]" etc.),
 *   and a backslash escapes the next byte in patterns that have a wildcard.
 * Patterns and paths are bytes; they need not be UTF-8. */
#define UCOPY_FILTER_EXCLUDE 0
#define UCOPY_FILTER_INCLUDE 1

/* The longest pattern, in bytes (PATH_MAX, as rsync). Matching takes time
 * in proportion to pattern and path length, never more: a pattern of this
 * size against a path of the same size takes well under a millisecond. */
#define UCOPY_FILTER_PATTERN_MAX 4096

/* Append a rule for the following runs. Returns -EINVAL (the last error
 * naming the pattern) for another action, a NULL or empty pattern, one
 * longer than UCOPY_FILTER_PATTERN_MAX, one that names only the root ("/"),
 * or a "[" without its "]". */
UCOPY_API int ucopy_add_filter_rule(ucopy_t *h, int action, const char *pattern);
/* Remove every rule. */
UCOPY_API int ucopy_clear_filter_rules(ucopy_t *h);

struct stat;
/* Decides on each entry the rules let through: `path` is relative to the
 * source root (bytes, as on disk), `st` is the entry's lstat (its stat
 * where the run follows symlinks: UCOPY_F_DEREFERENCE). Return
 * UCOPY_CONTINUE to copy it, UCOPY_SKIP to leave it out (a directory's
 * subtree is then not walked), UCOPY_ABORT to stop the run, which returns
 * UCOPY_EABORTED. Any other value is taken as UCOPY_CONTINUE. The pointers
 * are valid only during the call. Entries are asked about in chunks of a
 * directory's listing, before any of them is copied. */
typedef int (*ucopy_filter_cb)(const char *path, const struct stat *st, void *user);

/* Replace the entry filter; cb NULL removes it. */
UCOPY_API int ucopy_set_filter_callback(ucopy_t *h, ucopy_filter_cb cb, void *user);

/* ---- Running ---------------------------------------------------------- */

/* Copy `src` to `dst` and block until done. `dst` is the name the copy
 * gets (not a directory to copy into): an existing directory at `dst` is
 * merged into when `src` is a directory.
 *
 * Returns 0 when everything was copied, UCOPY_EPARTIAL when some entries
 * failed (the rest was copied; each failure was an UCOPY_EVENT_ERROR event),
 * -ECANCELED after ucopy_cancel(), UCOPY_EABORTED when a callback stopped the
 * run, or another negative code when the run could not start (missing
 * source, destination inside the source, bad arguments): such problems are
 * returned and described by ucopy_last_error(), not reported as events. */
UCOPY_API int ucopy_run(ucopy_t *h, const char *src, const char *dst);

/* Ask the run active on `h` (a ucopy_run() in progress, or a run that
 * ucopy_start() started and ucopy_poll()/ucopy_finish() has not yet
 * returned the result of) to stop soon (well within a second); partial
 * destination files are removed. Safe from any thread and from a signal
 * handler. A cancel only ever reaches the run that was active when it was
 * called: with no run active it does nothing, so a cancel that comes just
 * after a run ended never stops the next one. To cancel a run from another
 * thread without racing its start, start it with ucopy_start() (the run is
 * active when that returns) and wait with ucopy_finish(). (Before 0.2 a
 * cancel with no run active was kept for the next run.) */
UCOPY_API int ucopy_cancel(ucopy_t *h);

/* ---- Running without blocking ------------------------------------------ */
/* ucopy_poll() while the started run goes on. */
#define UCOPY_RUNNING 1
/* Start copying `src` to `dst` as ucopy_run() would, and return as soon as
 * the run is under way: 0, or -EBUSY when a run is already active on the
 * handle, or -EINVAL for empty paths. Problems found while the run starts
 * (a missing source, ...) are its result, returned by ucopy_poll() or
 * ucopy_finish() as ucopy_run() would return them. The run goes on on the
 * library's threads; its callbacks wait for the caller to call
 * ucopy_poll() (when ucopy_fd() is readable) or ucopy_finish(), and run on
 * that thread. Each started run must be ended by ucopy_poll() returning
 * its result or by ucopy_finish() before the handle starts another. */
UCOPY_API int ucopy_start(ucopy_t *h, const char *src, const char *dst);
/* A descriptor that polls readable (POLLIN) while the started run has
 * something for ucopy_poll(): events or callbacks to deliver, a progress
 * interval that has passed, a cancel, or its end. For poll(2), epoll,
 * GLib, libuv, asyncio's add_reader. It belongs to the handle and stays the
 * same until ucopy_free(); do not read it or close it. Returns it, or a
 * negative errno. */
UCOPY_API int ucopy_fd(ucopy_t *h);
/* Deliver what the started run has pending (event, filter, xattr-filter
 * and progress callbacks) on the calling thread without waiting for the
 * copy, and rearm ucopy_fd(). Returns UCOPY_RUNNING while the run goes on;
 * once it has ended, its result, exactly as ucopy_run() would have
 * returned it (the handle is then idle, stats and last error are the
 * run's). The call that sees the end may wait for the end's own work: the
 * final sync under UCOPY_F_FSYNC, a write-back in progress. -EINVAL when
 * no run was started. */
UCOPY_API int ucopy_poll(ucopy_t *h);
/* Wait for the started run to end, delivering its callbacks on this
 * thread, and return its result as ucopy_poll() does. -EINVAL when no run
 * was started. */
UCOPY_API int ucopy_finish(ucopy_t *h);
/* Release the worker threads, rings and buffers the handle keeps between
 * runs; the next run creates them again. 0, or -EBUSY while a run is
 * active. */
UCOPY_API int ucopy_trim(ucopy_t *h);

typedef struct ucopy_stats {
  uint32_t size;     /* set by the library to the bytes it filled */
  uint32_t reserved;
  uint64_t files;    /* regular files copied */
  uint64_t dirs;     /* directories created or merged into */
  uint64_t symlinks; /* symbolic links created */
  uint64_t specials; /* FIFOs, sockets and device nodes created */
  /* data bytes of the files that the run left in the destination: a file
   * that failed or was cancelled, and whose partial copy was removed, does
   * not count. In a dry run: the bytes that would be copied (and files,
   * dirs, symlinks and specials count what would be created). */
  uint64_t bytes;
  uint64_t failures; /* entries that could not be copied */
  uint64_t skipped;  /* entries left alone */
  uint64_t warnings; /* warning events: a source changed while read, metadata not kept */
  uint64_t elapsed_ns;
  uint64_t sqes_submitted;  /* io_uring submission queue entries */
  uint64_t io_uring_enters; /* io_uring_enter system calls */
  /* Regular files (and their data bytes) by the way their data moved. A
   * file that fell back partway counts under the method it ended with;
   * bytes count under the method that moved them. */
  uint64_t files_reflinked;
  uint64_t bytes_reflinked;
  uint64_t files_copy_file_range;
  uint64_t bytes_copy_file_range;
  uint64_t files_read_write;
  uint64_t bytes_read_write;
  uint64_t bytes_sparse;   /* source bytes left as holes, not written */
  uint64_t files_verified; /* files compared again under UCOPY_F_VERIFY */
  uint64_t up_to_date;     /* entries left alone by ucopy_options.update (also in skipped) */
  uint64_t deleted;        /* destination entries removed by UCOPY_F_DELETE */
  /* entries left out by the filter rules or the filter callback (an
   * excluded directory counts once, its contents not at all) */
  uint64_t filtered;
} ucopy_stats;

/* The statistics of the last run that ended, written into `stats`,
 * which has room for `size` bytes (normally sizeof(ucopy_stats)). */
UCOPY_API int ucopy_get_stats(const ucopy_t *h, ucopy_stats *stats,
                              size_t size);

/* The message of the last failure on this handle ("" if none): the path,
 * the operation and the reason. Valid until the next call on the handle. */
UCOPY_API const char *ucopy_last_error(const ucopy_t *h);

#ifdef __cplusplus
}
#endif

#endif /* UCOPY_H */
