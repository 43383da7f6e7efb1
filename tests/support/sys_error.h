/* SPDX-License-Identifier: MIT */
// Test helpers fail loudly: a setup step that does not work makes the test
// meaningless, so they throw with the call, the name and errno's text.
#pragma once

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace ucopy_test {

[[noreturn]] inline void throw_errno(const std::string &what, int err = errno) {
  throw std::runtime_error(what + ": " + std::strerror(err));
}

}  // namespace ucopy_test
