// SPDX-License-Identifier: MIT
#include "json_check.hpp"

#include <cstdint>
#include <stdexcept>

namespace cli_test {

namespace {

struct Reader {
  const std::string &s;
  size_t i = 0;

  [[noreturn]] void fail(const std::string &why) const {
    throw std::runtime_error(why + " at byte " + std::to_string(i));
  }
  bool at_end() const { return i >= s.size(); }
  char peek() const { return at_end() ? '\0' : s[i]; }
  void skip_space() {
    while (!at_end() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++i;
  }
  void literal(const char *word) {
    for (const char *p = word; *p; ++p) expect(*p);
  }

  static void append_utf8(std::string &out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | cp >> 6);
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | cp >> 12);
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | cp >> 18);
      out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  uint32_t hex4() {
    if (i + 4 > s.size()) fail("short \\u escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s[i++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else fail("bad hex digit");
    }
    return v;
  }

  // One raw UTF-8 sequence, validated (no overlongs, surrogates, > U+10FFFF).
  void copy_utf8_sequence(std::string &out) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = b(i);
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) n = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
      n = 3;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      n = 4;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else {
      fail("invalid UTF-8 lead byte");
    }
    if (i + n > s.size()) fail("truncated UTF-8");
    if (b(i + 1) < lo || b(i + 1) > hi) fail("invalid UTF-8 continuation");
    for (size_t k = 2; k < n; ++k)
      if (b(i + k) < 0x80 || b(i + k) > 0xBF) fail("invalid UTF-8 continuation");
    out.append(s, i, n);
    i += n;
  }

  std::string string_value() {
    expect('"');
    std::string out;
    for (;;) {
      if (at_end()) fail("unterminated string");
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c == '"') {
        ++i;
        return out;
      }
      if (c < 0x20) fail("raw control character in string");
      if (c >= 0x80) {
        copy_utf8_sequence(out);
        continue;
      }
      ++i;
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      const char e = at_end() ? '\0' : s[i++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp = hex4();
          if (cp >= 0xDC00 && cp <= 0xDFFF) fail("lone low surrogate");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (s.compare(i, 2, "\\u") != 0) fail("lone high surrogate");
            i += 2;
            const uint32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default: fail("bad escape");
      }
    }
  }

  void digits() {
    if (!(peek() >= '0' && peek() <= '9')) fail("expected digit");
    while (peek() >= '0' && peek() <= '9') ++i;
  }

  void number() {
    if (peek() == '-') ++i;
    if (peek() == '0') ++i;
    else digits();
    if (peek() == '.') {
      ++i;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i;
      if (peek() == '+' || peek() == '-') ++i;
      digits();
    }
  }

  JsonValue value(int depth) {
    if (depth > 64) fail("nesting too deep");
    skip_space();
    JsonValue v;
    const size_t start = i;
    switch (peek()) {
      case '"':
        v.kind = JsonValue::string;
        v.text = string_value();
        return v;
      case '{':
        v.kind = JsonValue::object;
        object(depth, nullptr);
        break;
      case '[':
        v.kind = JsonValue::array;
        array(depth);
        break;
      case 't':
        v.kind = JsonValue::boolean;
        literal("true");
        break;
      case 'f':
        v.kind = JsonValue::boolean;
        literal("false");
        break;
      case 'n':
        v.kind = JsonValue::null;
        literal("null");
        break;
      default:
        v.kind = JsonValue::number;
        number();
        break;
    }
    v.text = s.substr(start, i - start);
    return v;
  }

  void array(int depth) {
    expect('[');
    skip_space();
    if (peek() == ']') {
      ++i;
      return;
    }
    for (;;) {
      value(depth + 1);
      skip_space();
      if (peek() == ']') {
        ++i;
        return;
      }
      expect(',');
    }
  }

  void object(int depth, JsonObjectMembers *members) {
    expect('{');
    skip_space();
    if (peek() == '}') {
      ++i;
      return;
    }
    for (;;) {
      skip_space();
      const std::string name = string_value();
      skip_space();
      expect(':');
      JsonValue v = value(depth + 1);
      if (members) {
        if (members->count(name)) fail("duplicate member \"" + name + "\"");
        (*members)[name] = std::move(v);
      }
      skip_space();
      if (peek() == '}') {
        ++i;
        return;
      }
      expect(',');
    }
  }
};

}  // namespace

std::optional<JsonObjectMembers> parse_json_object(const std::string &line, std::string *error) {
  Reader reader{line};
  try {
    JsonObjectMembers members;
    reader.skip_space();
    reader.object(0, &members);
    reader.skip_space();
    if (!reader.at_end()) reader.fail("text after the object");
    return members;
  } catch (const std::exception &e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

std::vector<std::string> split_lines(const std::string &text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::optional<std::string> base64_decode(const std::string &text) {
  if (text.size() % 4 != 0) return std::nullopt;
  const auto sextet = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const int pad = last ? (text[i + 3] == '=') + (text[i + 2] == '=') : 0;
    if (pad == 1 && text[i + 2] == '=') return std::nullopt;
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const int x = k >= 4 - pad ? 0 : sextet(text[i + static_cast<size_t>(k)]);
      if (x < 0) return std::nullopt;
      v = v << 6 | static_cast<uint32_t>(x);
    }
    out += static_cast<char>(v >> 16);
    if (pad < 2) out += static_cast<char>(v >> 8 & 0xFF);
    if (pad < 1) out += static_cast<char>(v & 0xFF);
  }
  return out;
}

}  // namespace cli_test
