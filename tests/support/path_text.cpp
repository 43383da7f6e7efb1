// SPDX-License-Identifier: MIT
#include "support/path_text.h"

#include <cstdio>

namespace ucopy_test {

std::string printable(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (unsigned char c : bytes) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string printable_path(std::string_view path, size_t max_len) {
  std::string text = printable(path);
  if (text.size() <= max_len || max_len < 16) return text;
  size_t keep = (max_len - 5) / 2;
  return text.substr(0, keep) + "[...]" + text.substr(text.size() - keep);
}

std::string join_rel(const std::string &parent, const std::string &name) {
  return parent.empty() ? name : parent + "/" + name;
}

}  // namespace ucopy_test
