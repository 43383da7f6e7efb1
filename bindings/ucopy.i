/* SPDX-License-Identifier: MIT */
/*
 * ucopy.i - the one SWIG interface for the Python and Go bindings.
 *
 * The shared part wraps include/ucopy.h as is: constants, the options and
 * stats structs, the handle functions. What SWIG cannot do generically lives
 * in the language sections below:
 *
 *  - Callbacks. A C function pointer cannot point at a Python callable or a
 *    Go func, so the raw setters are hidden and each language gets C
 *    trampolines that forward to its own code (Python: take the GIL and call;
 *    Go: call //export functions with a runtime/cgo.Handle as `user`).
 *  - Paths. They are byte strings on disk. Python accepts str (encoded with
 *    the filesystem encoding and surrogateescape, like os.fsencode), bytes and
 *    os.PathLike, and gets paths back decoded the same way (os.fsdecode), so
 *    names that are not UTF-8 survive a round trip. Go strings are bytes
 *    already, so the default string mapping is byte-exact there.
 *
 * Generated module: Python `ucopy.cucopy` (+ extension `ucopy._cucopy`),
 * Go package `cucopy` (bindings/go/internal/cucopy).
 */

#if defined(SWIGPYTHON)
/* threads="1": every wrapped call releases the GIL (ucopy_run above all, so
 * other Python threads run during a copy and may call ucopy_cancel). */
%module(package="ucopy", threads="1") cucopy
#else
%module cucopy
#endif

%{
#include <sys/stat.h>
#include <ucopy.h>
%}

%include <stdint.i>

/* The raw setters take C function pointers; the language sections below
 * install trampolines instead. */
%ignore ucopy_set_progress_callback;
%ignore ucopy_set_event_callback;
%ignore ucopy_set_xattr_filter;
%ignore ucopy_set_filter_callback;
/* Events and progress reach each language as its own values, built by the
 * trampolines, so their C structs need no wrapper. */
%ignore ucopy_progress;
%ignore ucopy_event;
%warnfilter(314) ucopy_event::type; /* its `type` field is a Go keyword */
/* Visibility attribute macro, not API. */
#define UCOPY_API

/* ucopy_options/ucopy_stats: `size` must stay what the caller compiled, so
 * fresh structs get their defaults/size from C, never from zeroed memory. */
%extend ucopy_options {
  ucopy_options() {
    ucopy_options *o = (ucopy_options *)calloc(1, sizeof *o);
    if (o) ucopy_options_init(o, sizeof *o);
    return o;
  }
  ~ucopy_options() { free($self); }
}
%extend ucopy_stats {
  ucopy_stats() {
    ucopy_stats *s = (ucopy_stats *)calloc(1, sizeof *s);
    if (s) s->size = sizeof *s;
    return s;
  }
  ~ucopy_stats() { free($self); }
}
/* Read-only to callers: the library owns these. */
%immutable ucopy_options::size;
%immutable ucopy_options::version;
/* Must stay 0; not offered to callers. */
%ignore ucopy_options::reserved0;
%ignore ucopy_options::reserved1;
%ignore ucopy_options::reserved2;

/* ====================================================================== */
#if defined(SWIGPYTHON)

/* --- Paths in: str / bytes / os.PathLike -> bytes, like os.fsencode. ---- */
%typemap(in) const char *src (PyObject *encoded = NULL),
             const char *dst (PyObject *encoded = NULL) {
  /* PyUnicode_FSConverter accepts exactly what os.fsencode does and rejects
   * embedded NUL bytes with ValueError. */
  if (!PyUnicode_FSConverter($input, &encoded)) SWIG_fail;
  $1 = PyBytes_AS_STRING(encoded);
}
%typemap(freearg) const char *src, const char *dst { Py_XDECREF(encoded$argnum); }
/* Filter patterns are bytes too, matched against the names on disk. */
%typemap(in) const char *pattern (PyObject *encoded = NULL) {
  if (!PyUnicode_FSConverter($input, &encoded)) SWIG_fail;
  $1 = PyBytes_AS_STRING(encoded);
}
%typemap(freearg) const char *pattern { Py_XDECREF(encoded$argnum); }
%typemap(typecheck, precedence=SWIG_TYPECHECK_STRING) const char *src, const char *dst {
  $1 = PyUnicode_Check($input) || PyBytes_Check($input) ||
       PyObject_HasAttrString($input, "__fspath__");
}

