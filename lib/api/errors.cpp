// SPDX-License-Identifier: MIT
// Status codes to text: ucopy_strerror() and ucopy_error_name().
#include <cerrno>
#include <cstring>

#include "ucopy.h"

namespace {

struct OwnCode {
  int code;
  const char *name;
  const char *text;
};

// ucopy's own codes live below -10000, far from any errno value.
constexpr OwnCode kOwnCodes[] = {
    {UCOPY_EPARTIAL, "UCOPY_EPARTIAL", "Some entries could not be copied"},
    {UCOPY_EABORTED, "UCOPY_EABORTED", "Stopped by a callback"},
    {UCOPY_ECHANGED, "UCOPY_ECHANGED", "Source file changed while it was copied"},
    {UCOPY_ESAMEFILE, "UCOPY_ESAMEFILE", "Source and destination are the same file"},
    {UCOPY_EDSTINSIDE, "UCOPY_EDSTINSIDE", "Destination is inside the source"},
    {UCOPY_EVERIFY, "UCOPY_EVERIFY", "Copy differs from the source when read again"},
};

const OwnCode *find_own(int code) {
  for (const auto &c : kOwnCodes)
    if (c.code == code) return &c;
  return nullptr;
}

}  // namespace

extern "C" UCOPY_API const char *ucopy_strerror(int code) {
  if (code == 0) return "Success";
  if (const OwnCode *c = find_own(code)) return c->text;
  if (code < 0 && code > -4096) {
    // strerrordesc_np returns a static string and, unlike strerror, is
    // thread-safe and never formats into a shared buffer.
    if (const char *d = strerrordesc_np(-code)) return d;
  }
  return "Unknown error";
}

extern "C" UCOPY_API const char *ucopy_error_name(int code) {
  if (code == 0) return "UCOPY_OK";
  if (const OwnCode *c = find_own(code)) return c->name;
  if (code < 0 && code > -4096) {
    if (const char *n = strerrorname_np(-code)) return n;
  }
  return "UNKNOWN";
}
