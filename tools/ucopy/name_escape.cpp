// SPDX-License-Identifier: MIT
#include "name_escape.hpp"

#include <cstdint>

#include "utf8.hpp"

namespace ucopy_cli {

namespace {

// Characters beyond ASCII that act on a terminal or on how text reads:
// C1 controls (U+009B is CSI, the start of escape sequences on many
// terminals), line/paragraph separators, and the bidirectional marks,
// embeddings, overrides and isolates that can make a name read backwards.
bool is_unsafe_code_point(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x200E || cp == 0x200F || cp == 0x2028 ||
         cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void append_octal(std::string &out, unsigned char c) {
  out += '\\';
  out += static_cast<char>('0' + (c >> 6));
  out += static_cast<char>('0' + ((c >> 3) & 7));
  out += static_cast<char>('0' + (c & 7));
}

// The C escape of an ASCII control byte, or 0 when it has none.
char c_escape(unsigned char c) {
  switch (c) {
    case '\n': return 'n';
    case '\t': return 't';
    case '\r': return 'r';
    case '\a': return 'a';
    case '\b': return 'b';
    case '\f': return 'f';
    case '\v': return 'v';
    case '\\': return '\\';
    default: return 0;
  }
}

void append_ascii(std::string &out, unsigned char c) {
  if (const char e = c_escape(c)) {
    out += '\\';
    out += e;
  } else if (c < 0x20 || c == 0x7F) {
    append_octal(out, c);
  } else {
    out += static_cast<char>(c);
  }
}

}  // namespace

std::string escape_name(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t n = utf8_sequence_length(text, i);
    if (n == 1) {
      append_ascii(out, static_cast<unsigned char>(text[i]));
    } else if (n == 0 || is_unsafe_code_point(utf8_code_point(text, i, n))) {
      // An invalid byte alone; an unsafe character byte by byte.
      for (size_t k = 0; k < (n == 0 ? 1 : n); k++)
        append_octal(out, static_cast<unsigned char>(text[i + k]));
    } else {
      out.append(text.substr(i, n));
    }
    i += n == 0 ? 1 : n;
  }
  return out;
}

}  // namespace ucopy_cli