/* --- Messages out: they embed paths, so decode like os.fsdecode. -------- */
%typemap(out) const char *ucopy_last_error {
  $result = PyUnicode_DecodeFSDefault($1 ? $1 : "");
}

/* pyucopy_run takes Python callables and calls back into Python, so it
 * releases and re-takes the GIL itself instead of SWIG's blanket release. */
%nothread pyucopy_run;
%nothread pyucopy_start;
%nothread pyucopy_poll;
%nothread pyucopy_finish;
/* Python starts, polls and finishes a run through the pyucopy_ versions,
 * which install the trampolines for the run's whole life. */
%ignore ucopy_start;
%ignore ucopy_poll;
%ignore ucopy_finish;

%{
#include <stddef.h>

/* Whether the library filled `field` of *p, a struct whose `size` says how
 * much of it the library knew: an older one fills a shorter struct. */
#define PYUCOPY_FILLED(p, type, field) \
  ((size_t)(p)->size >= offsetof(type, field) + sizeof((p)->field))

/* State of one pyucopy_run() call, shared with the trampolines. It lives on
 * the caller's stack: callbacks are installed only for the duration. */
typedef struct {
  PyObject *progress; /* callable(finished, files_done, files_total,
                         bytes_done, bytes_total, elapsed_ns, totals_final,
                         phase, bytes_per_sec, files_failed, files_skipped,
                         current_path: bytes or None) or NULL */
  PyObject *event;    /* callable(type, code, file_type, src, dst, op,
                         message, bytes, digest: bytes, b"" for none)
                         -> int decision, or NULL */
  PyObject *xattr_filter; /* callable(name: bytes) -> truthy to copy, or NULL */
  PyObject *entry_filter; /* callable(path: bytes, mode, ino, dev, nlink, uid,
                             gid, size, atime, atime_ns, mtime, mtime_ns,
                             ctime, ctime_ns, blksize, blocks, rdev) -> int
                             decision, or NULL */
  ucopy_t *h; /* the running handle: an exception in the xattr filter, whose
                 answer cannot say "stop", cancels the run through it */
  /* The first exception raised in a callback (or by a signal handler);
   * re-raised once ucopy_run() has returned. */
  PyObject *exc_type, *exc_value, *exc_tb;
} pyucopy_ctx;

/* Move the current Python error into ctx (keeping only the first). */
static void pyucopy_store_error(pyucopy_ctx *ctx) {
  if (ctx->exc_type) {
    PyErr_Clear();
    return;
  }
  PyErr_Fetch(&ctx->exc_type, &ctx->exc_value, &ctx->exc_tb);
}

static int pyucopy_progress_tramp(const ucopy_progress *p, void *user) {
  pyucopy_ctx *ctx = (pyucopy_ctx *)user;
  int stop = 0;
  PyGILState_STATE gil = PyGILState_Ensure();
  if (ctx->exc_type) {
    stop = 1; /* already failing: keep asking the run to stop */
  } else if (PyErr_CheckSignals() < 0) {
    /* Ctrl-C: Python's C signal handler only set a flag while the GIL was
     * released; running the handlers here raises KeyboardInterrupt (on the
     * main thread), which we carry out of the run. */
    pyucopy_store_error(ctx);
    stop = 1;
  } else if (ctx->progress) {
    /* The 0.2 fields count only when the library filled them. The path
     * goes up as bytes (exactly as on disk), copied now: the pointer dies
     * when we return; the Python layer decodes it with os.fsdecode. */
    int v02 = PYUCOPY_FILLED(p, ucopy_progress, current_path);
    PyObject *path = NULL, *r = NULL;
    if (v02 && p->current_path)
      path = PyBytes_FromString(p->current_path);
    else {
      Py_INCREF(Py_None);
      path = Py_None;
    }
    if (path)
      r = PyObject_CallFunction(
          ctx->progress, "IKKKKKIIKKKO", (unsigned)p->finished,
          (unsigned long long)p->files_done, (unsigned long long)p->files_total,
          (unsigned long long)p->bytes_done, (unsigned long long)p->bytes_total,
          (unsigned long long)p->elapsed_ns,
          v02 ? (unsigned)p->totals_final : 0u, v02 ? (unsigned)p->phase : 0u,
          v02 ? (unsigned long long)p->bytes_per_sec : 0ull,
          v02 ? (unsigned long long)p->files_failed : 0ull,
          v02 ? (unsigned long long)p->files_skipped : 0ull, path);
    Py_XDECREF(path);
    if (!r) {
      pyucopy_store_error(ctx);
      stop = 1;
    } else {
      Py_DECREF(r);
    }
  }
  PyGILState_Release(gil);
  return stop;
}

static PyObject *pyucopy_bytes_or_empty(const char *s) {
  return PyBytes_FromString(s ? s : "");
}

static int pyucopy_event_tramp(const ucopy_event *e, void *user) {
  pyucopy_ctx *ctx = (pyucopy_ctx *)user;
  int decision = UCOPY_ABORT;
  PyGILState_STATE gil = PyGILState_Ensure();
  if (!ctx->exc_type) {
    /* Paths go up as bytes (exactly as on disk); the Python layer decodes
     * them with os.fsdecode. The pointers die when we return. */
    PyObject *src = pyucopy_bytes_or_empty(e->src_path);
    PyObject *dst = pyucopy_bytes_or_empty(e->dst_path);
    PyObject *msg = pyucopy_bytes_or_empty(e->message);
    /* A library older than the header fills no digest (size says so). */
    const int has_digest =
        e->size >= offsetof(ucopy_event, digest) + sizeof e->digest &&
        e->digest_len <= sizeof e->digest;
    PyObject *digest = PyBytes_FromStringAndSize(
        (const char *)e->digest, has_digest ? (Py_ssize_t)e->digest_len : 0);
    PyObject *r = NULL;
    if (src && dst && msg && digest)
      r = PyObject_CallFunction(ctx->event, "IiIOOsOKO", (unsigned)e->type,
                                (int)e->code, (unsigned)e->file_type, src, dst,
                                e->op ? e->op : "", msg,
                                (unsigned long long)e->bytes, digest);
    Py_XDECREF(digest);
    Py_XDECREF(src);
    Py_XDECREF(dst);
    Py_XDECREF(msg);
    if (r) {
      long d = PyLong_AsLong(r);
      Py_DECREF(r);
      if (d == -1 && PyErr_Occurred())
        pyucopy_store_error(ctx);
      else if (d == UCOPY_CONTINUE || d == UCOPY_SKIP || d == UCOPY_ABORT)
        decision = (int)d;
      else {
        PyErr_Format(PyExc_ValueError, "invalid decision %ld", d);
        pyucopy_store_error(ctx);
      }
    } else {
      pyucopy_store_error(ctx);
    }
  }
  PyGILState_Release(gil);
  return decision;
}

static int pyucopy_xattr_filter_tramp(const char *name, void *user) {
  pyucopy_ctx *ctx = (pyucopy_ctx *)user;
  int keep = 0; /* once failing, copy no more attributes */
  PyGILState_STATE gil = PyGILState_Ensure();
  if (!ctx->exc_type) {
    /* The name goes up as bytes, like paths; the Python layer decodes it
     * with os.fsdecode (as os.listxattr does). */
    PyObject *r = PyObject_CallFunction(ctx->xattr_filter, "y", name ? name : "");
    if (r) {
      int t = PyObject_IsTrue(r);
      Py_DECREF(r);
      if (t < 0)
        pyucopy_store_error(ctx);
      else
        keep = t;
    } else {
      pyucopy_store_error(ctx);
    }
    /* Safe from any context; the progress trampoline also keeps asking to
     * stop, and the exception is re-raised whatever the run returns. */
    if (ctx->exc_type) ucopy_cancel(ctx->h);
  }
  PyGILState_Release(gil);
  return keep;
}

static int pyucopy_entry_filter_tramp(const char *path, const struct stat *st,
                                      void *user) {
  pyucopy_ctx *ctx = (pyucopy_ctx *)user;
  int decision = UCOPY_ABORT;
  PyGILState_STATE gil = PyGILState_Ensure();
  if (!ctx->exc_type) {
    /* The path goes up as bytes and the stat as its fields; the Python
     * layer makes an os.stat_result of them. */
    PyObject *r = PyObject_CallFunction(
        ctx->entry_filter, "yKKKKKKLLlLlLlKLK", path ? path : "",
        (unsigned long long)st->st_mode, (unsigned long long)st->st_ino,
        (unsigned long long)st->st_dev, (unsigned long long)st->st_nlink,
        (unsigned long long)st->st_uid, (unsigned long long)st->st_gid,
        (long long)st->st_size, (long long)st->st_atim.tv_sec,
        (long)st->st_atim.tv_nsec, (long long)st->st_mtim.tv_sec,
        (long)st->st_mtim.tv_nsec, (long long)st->st_ctim.tv_sec,
        (long)st->st_ctim.tv_nsec, (unsigned long long)st->st_blksize,
        (long long)st->st_blocks, (unsigned long long)st->st_rdev);
    if (r) {
      long d = PyLong_AsLong(r);
      Py_DECREF(r);
      if (d == -1 && PyErr_Occurred())
        pyucopy_store_error(ctx);
      else if (d == UCOPY_CONTINUE || d == UCOPY_SKIP || d == UCOPY_ABORT)
        decision = (int)d;
      else {
        PyErr_Format(PyExc_ValueError, "invalid filter decision %ld", d);
        pyucopy_store_error(ctx);
      }
    } else {
      pyucopy_store_error(ctx);
    }
  }
  PyGILState_Release(gil);
  return decision;
}
%}

