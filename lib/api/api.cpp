// SPDX-License-Identifier: MIT
// The C entry points: argument checks, handle lifecycle, and the rule that
// no C++ exception ever crosses the C ABI.
#include <cerrno>
#include <cstring>
#include <new>
#include <string>

#include "common/config.hpp"
#include "engine/handle.hpp"
#include "ucopy.h"

namespace {

// Runs `f`, turning any exception into a status code and a message.
template <typename F>
int guarded(ucopy *h, F f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc &) {
    if (h) h->last_error.clear();
    return -ENOMEM;
  } catch (const std::exception &e) {
    try {
      if (h) h->last_error = std::string("internal error: ") + e.what();
    } catch (...) {
    }
    return -EIO;
  } catch (...) {
    return -EIO;
  }
}

}  // namespace

extern "C" {

UCOPY_API unsigned ucopy_version(void) { return UCOPY_VERSION_NUMBER; }

#define UCOPY_STR_(x) #x
#define UCOPY_STR(x) UCOPY_STR_(x)
// Spelled from the generated macros, so the string cannot lag the version.
UCOPY_API const char *ucopy_version_string(void) {
  return UCOPY_STR(UCOPY_VERSION_MAJOR) "." UCOPY_STR(UCOPY_VERSION_MINOR) "." UCOPY_STR(
      UCOPY_VERSION_PATCH);
}

UCOPY_API int ucopy_options_init(ucopy_options *opts, size_t size) {
  if (opts == nullptr || size < offsetof(ucopy_options, flags)) return -EINVAL;
  ucopy_options def;
  ucopy_impl::default_options(&def);
  // An older caller's smaller struct gets the fields it knows of; a newer
  // caller's larger one gets zeros (= defaults) beyond ours.
  size_t n = size < sizeof def ? size : sizeof def;
  std::memcpy(opts, &def, n);
  if (size > sizeof def)
    std::memset(reinterpret_cast<char *>(opts) + sizeof def, 0, size - sizeof def);
  opts->size = static_cast<uint32_t>(size);
  return 0;
}

UCOPY_API ucopy_t *ucopy_new(void) {
  try {
    return new ucopy();
  } catch (...) {
    return nullptr;
  }
}

UCOPY_API void ucopy_free(ucopy_t *h) { delete h; }

UCOPY_API int ucopy_set_options(ucopy_t *h, const ucopy_options *opts) {
  if (h == nullptr) return -EINVAL;
  return guarded(h, [&] {
    ucopy_impl::Config cfg;
    std::string err;
    if (!ucopy_impl::resolve_options(opts, cfg, err)) {
      h->last_error = err;
      return -EINVAL;
    }
    h->cfg = cfg;
    return 0;
  });
}

UCOPY_API int ucopy_set_progress_callback(ucopy_t *h, ucopy_progress_cb cb, void *user) {
  if (h == nullptr) return -EINVAL;
  h->progress_cb = cb;
  h->progress_user = user;
  return 0;
}

UCOPY_API int ucopy_set_event_callback(ucopy_t *h, ucopy_event_cb cb, void *user, uint32_t mask) {
  if (h == nullptr) return -EINVAL;
  h->event_cb = cb;
  h->event_user = user;
  h->event_mask = cb != nullptr ? mask : 0;
  return 0;
}

UCOPY_API int ucopy_set_xattr_filter(ucopy_t *h, ucopy_xattr_filter_cb cb, void *user) {
  if (h == nullptr) return -EINVAL;
  h->xattr_filter_cb = cb;
  h->xattr_filter_user = user;
  return 0;
}

UCOPY_API int ucopy_add_filter_rule(ucopy_t *h, int action, const char *pattern) {
  if (h == nullptr) return -EINVAL;
  return guarded(h, [&] {
    if (action != UCOPY_FILTER_EXCLUDE && action != UCOPY_FILTER_INCLUDE) {
      h->last_error = "invalid filter action " + std::to_string(action) + " for pattern '" +
                      (pattern != nullptr ? pattern : "(null)") +
                      "': must be UCOPY_FILTER_EXCLUDE or UCOPY_FILTER_INCLUDE";
      return -EINVAL;
    }
    if (pattern == nullptr) {
      h->last_error = "invalid filter pattern: NULL";
      return -EINVAL;
    }
    std::string err;
    if (!h->filter_rules.add(action == UCOPY_FILTER_INCLUDE, pattern, err)) {
      h->last_error = err;
      return -EINVAL;
    }
    return 0;
  });
}

UCOPY_API int ucopy_clear_filter_rules(ucopy_t *h) {
  if (h == nullptr) return -EINVAL;
  h->filter_rules.clear();
  return 0;
}

UCOPY_API int ucopy_set_filter_callback(ucopy_t *h, ucopy_filter_cb cb, void *user) {
  if (h == nullptr) return -EINVAL;
  h->filter_cb = cb;
  h->filter_user = user;
  return 0;
}

namespace {
bool bad_paths(ucopy *h, const char *src, const char *dst) {
  if (src != nullptr && dst != nullptr && *src != '\0' && *dst != '\0') return false;
  h->last_error = "invalid argument: source and destination must be non-empty paths";
  return true;
}
}  // namespace

UCOPY_API int ucopy_run(ucopy_t *h, const char *src, const char *dst) {
  if (h == nullptr) return -EINVAL;
  return guarded(h, [&] {
    if (bad_paths(h, src, dst)) return -EINVAL;
    return h->engine.run(*h, src, dst);
  });
}

UCOPY_API int ucopy_start(ucopy_t *h, const char *src, const char *dst) {
  if (h == nullptr) return -EINVAL;
  return guarded(h, [&] {
    if (bad_paths(h, src, dst)) return -EINVAL;
    return h->engine.start(*h, src, dst);
  });
}

UCOPY_API int ucopy_fd(ucopy_t *h) {
  if (h == nullptr) return -EINVAL;
  return guarded(h, [&] { return h->engine.fd(); });
}

UCOPY_API int ucopy_poll(ucopy_t *h) {
  if (h == nullptr) return -EINVAL;
  return guarded(h, [&] { return h->engine.poll(); });
}

UCOPY_API int ucopy_finish(ucopy_t *h) {
  if (h == nullptr) return -EINVAL;
  return guarded(h, [&] { return h->engine.finish(); });
}

UCOPY_API int ucopy_trim(ucopy_t *h) {
  if (h == nullptr) return -EINVAL;
  return guarded(h, [&] { return h->engine.trim(); });
}

UCOPY_API int ucopy_cancel(ucopy_t *h) {
  if (h == nullptr) return -EINVAL;
  h->cancel_active();
  return 0;
}

UCOPY_API int ucopy_get_stats(const ucopy_t *h, ucopy_stats *stats, size_t size) {
  if (h == nullptr || stats == nullptr || size < sizeof(uint32_t)) return -EINVAL;
  ucopy_stats s = h->stats;
  size_t n = size < sizeof s ? size : sizeof s;
  s.size = static_cast<uint32_t>(n);
  std::memcpy(stats, &s, n);
  return 0;
}

UCOPY_API const char *ucopy_last_error(const ucopy_t *h) {
  if (h == nullptr) return "invalid handle (NULL)";
  return h->last_error.c_str();
}

}  // extern "C"
