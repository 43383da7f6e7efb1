/* SPDX-License-Identifier: MIT */
// Reproducible pseudo-random content: a test that fails can be rerun with the
// same bytes. Fast enough to produce a GiB in well under a second.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ucopy_test {

// splitmix64: tiny, fast, good enough to make content that no copy bug
// (shifted block, zero fill, stale buffer) can reproduce by accident.
class Prng {
 public:
  explicit Prng(uint64_t seed) : state_(seed) {}
  uint64_t next();
  // Fills buf with the next len pseudo-random bytes.
  void fill(void *buf, size_t len);
  // A value in [lo, hi].
  uint64_t between(uint64_t lo, uint64_t hi);

 private:
  uint64_t state_;
};

// len bytes from Prng(seed).
std::string random_bytes(size_t len, uint64_t seed);

}  // namespace ucopy_test
