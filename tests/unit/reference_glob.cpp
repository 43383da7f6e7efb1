// SPDX-License-Identifier: MIT
#include "reference_glob.hpp"

#include <cctype>
#include <string>
#include <vector>

namespace ucopy_test {
namespace {

bool named(std::string_view name, unsigned char c) {
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

// Index of the ":]" closing a "[:" at p[i], searching before `end`.
size_t named_close(std::string_view p, size_t i, size_t end) {
  const size_t k = p.substr(0, end).find(":]", i + 2);
  return k == std::string_view::npos ? 0 : k;
}

// Index just past the ']' of the class whose body starts at p[i], or 0.
size_t class_close(std::string_view p, size_t i) {
  if (i < p.size() && (p[i] == '!' || p[i] == '^')) i++;
  if (i < p.size() && p[i] == ']') i++;
  while (i < p.size()) {
    if (p[i] == ']') return i + 1;
    if (p[i] == '\\' && i + 1 < p.size()) {
      i += 2;
    } else if (p[i] == '[' && i + 1 < p.size() && p[i + 1] == ':' &&
               named_close(p, i, p.size()) != 0) {
      i = named_close(p, i, p.size()) + 2;
    } else {
      i++;
    }
  }
  return 0;
}

// Whether `c` is in the class body p[i, end) (end: the closing ']').
bool class_holds(std::string_view p, size_t i, size_t end, unsigned char c) {
  const bool negate = p[i] == '!' || p[i] == '^';
  if (negate) i++;
  bool found = false;
  for (bool first = true; i < end && (p[i] != ']' || first); first = false) {
    if (p[i] == '[' && i + 1 < end && p[i + 1] == ':' && named_close(p, i, end) != 0) {
      const size_t k = named_close(p, i, end);
      found = found || named(p.substr(i + 2, k - i - 2), c);
      i = k + 2;
      continue;
    }
    auto item = [&] {
      unsigned char b = p[i++];
      if (b == '\\' && i < end) b = p[i++];
      return b;
    };
    const unsigned char lo = item();
    if (i + 1 < end && p[i] == '-' && p[i + 1] != ']') {
      i++;
      const unsigned char hi = item();
      found = found || (lo <= c && c <= hi);
    } else {
      found = found || lo == c;
    }
  }
  return found != negate;
}

struct Matcher {
  std::string_view p, t;
  std::vector<signed char> memo;  // -1 unknown, else the answer for (i, j)

  Matcher(std::string_view pattern, std::string_view text)
      : p(pattern), t(text), memo((p.size() + 1) * (t.size() + 1), -1) {}

  bool at(size_t i, size_t j) {
    signed char &m = memo[i * (t.size() + 1) + j];
    if (m < 0) m = compute(i, j) ? 1 : 0;
    return m == 1;
  }

  // Stars: try every length, none of them crossing '/' for a single '*'.
  bool stars(size_t i, size_t j) {
    size_t k = i;
    while (k < p.size() && p[k] == '*') k++;
    const bool any = k - i >= 2;
    for (size_t s = j;; s++) {
      if (at(k, s)) return true;
      if (s == t.size() || (!any && t[s] == '/')) return false;
    }
  }

  bool compute(size_t i, size_t j) {
    if (i == p.size()) return j == t.size();
    if (p[i] == '*') return stars(i, j);
    if (j == t.size()) return false;
    const auto c = static_cast<unsigned char>(t[j]);
    if (p[i] == '?') return c != '/' && at(i + 1, j + 1);
    if (p[i] == '[') {
      if (const size_t close = class_close(p, i + 1))
        return c != '/' && class_holds(p, i + 1, close - 1, c) && at(close, j + 1);
    }
    if (p[i] == '\\' && i + 1 < p.size()) return t[j] == p[i + 1] && at(i + 2, j + 1);
    return t[j] == p[i] && at(i + 1, j + 1);
  }
};

bool has_wildcard(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

}  // namespace

bool reference_glob(std::string_view pattern, std::string_view text) {
  return Matcher(pattern, text).at(0, 0);
}

bool reference_rule_matches(std::string_view pattern, std::string_view path, bool is_dir) {
  const bool wild = has_wildcard(pattern);
  const bool anchored = pattern.front() == '/';
  std::string_view stem = anchored ? pattern.substr(1) : pattern;
  bool dir_only = false;
  bool below = false;
  if (stem.size() > 4 && stem.substr(stem.size() - 4) == "/***") {
    below = true;
    stem.remove_suffix(4);
  } else if (stem.back() == '/') {
    dir_only = true;
    stem.remove_suffix(1);
  }
  const bool full = below || stem.find('/') != std::string_view::npos ||
                    stem.find("**") != std::string_view::npos;
  const bool rooted = !anchored && stem.substr(0, 2) == "**";
  auto same = [&](std::string_view pat, std::string_view text) {
    return wild ? reference_glob(pat, text) : pat == text;
  };
  auto matches = [&](std::string_view pat) {
    if (anchored) return same(pat, path);
    if (rooted) return reference_glob(pat, "/" + std::string(path));
    if (!full) return same(pat, path.substr(path.rfind('/') + 1));
    for (size_t start = 0; start <= path.size(); start = path.find('/', start) + 1) {
      if (same(pat, path.substr(start))) return true;
      if (path.find('/', start) == std::string_view::npos) break;
    }
    return false;
  };
  if (below) return (is_dir && matches(stem)) || matches(std::string(stem) + "/**");
  if (dir_only && !is_dir) return false;
  return matches(stem);
}

}  // namespace ucopy_test
