// SPDX-License-Identifier: MIT
#include "policy/glob_class.hpp"

#include <cctype>
#include <cstring>
#include <string_view>

namespace ucopy_impl {
namespace {

using Byte = unsigned char;

bool in_named_class(std::string_view name, Byte c) {
  if (name == "alnum") return std::isalnum(c) != 0;
  if (name == "alpha") return std::isalpha(c) != 0;
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "cntrl") return std::iscntrl(c) != 0;
  if (name == "digit") return std::isdigit(c) != 0;
  if (name == "graph") return std::isgraph(c) != 0;
  if (name == "lower") return std::islower(c) != 0;
  if (name == "print") return std::isprint(c) != 0;
  if (name == "punct") return std::ispunct(c) != 0;
  if (name == "space") return std::isspace(c) != 0;
  if (name == "upper") return std::isupper(c) != 0;
  if (name == "xdigit") return std::isxdigit(c) != 0;
  return false;
}

// The ":]" that closes a "[:" at `p`, or nullptr.
const char *named_close(const char *p, const char *end) {
  if (end - p < 2) return nullptr;
  return static_cast<const char *>(memmem(p + 2, end - p - 2, ":]", 2));
}

// Whether `c` is in the class between `p` (after '[') and `end` (its ']').
bool class_has(const char *p, const char *end, Byte c) {
  bool negate = false;
  if (*p == '!' || *p == '^') {
    negate = true;
    p++;
  }
  bool found = false;
  bool first = true;
  while (p < end && (*p != ']' || first)) {
    first = false;
    if (*p == '[' && p + 1 < end && p[1] == ':') {
      if (const char *close = named_close(p, end)) {
        found = found || in_named_class(std::string_view(p + 2, close - p - 2), c);
        p = close + 2;
        continue;
      }
    }
    Byte lo = static_cast<Byte>(*p++);
    if (lo == '\\' && p < end) lo = static_cast<Byte>(*p++);
    if (p + 1 < end && *p == '-' && p[1] != ']') {
      p++;
      Byte hi = static_cast<Byte>(*p++);
      if (hi == '\\' && p < end) hi = static_cast<Byte>(*p++);
      found = found || (lo <= c && c <= hi);
    } else {
      found = found || lo == c;
    }
  }
  return found != negate;
}

}  // namespace

const char *class_end(const char *p, const char *end) {
  if (p < end && (*p == '!' || *p == '^')) p++;
  if (p < end && *p == ']') p++;
  while (p < end) {
    if (*p == ']') return p + 1;
    if (*p == '\\' && p + 1 < end) {
      p += 2;
      continue;
    }
    if (*p == '[' && p + 1 < end && p[1] == ':') {
      if (const char *close = named_close(p, end)) {
        p = close + 2;
        continue;
      }
    }
    p++;
  }
  return nullptr;
}

std::bitset<256> class_members(const char *p, const char *close) {
  std::bitset<256> members;
  // 256 walks over the class, once when the pattern is compiled, so that
  // matching a byte is one table look-up.
  for (unsigned c = 0; c < 256; c++)
    if (c != '/' && class_has(p, close - 1, static_cast<Byte>(c))) members.set(c);
  return members;
}

}  // namespace ucopy_impl
