// SPDX-License-Identifier: MIT
// UTF-8 decoding shared by the JSON writer and the name escaper.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ucopy_cli {

// Length of the well-formed UTF-8 sequence starting at bytes[i], or 0 when
// bytes[i] does not start one (Unicode 15, table 3-7: no overlongs, no
// surrogates, nothing above U+10FFFF).
size_t utf8_sequence_length(std::string_view bytes, size_t i);

// The code point of the well-formed sequence of `n` bytes at bytes[i].
uint32_t utf8_code_point(std::string_view bytes, size_t i, size_t n);

}  // namespace ucopy_cli
