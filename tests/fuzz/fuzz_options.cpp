// SPDX-License-Identifier: MIT
// Fuzzes the options as a caller of include/ucopy.h passes them: a struct
// of any size (smaller, equal or larger than this library's) filled with
// arbitrary bytes, through ucopy_options_init() and ucopy_set_options(),
// plus a filter rule of arbitrary bytes. The input is "SIZE(2 bytes,
// little-endian) STRUCT-BYTES [\0 PATTERN]". Every call must return 0 or
// -EINVAL (with a message), never crash or throw.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "ucopy.h"

namespace {

ucopy_t *handle() {
  static ucopy_t *h = ucopy_new();
  return h;
}

void expect_status(int rc, const char *what) {
  if (rc == 0) return;
  const char *message = ucopy_last_error(handle());
  if (rc != -EINVAL || message == nullptr || *message == '\0') {
    std::fprintf(stderr, "%s returned %d with message '%s'\n", what, rc,
                 message != nullptr ? message : "(null)");
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2 || handle() == nullptr) return 0;
  const size_t declared = data[0] | size_t{data[1]} << 8;
  data += 2;
  size -= 2;
  // The struct: `declared` bytes (capped at what follows), of which the
  // fuzzer's bytes overwrite what ucopy_options_init() wrote.
  const size_t len = declared < size ? declared : size;
  std::vector<unsigned char> bytes(len < sizeof(ucopy_options) ? sizeof(ucopy_options) : len, 0);
  auto *opts = reinterpret_cast<ucopy_options *>(bytes.data());
  const int init = ucopy_options_init(opts, len);
  if (init != 0 && init != -EINVAL) std::abort();
  std::memcpy(bytes.data(), data, len);
  // The size field may claim less than the buffer, never more (that would
  // be the caller lying about its own memory).
  if (len >= sizeof(uint32_t) && opts->size > len) opts->size = static_cast<uint32_t>(len);
  if (len < sizeof(uint32_t)) opts->size = static_cast<uint32_t>(len);
  expect_status(ucopy_set_options(handle(), opts), "ucopy_set_options");

  // A rule from what follows the struct, up to its first NUL.
  if (len < size) {
    const std::string pattern(reinterpret_cast<const char *>(data + len), size - len);
    const int action = static_cast<int>(pattern.size() % 3);  // 2: an invalid action
    expect_status(ucopy_add_filter_rule(handle(), action, pattern.c_str()),
                  "ucopy_add_filter_rule");
    ucopy_clear_filter_rules(handle());
  }
  return 0;
}
