// SPDX-License-Identifier: MIT
#include "support/prng.h"

#include <cstring>

namespace ucopy_test {

uint64_t Prng::next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void Prng::fill(void *buf, size_t len) {
  auto *out = static_cast<unsigned char *>(buf);
  while (len >= 8) {
    uint64_t v = next();
    std::memcpy(out, &v, 8);
    out += 8;
    len -= 8;
  }
  if (len > 0) {
    uint64_t v = next();
    std::memcpy(out, &v, len);
  }
}

uint64_t Prng::between(uint64_t lo, uint64_t hi) { return lo + next() % (hi - lo + 1); }

std::string random_bytes(size_t len, uint64_t seed) {
  std::string s(len, '\0');
  Prng(seed).fill(s.data(), len);
  return s;
}

}  // namespace ucopy_test
