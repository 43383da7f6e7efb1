// SPDX-License-Identifier: MIT
// A ucopy_t owned by a unique_ptr, so that a failing ASSERT cannot leak it.
#ifndef UCOPY_TESTS_CAPI_HANDLE_HPP
#define UCOPY_TESTS_CAPI_HANDLE_HPP

#include <memory>

#include <ucopy.h>

namespace capi {

struct HandleDeleter {
  void operator()(ucopy_t *h) const { ucopy_free(h); }
};
using Handle = std::unique_ptr<ucopy_t, HandleDeleter>;

inline Handle new_handle() { return Handle(ucopy_new()); }

}  // namespace capi

#endif
