// SPDX-License-Identifier: MIT
#include "policy/filter_rules.hpp"

#include "policy/glob_class.hpp"

namespace ucopy_impl {
namespace {

bool has_wildcard(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

// A pattern for an error message: whole when short, else its start.
std::string quoted(std::string_view pattern) {
  constexpr size_t kShown = 64;
  if (pattern.size() <= kShown) return "'" + std::string(pattern) + "'";
  return "'" + std::string(pattern.substr(0, kShown)) + "...'";
}

// Whether every unescaped '[' of `p` has its ']'.
bool classes_closed(std::string_view p) {
  const char *end = p.data() + p.size();
  for (const char *c = p.data(); c < end; c++) {
    if (*c == '\\') c++;
    else if (*c == '[' && class_end(c + 1, end) == nullptr) return false;
  }
  return true;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  return GlobMatcher(pattern, true).matches(text);
}

bool FilterRules::add(bool include, std::string_view pattern, std::string &err) {
  if (pattern.empty()) {
    err = "invalid filter pattern '': empty";
    return false;
  }
  if (pattern.size() > kFilterPatternMax) {
    err = "invalid filter pattern " + quoted(pattern) + ": " + std::to_string(pattern.size()) +
          " bytes, longer than the limit of " + std::to_string(kFilterPatternMax);
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
    err = "invalid filter pattern " + quoted(pattern) +
          ": it names the source root, which is never filtered";
    return false;
  }
  if (r.wildcard && !classes_closed(p)) {
    err = "invalid filter pattern " + quoted(pattern) + ": '[' without its closing ']'";
    return false;
  }
  r.full_path = r.dir_and_below || p.find('/') != std::string_view::npos ||
                p.find("**") != std::string_view::npos;
  r.star_prefix = !r.anchored && p.substr(0, 2) == "**";
  r.stem = GlobMatcher(p, r.wildcard);
  if (r.dir_and_below) r.below = GlobMatcher(std::string(p) + "/**", r.wildcard);
  needs_type_ = needs_type_ || r.dir_only || r.dir_and_below;
  rules_.push_back(std::move(r));
  return true;
}

bool FilterRules::matches_text(const Rule &r, const GlobMatcher &glob, std::string_view path) {
  if (r.anchored) return glob.matches(path);
  // rsync lets "**/" match at the start as well: it matches "/" + path.
  if (r.star_prefix) return glob.matches_rooted(path);
  if (!r.full_path) {
    const size_t slash = path.rfind('/');
    return glob.matches(slash == std::string_view::npos ? path : path.substr(slash + 1));
  }
  // The end of the path, starting at any name boundary.
  return glob.matches_some_tail(path);
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