%{
/* Fill ctx with the callables (borrowed) and install the trampolines on h;
 * 0, or -1 with a Python error set. */
static int pyucopy_install(pyucopy_ctx *ctx, ucopy_t *h, PyObject *progress,
                           PyObject *event, uint32_t mask,
                           PyObject *xattr_filter, PyObject *entry_filter) {
  if (!h) {
    PyErr_SetString(PyExc_ValueError, "handle is closed");
    return -1;
  }
  if ((progress != Py_None && !PyCallable_Check(progress)) ||
      (event != Py_None && !PyCallable_Check(event)) ||
      (xattr_filter != Py_None && !PyCallable_Check(xattr_filter)) ||
      (entry_filter != Py_None && !PyCallable_Check(entry_filter))) {
    PyErr_SetString(PyExc_TypeError, "callbacks must be callable or None");
    return -1;
  }
  ctx->progress = progress == Py_None ? NULL : progress;
  ctx->event = event == Py_None ? NULL : event;
  ctx->xattr_filter = xattr_filter == Py_None ? NULL : xattr_filter;
  ctx->entry_filter = entry_filter == Py_None ? NULL : entry_filter;
  ctx->h = h;
  ucopy_set_progress_callback(h, pyucopy_progress_tramp, ctx);
  ucopy_set_event_callback(h, ctx->event ? pyucopy_event_tramp : NULL, ctx,
                           ctx->event ? mask : 0);
  ucopy_set_xattr_filter(h, ctx->xattr_filter ? pyucopy_xattr_filter_tramp : NULL,
                         ctx);
  ucopy_set_filter_callback(h, ctx->entry_filter ? pyucopy_entry_filter_tramp : NULL,
                            ctx);
  return 0;
}

static void pyucopy_uninstall(ucopy_t *h) {
  ucopy_set_progress_callback(h, NULL, NULL);
  ucopy_set_event_callback(h, NULL, NULL, 0);
  ucopy_set_xattr_filter(h, NULL, NULL);
  ucopy_set_filter_callback(h, NULL, NULL);
}

/* The result of a run that has ended: the exception a callback raised
 * (moved out of ctx), or rc. */
static PyObject *pyucopy_result(pyucopy_ctx *ctx, int rc) {
  if (ctx->exc_type) {
    PyErr_Restore(ctx->exc_type, ctx->exc_value, ctx->exc_tb);
    ctx->exc_type = ctx->exc_value = ctx->exc_tb = NULL;
    return NULL;
  }
  return PyLong_FromLong(rc);
}

/* A run started by pyucopy_start(): it outlives the call, so its state is
 * on the heap, owned by a capsule that holds references to the callables.
 * The trampolines point at it until the run's result has been taken. */
typedef struct {
  pyucopy_ctx ctx;
  int active; /* started, result not yet returned */
} pyucopy_started;

#define PYUCOPY_RUN_CAPSULE "ucopy.started_run"

static void pyucopy_started_release(pyucopy_started *s) {
  Py_CLEAR(s->ctx.progress);
  Py_CLEAR(s->ctx.event);
  Py_CLEAR(s->ctx.xattr_filter);
  Py_CLEAR(s->ctx.entry_filter);
  Py_CLEAR(s->ctx.exc_type);
  Py_CLEAR(s->ctx.exc_value);
  Py_CLEAR(s->ctx.exc_tb);
}

/* The capsule's destructor. A run still active here was abandoned (its
 * driver never polled it to the end): mark it failing, so that the
 * trampolines stop calling Python, cancel it and wait for it; the handle
 * must still be open, which the Python layer sees to. */
static void pyucopy_started_free(PyObject *capsule) {
  pyucopy_started *s = (pyucopy_started *)PyCapsule_GetPointer(capsule, PYUCOPY_RUN_CAPSULE);
  if (!s) return;
  if (s->active) {
    if (!s->ctx.exc_type) {
      Py_INCREF(PyExc_RuntimeError);
      s->ctx.exc_type = PyExc_RuntimeError;
    }
    ucopy_cancel(s->ctx.h);
    Py_BEGIN_ALLOW_THREADS
    ucopy_finish(s->ctx.h);
    Py_END_ALLOW_THREADS
    pyucopy_uninstall(s->ctx.h);
  }
  pyucopy_started_release(s);
  free(s);
}

static pyucopy_started *pyucopy_started_get(PyObject *capsule) {
  pyucopy_started *s = (pyucopy_started *)PyCapsule_GetPointer(capsule, PYUCOPY_RUN_CAPSULE);
  if (s && !s->active) {
    PyErr_SetString(PyExc_ValueError, "this run has ended");
    return NULL;
  }
  return s;
}

/* ucopy_poll() or ucopy_finish() of a started run, then its result once
 * it has ended. */
static PyObject *pyucopy_wait(PyObject *capsule, int block) {
  pyucopy_started *s = pyucopy_started_get(capsule);
  int rc;
  if (!s) return NULL;
  Py_BEGIN_ALLOW_THREADS
  rc = block ? ucopy_finish(s->ctx.h) : ucopy_poll(s->ctx.h);
  Py_END_ALLOW_THREADS
  if (rc == UCOPY_RUNNING) return PyLong_FromLong(rc); /* an exception waits for the end */
  s->active = 0;
  pyucopy_uninstall(s->ctx.h);
  return pyucopy_result(&s->ctx, rc);
}
%}

