// SPDX-License-Identifier: MIT
// Compiled with -std=c++11 -pedantic -Werror (see CMakeLists.txt): C++
// callers include the header directly, so it must need no C-only constructs,
// carry its own extern "C", and have an initializer that is not narrowing.
#include <ucopy.h>

#include <type_traits>

namespace {

// The initializer works as a C++11 aggregate initializer, with no narrowing.
const ucopy_options kDefaults = UCOPY_OPTIONS_INIT;

// Bindings copy these structs with memcpy; they must stay plain data.
static_assert(std::is_trivial<ucopy_options>::value, "ucopy_options must be trivial");
static_assert(std::is_standard_layout<ucopy_options>::value, "ucopy_options layout");
static_assert(std::is_trivial<ucopy_stats>::value, "ucopy_stats must be trivial");
static_assert(std::is_trivial<ucopy_progress>::value, "ucopy_progress must be trivial");
static_assert(std::is_trivial<ucopy_event>::value, "ucopy_event must be trivial");

int on_progress(const ucopy_progress *, void *) { return 0; }
int on_event(const ucopy_event *, void *) { return UCOPY_CONTINUE; }

}  // namespace

// extern "C" linkage: the function pointer types must accept these.
int use_everything(const char *src, const char *dst);
int use_everything(const char *src, const char *dst) {
  ucopy_options opts = kDefaults;
  ucopy_t *h = ucopy_new();
  int rc = ucopy_options_init(&opts, sizeof opts);
  rc |= ucopy_set_options(h, &opts);
  rc |= ucopy_set_progress_callback(h, on_progress, nullptr);
  rc |= ucopy_set_event_callback(h, on_event, nullptr, UCOPY_EVENT_MASK_ERROR);
  rc |= ucopy_run(h, src, dst);
  ucopy_stats stats = {};
  rc |= ucopy_get_stats(h, &stats, sizeof stats);
  ucopy_free(h);
  return rc;
}
