// SPDX-License-Identifier: MIT
#include "number_parse.hpp"

#include <limits>

namespace ucopy_cli {

namespace {

// Digits only, with overflow detection; strtoul would accept "-1" and " 1".
std::optional<uint64_t> parse_digits(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

std::optional<uint32_t> fit_u32(uint64_t value) {
  if (value > std::numeric_limits<uint32_t>::max()) return std::nullopt;
  return static_cast<uint32_t>(value);
}

}  // namespace

std::optional<uint32_t> parse_count(std::string_view text) {
  auto value = parse_digits(text);
  if (!value) return std::nullopt;
  return fit_u32(*value);
}

std::optional<uint32_t> parse_size(std::string_view text) {
  uint64_t multiplier = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 'k':
      case 'K': multiplier = 1ull << 10; break;
      case 'm':
      case 'M': multiplier = 1ull << 20; break;
      case 'g':
      case 'G': multiplier = 1ull << 30; break;
      default: break;
    }
    if (multiplier != 1) text.remove_suffix(1);
  }
  auto value = parse_digits(text);
  if (!value || *value > std::numeric_limits<uint32_t>::max()) return std::nullopt;
  return fit_u32(*value * multiplier);
}

}  // namespace ucopy_cli
