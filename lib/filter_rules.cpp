#include "filter_rules.hpp"

#include <cctype>
#include <cstring>

namespace ucopy_impl {
namespace {

using Byte = unsigned char;

// Past the ']' closing the class whose '[' is just before `p`, or nullptr
// when it is never closed. A ']' right after "[", "[!" or "[^" is a member.
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
      const char *close = static_cast<const char *>(memmem(p + 2, end - p - 2, ":]", 2));
      if (close != nullptr) {
        p = close + 2;
        continue;
      }
    }
    p++;
  }
  return nullptr;
}

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
      const char *close = static_cast<const char *>(memmem(p + 2, end - p - 2, ":]", 2));
      if (close != nullptr) {
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

bool match_from(const char *p, const char *pe, const char *t, const char *te);

// Matches the one-byte item at `p` ('?', a class, an escaped or plain byte)
// against `c`, and moves `p` past it.
bool match_one(const char *&p, const char *pe, char c) {
  char want = *p;
  if (want == '?') {
    p++;
    return c != '/';
  }
  if (want == '[') {
    const char *close = class_end(p + 1, pe);
    if (close != nullptr) {
      // A class never matches '/', as in rsync.
      const bool in = c != '/' && class_has(p + 1, close - 1, static_cast<Byte>(c));
      p = close;
      return in;
    }
  }
  if (want == '\\' && p + 1 < pe) want = *++p;
  p++;
  return c == want;
}

// `p` is at a run of stars: "*" spans bytes other than '/', "**" (or more)
// any bytes. Tries every length, shortest first.
bool match_stars(const char *p, const char *pe, const char *t, const char *te) {
  const bool any = p + 1 < pe && p[1] == '*';
  while (p < pe && *p == '*') p++;
  if (p == pe) return any || std::memchr(t, '/', te - t) == nullptr;
  for (const char *s = t;; s++) {
    if (match_from(p, pe, s, te)) return true;
    if (s == te || (!any && *s == '/')) return false;
  }
}

// Backtracking match of [p, pe) against the whole of [t, te); rsync's
// wildmatch does the same. Only stars branch.
bool match_from(const char *p, const char *pe, const char *t, const char *te) {
  while (p < pe) {
    if (*p == '*') return match_stars(p, pe, t, te);
    if (t == te || !match_one(p, pe, *t)) return false;
    t++;
  }
  return t == te;
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  return match_from(pattern.data(), pattern.data() + pattern.size(), text.data(),
                    text.data() + text.size());
}

bool FilterRules::add(bool include, std::string_view pattern, std::string &err) {
  const std::string quoted = "'" + std::string(pattern) + "'";
  if (pattern.empty()) {
    err = "invalid filter pattern '': empty";
    return false;
  }
  Rule r;
  r.include = include;
  r.wildcard = has_wildcard(pattern);
  std::string_view p = pattern;
  if (p.front() == '/') {
    r.anchored = true;
    p.remove_prefix(1);
  }
  constexpr std::string_view kBelow = "/***";
  if (p.size() > kBelow.size() && p.substr(p.size() - kBelow.size()) == kBelow) {
    r.dir_and_below = true;
    p.remove_suffix(kBelow.size());
  } else if (!p.empty() && p.back() == '/') {
    r.dir_only = true;
    p.remove_suffix(1);
  }
  if (p.empty()) {
    err =
        "invalid filter pattern " + quoted + ": it names the source root, which is never filtered";
    return false;
  }
  if (r.wildcard) {
    const char *end = p.data() + p.size();
    for (const char *c = p.data(); c < end; c++) {
      if (*c == '\\') {
        c++;
      } else if (*c == '[' && class_end(c + 1, end) == nullptr) {
        err = "invalid filter pattern " + quoted + ": '[' without its closing ']'";
        return false;
      }
    }
  }
  r.full_path = r.dir_and_below || p.find('/') != std::string_view::npos ||
                p.find("**") != std::string_view::npos;
  r.star_prefix = !r.anchored && p.substr(0, 2) == "**";
  r.stem.assign(p);
  if (r.dir_and_below) r.below = r.stem + "/**";
  needs_type_ = needs_type_ || r.dir_only || r.dir_and_below;
  rules_.push_back(std::move(r));
  return true;
}

bool FilterRules::matches_text(const Rule &r, std::string_view pattern, std::string_view path) {
  auto same = [&](std::string_view text) {
    return r.wildcard ? glob_match(pattern, text) : pattern == text;
  };
  if (r.anchored) return same(path);
  if (r.star_prefix) {
    // rsync lets "**/" match at the start as well: it matches "/" + path.
    std::string rooted = "/";
    rooted += path;
    return glob_match(pattern, rooted);
  }
  if (!r.full_path) {
    const size_t slash = path.rfind('/');
    return same(slash == std::string_view::npos ? path : path.substr(slash + 1));
  }
  // The end of the path, starting at any name boundary.
  if (same(path)) return true;
  for (size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1))
    if (same(path.substr(slash + 1))) return true;
  return false;
}

bool FilterRules::matches(const Rule &r, std::string_view path, bool is_dir) {
  if (r.dir_and_below)
    return (is_dir && matches_text(r, r.stem, path)) || matches_text(r, r.below, path);
  if (r.dir_only && !is_dir) return false;
  return matches_text(r, r.stem, path);
}

bool FilterRules::excludes(std::string_view path, bool is_dir) const {
  for (const Rule &r : rules_)
    if (matches(r, path, is_dir)) return !r.include;
  return false;
}

}  // namespace ucopy_impl
