// SPDX-License-Identifier: MIT
// Building one-line JSON objects from byte strings that may not be UTF-8.
//
// Paths on Linux are arbitrary bytes. A JSON string must be Unicode, so a
// path is written as text with each byte that is not part of valid UTF-8
// replaced by U+FFFD, and, only then, the exact bytes are added in base64
// under the field name plus "_b64" (see ucopy.1, JSON OUTPUT).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ucopy_cli {

// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates,
// nothing above U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

// Standard base64 (RFC 4648, with padding).
std::string base64_encode(std::string_view bytes);

// Appends `bytes` as a quoted JSON string; invalid UTF-8 becomes U+FFFD.
void append_json_string(std::string &out, std::string_view bytes);

// Accumulates "name":value pairs and yields `{...}`.
class JsonObject {
 public:
  JsonObject &add_string(std::string_view name, std::string_view value);
  // A file name: the text as add_string() writes it, plus name_b64 with the
  // exact bytes when they are not valid UTF-8.
  JsonObject &add_path(std::string_view name, std::string_view bytes);
  JsonObject &add_int(std::string_view name, int64_t value);
  JsonObject &add_uint(std::string_view name, uint64_t value);
  JsonObject &add_null(std::string_view name);
  // The finished object, without a newline.
  std::string finish() const { return text_ + "}"; }

 private:
  void begin_field(std::string_view name);
  std::string text_ = "{";
};

}  // namespace ucopy_cli
