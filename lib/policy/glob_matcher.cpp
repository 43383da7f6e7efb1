// SPDX-License-Identifier: MIT
#include "policy/glob_matcher.hpp"

#include <bitset>
#include <cstring>

#include "policy/glob_class.hpp"

namespace ucopy_impl {
namespace {

constexpr size_t kWordBits = 64;
// State sets up to this many words (patterns up to 4 KiB) live on the
// stack while matching; longer ones take the heap.
constexpr size_t kInlineWords = 65;

void set_bit(std::vector<uint64_t> &v, size_t i) {
  v[i / kWordBits] |= uint64_t{1} << (i % kWordBits);
}

bool test_bit(const uint64_t *v, size_t i) {
  return (v[i / kWordBits] >> (i % kWordBits) & 1) != 0;
}

}  // namespace

struct GlobMatcher::Token {
  Kind kind = Kind::byte_set;
  std::bitset<256> bytes;  // for byte_set: the bytes it takes
};

std::vector<GlobMatcher::Token> GlobMatcher::tokenize(std::string_view pattern, bool wildcards) {
  std::vector<Token> tokens;
  const char *p = pattern.data();
  const char *end = p + pattern.size();
  auto literal = [&](unsigned char c) {
    Token t;
    t.bytes.set(c);
    tokens.push_back(t);
  };
  while (p < end) {
    if (!wildcards) {
      literal(static_cast<unsigned char>(*p++));
      continue;
    }
    if (*p == '*') {
      const char *run = p;
      while (p < end && *p == '*') p++;
      tokens.push_back({p - run > 1 ? Kind::star_any : Kind::star, {}});
    } else if (*p == '?') {
      Token t;
      t.bytes.set().reset('/');
      tokens.push_back(t);
      p++;
    } else if (const char *close = *p == '[' ? class_end(p + 1, end) : nullptr) {
      tokens.push_back({Kind::byte_set, class_members(p + 1, close)});
      p = close;
    } else if (*p == '\\' && p + 1 < end) {
      literal(static_cast<unsigned char>(p[1]));
      p += 2;
    } else {
      literal(static_cast<unsigned char>(*p++));
    }
  }
  return tokens;
}

GlobMatcher::GlobMatcher(std::string_view pattern, bool wildcards) {
  build(tokenize(pattern, wildcards));
}

void GlobMatcher::build(const std::vector<Token> &tokens) {
  accept_ = tokens.size();
  words_ = accept_ / kWordBits + 1;
  star_.assign(words_, 0);
  star_any_.assign(words_, 0);
  start_.assign(words_, 0);
  set_bit(start_, 0);
  for (size_t i = 0; i < tokens.size(); i++) {
    if (tokens[i].kind == Kind::star) set_bit(star_, i);
    if (tokens[i].kind == Kind::star_any) set_bit(star_any_, i);
    // A star may take nothing: the states behind the leading stars start too.
    if (tokens[i].kind != Kind::byte_set && test_bit(start_.data(), i)) set_bit(start_, i + 1);
  }
  // The tokens that take each byte, then one column per distinct set of
  // them: at most 256 columns, usually a handful. (Whether a star takes the
  // byte depends only on its being '/', which step() checks itself.)
  std::vector<uint64_t> taken_by(256 * words_, 0);
  for (size_t i = 0; i < tokens.size(); i++) {
    if (tokens[i].kind != Kind::byte_set) continue;
    const std::bitset<256> &set = tokens[i].bytes;
    // Set bits only: a literal costs one step, not 256.
    for (size_t c = set._Find_first(); c < set.size(); c = set._Find_next(c))
      taken_by[c * words_ + i / kWordBits] |= uint64_t{1} << (i % kWordBits);
  }
  const size_t bytes = words_ * sizeof(uint64_t);
  size_t columns = 0;
  for (unsigned c = 0; c < 256; c++) {
    const uint64_t *column = &taken_by[c * words_];
    size_t k = 0;
    while (k < columns && std::memcmp(&advance_[k * words_], column, bytes) != 0) k++;
    if (k == columns) {
      advance_.insert(advance_.end(), column, column + words_);
      columns++;
    }
    column_of_[c] = static_cast<uint8_t>(k);
  }
}

// One byte: every state whose token takes `c` moves on, stars stay where
// they are, and the state just behind a star is reached with it (stars are
// never adjacent: a run of them is one token, so one shift closes the set).
void GlobMatcher::step(const uint64_t *from, uint64_t *to, unsigned char c) const {
  const uint64_t *advance = advance_.data() + column_of_[c] * words_;
  const bool slash = c == '/';
  uint64_t carry = 0;
  uint64_t star_carry = 0;
  for (size_t w = 0; w < words_; w++) {
    const uint64_t moved = from[w] & advance[w];
    uint64_t next = moved << 1 | carry | (from[w] & (star_any_[w] | (slash ? 0 : star_[w])));
    carry = moved >> (kWordBits - 1);
    const uint64_t at_star = next & (star_[w] | star_any_[w]);
    next |= at_star << 1 | star_carry;
    star_carry = at_star >> (kWordBits - 1);
    to[w] = next;
  }
}

bool GlobMatcher::run(std::string_view text, bool rooted, bool every_tail) const {
  uint64_t inline_sets[2 * kInlineWords];
  std::vector<uint64_t> heap;
  uint64_t *cur = inline_sets;
  if (words_ > kInlineWords) {
    heap.resize(2 * words_);
    cur = heap.data();
  }
  uint64_t *next = cur + words_;
  std::memcpy(cur, start_.data(), words_ * sizeof(uint64_t));
  auto feed = [&](unsigned char c) {
    step(cur, next, c);
    std::swap(cur, next);
    if (every_tail && c == '/')
      for (size_t w = 0; w < words_; w++) cur[w] |= start_[w];
  };
  if (rooted) feed('/');
  for (size_t i = 0; i < text.size(); i++) {
    feed(static_cast<unsigned char>(text[i]));
    bool alive = false;
    for (size_t w = 0; w < words_ && !alive; w++) alive = cur[w] != 0;
    if (alive) continue;
    if (!every_tail) return false;
    // Nothing is left to follow: go straight to the next name.
    const size_t slash = text.find('/', i + 1);
    if (slash == std::string_view::npos) return false;
    i = slash - 1;
  }
  return test_bit(cur, accept_);
}

}  // namespace ucopy_impl