%inline %{
/* Run src -> dst on h with Python callbacks; returns the status code, or
 * raises the first exception a callback raised (the run was stopped then).
 * `event`, `xattr_filter` and `entry_filter` may be None; `progress` may be
 * None, in which case the progress trampoline still runs to notice Ctrl-C. */
PyObject *pyucopy_run(ucopy_t *h, const char *src, const char *dst,
                      PyObject *progress, PyObject *event, uint32_t mask,
                      PyObject *xattr_filter, PyObject *entry_filter) {
  pyucopy_ctx ctx = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
  int rc;
  if (pyucopy_install(&ctx, h, progress, event, mask, xattr_filter, entry_filter) < 0)
    return NULL;
  Py_BEGIN_ALLOW_THREADS
  rc = ucopy_run(h, src, dst);
  Py_END_ALLOW_THREADS
  pyucopy_uninstall(h);
  return pyucopy_result(&ctx, rc);
}

/* ucopy_start() with the callbacks of pyucopy_run(). Returns (0, run) with
 * `run` the capsule to hand to pyucopy_poll()/pyucopy_finish() until one
 * returns the result (not UCOPY_RUNNING), or (status, None) when the run
 * did not start (-EBUSY, -EINVAL). The callbacks run in those calls. */
PyObject *pyucopy_start(ucopy_t *h, const char *src, const char *dst,
                        PyObject *progress, PyObject *event, uint32_t mask,
                        PyObject *xattr_filter, PyObject *entry_filter) {
  pyucopy_started *s = (pyucopy_started *)calloc(1, sizeof *s);
  PyObject *capsule;
  int rc;
  if (!s) return PyErr_NoMemory();
  if (pyucopy_install(&s->ctx, h, progress, event, mask, xattr_filter, entry_filter) < 0) {
    free(s);
    return NULL;
  }
  /* The run keeps the callables: hold them for its whole life. */
  Py_XINCREF(s->ctx.progress);
  Py_XINCREF(s->ctx.event);
  Py_XINCREF(s->ctx.xattr_filter);
  Py_XINCREF(s->ctx.entry_filter);
  capsule = PyCapsule_New(s, PYUCOPY_RUN_CAPSULE, pyucopy_started_free);
  if (!capsule) {
    pyucopy_uninstall(h);
    pyucopy_started_release(s);
    free(s);
    return NULL;
  }
  Py_BEGIN_ALLOW_THREADS
  rc = ucopy_start(h, src, dst);
  Py_END_ALLOW_THREADS
  if (rc != 0) {
    pyucopy_uninstall(h);
    Py_DECREF(capsule);
    return Py_BuildValue("(iO)", rc, Py_None);
  }
  s->active = 1;
  return Py_BuildValue("(iN)", 0, capsule);
}

/* Deliver the started run's pending callbacks on this thread (call it when
 * ucopy_fd(h) is readable): UCOPY_RUNNING while it goes on, then its status
 * as pyucopy_run() returns it (or the exception a callback raised). */
PyObject *pyucopy_poll(PyObject *run) { return pyucopy_wait(run, 0); }

/* Wait for the started run to end, delivering its callbacks on this
 * thread; its result as pyucopy_poll() gives it. */
PyObject *pyucopy_finish(PyObject *run) { return pyucopy_wait(run, 1); }
%}

