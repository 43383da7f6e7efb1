// SPDX-License-Identifier: MIT
// A strict, minimal JSON reader for checking ucopy --json output: it accepts
// exactly RFC 8259 text in well-formed UTF-8 (lone surrogate escapes are
// refused, as strict parsers do) and returns the top-level object's members.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cli_test {

struct JsonValue {
  enum Kind { string, number, boolean, null, object, array } kind = null;
  std::string text;  // decoded bytes of a string; source text of anything else
};

using JsonObjectMembers = std::map<std::string, JsonValue>;

// The members of `line` if it is one valid JSON object, else nullopt with
// the reason in *error.
std::optional<JsonObjectMembers> parse_json_object(const std::string &line, std::string *error);

// Splits output into lines (without the newlines); a trailing newline does
// not make an empty last line.
std::vector<std::string> split_lines(const std::string &text);

// RFC 4648 base64 (with padding); nullopt if malformed.
std::optional<std::string> base64_decode(const std::string &text);

}  // namespace cli_test
