/* SPDX-License-Identifier: MIT */
/* The C half of the API tests: see c_side.h. */
#include "c_side.h"

ucopy_options capi_c_options_macro(void) {
  ucopy_options opts = UCOPY_OPTIONS_INIT;
  return opts;
}

size_t capi_c_sizeof_options(void) { return sizeof(ucopy_options); }
size_t capi_c_sizeof_event(void) { return sizeof(ucopy_event); }
size_t capi_c_sizeof_progress(void) { return sizeof(ucopy_progress); }
size_t capi_c_sizeof_stats(void) { return sizeof(ucopy_stats); }
size_t capi_c_offsetof_event_bytes(void) { return offsetof(ucopy_event, bytes); }
