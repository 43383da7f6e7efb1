// SPDX-License-Identifier: MIT
#include "json_out.hpp"

#include <cstdio>

#include "utf8.hpp"

namespace ucopy_cli {

bool is_valid_utf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    const size_t n = utf8_sequence_length(bytes, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string base64_encode(std::string_view bytes) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = static_cast<unsigned char>(bytes[i]) << 16 |
                       static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
    out += alphabet[v & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += rest == 2 ? alphabet[v >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

void append_json_string(std::string &out, std::string_view bytes) {
  out += '"';
  for (size_t i = 0; i < bytes.size();) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    const size_t n = utf8_sequence_length(bytes, i);
    if (n == 0) {
      out += "\\ufffd";  // one replacement character per invalid byte
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(bytes.substr(i, n));
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7F) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", c);
      out += escape;
    } else {
      out += static_cast<char>(c);
    }
    i += n;
  }
  out += '"';
}

void JsonObject::begin_field(std::string_view name) {
  if (text_.size() > 1) text_ += ',';
  append_json_string(text_, name);
  text_ += ':';
}

JsonObject &JsonObject::add_string(std::string_view name, std::string_view value) {
  begin_field(name);
  append_json_string(text_, value);
  return *this;
}

JsonObject &JsonObject::add_path(std::string_view name, std::string_view bytes) {
  add_string(name, bytes);
  if (!is_valid_utf8(bytes)) {
    begin_field(std::string(name) + "_b64");
    text_ += '"' + base64_encode(bytes) + '"';
  }
  return *this;
}

JsonObject &JsonObject::add_int(std::string_view name, int64_t value) {
  begin_field(name);
  text_ += std::to_string(value);
  return *this;
}

JsonObject &JsonObject::add_uint(std::string_view name, uint64_t value) {
  begin_field(name);
  text_ += std::to_string(value);
  return *this;
}

JsonObject &JsonObject::add_null(std::string_view name) {
  begin_field(name);
  text_ += "null";
  return *this;
}

}  // namespace ucopy_cli