#endif /* SWIGPYTHON */

/* ====================================================================== */
#if defined(SWIGGO)

/* Go: the trampolines call these functions, exported from package cucopy
 * with //export (see internal/cucopy/callbacks.go). `handle` is a
 * runtime/cgo.Handle: Go pointers may not be kept by C. */
%{
extern int ucopyGoProgress(ucopy_progress *p, uintptr_t handle);
extern int ucopyGoEvent(ucopy_event *e, uintptr_t handle);
extern int ucopyGoXattrFilter(char *name, uintptr_t handle);
extern int ucopyGoFilter(char *path, struct stat *st, uintptr_t handle);

static int ucopy_go_progress_tramp(const ucopy_progress *p, void *user) {
  return ucopyGoProgress((ucopy_progress *)p, (uintptr_t)user);
}
static int ucopy_go_event_tramp(const ucopy_event *e, void *user) {
  return ucopyGoEvent((ucopy_event *)e, (uintptr_t)user);
}
static int ucopy_go_xattr_filter_tramp(const char *name, void *user) {
  return ucopyGoXattrFilter((char *)name, (uintptr_t)user);
}
static int ucopy_go_filter_tramp(const char *path, const struct stat *st,
                                 void *user) {
  return ucopyGoFilter((char *)path, (struct stat *)st, (uintptr_t)user);
}
%}

%inline %{
/* Install (handle != 0) or remove (handle == 0) the Go trampolines. The
 * progress one and the filters are installed only when wanted: Go needs no
 * signal polling. */
int ucopy_go_set_callbacks(ucopy_t *h, uintptr_t handle, int progress,
                           uint32_t event_mask, int xattr_filter,
                           int entry_filter) {
  int rc = ucopy_set_progress_callback(
      h, handle && progress ? ucopy_go_progress_tramp : NULL,
      (void *)handle);
  if (rc == 0)
    rc = ucopy_set_event_callback(
        h, handle && event_mask ? ucopy_go_event_tramp : NULL,
        (void *)handle, event_mask);
  if (rc == 0)
    rc = ucopy_set_xattr_filter(
        h, handle && xattr_filter ? ucopy_go_xattr_filter_tramp : NULL,
        (void *)handle);
  if (rc == 0)
    rc = ucopy_set_filter_callback(
        h, handle && entry_filter ? ucopy_go_filter_tramp : NULL,
        (void *)handle);
  return rc;
}
%}

#endif /* SWIGGO */

%include "ucopy.h"
