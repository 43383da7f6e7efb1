/* SPDX-License-Identifier: MIT */
// Functions compiled as ISO C (c_side.c) that the C++ tests call, so that
// what a C compiler makes of the header's macros can be compared with what
// the library does.
#ifndef UCOPY_TESTS_CAPI_C_SIDE_H
#define UCOPY_TESTS_CAPI_C_SIDE_H

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): also compiled as C

#include <ucopy.h>

#ifdef __cplusplus
extern "C" {
#endif

// UCOPY_OPTIONS_INIT as evaluated by the C compiler.
ucopy_options capi_c_options_macro(void);
// sizeof and offsetof as a C compiler sees them (layouts must agree with C++).
size_t capi_c_sizeof_options(void);
size_t capi_c_sizeof_event(void);
size_t capi_c_sizeof_progress(void);
size_t capi_c_sizeof_stats(void);
size_t capi_c_offsetof_event_bytes(void);

#ifdef __cplusplus
}
#endif

#endif
