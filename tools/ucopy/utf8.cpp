// SPDX-License-Identifier: MIT
#include "utf8.hpp"

namespace ucopy_cli {

size_t utf8_sequence_length(std::string_view bytes, size_t i) {
  const auto at = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
  const unsigned char b0 = at(i);
  const size_t left = bytes.size() - i;
  if (b0 < 0x80) return 1;
  const auto in = [](unsigned char b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
  if (in(b0, 0xC2, 0xDF)) return left >= 2 && in(at(i + 1), 0x80, 0xBF) ? 2 : 0;
  if (in(b0, 0xE0, 0xEF)) {
    if (left < 3) return 0;
    const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80;  // no overlongs
    const unsigned hi = b0 == 0xED ? 0x9F : 0xBF;  // no UTF-16 surrogates
    return in(at(i + 1), lo, hi) && in(at(i + 2), 0x80, 0xBF) ? 3 : 0;
  }
  if (in(b0, 0xF0, 0xF4)) {
    if (left < 4) return 0;
    const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80;  // no overlongs
    const unsigned hi = b0 == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    return in(at(i + 1), lo, hi) && in(at(i + 2), 0x80, 0xBF) && in(at(i + 3), 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

uint32_t utf8_code_point(std::string_view bytes, size_t i, size_t n) {
  static constexpr unsigned char kLeadMask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  uint32_t cp = static_cast<unsigned char>(bytes[i]) & kLeadMask[n];
  for (size_t k = 1; k < n; k++) cp = cp << 6 | (static_cast<unsigned char>(bytes[i + k]) & 0x3F);
  return cp;
}

}  // namespace ucopy_cli
