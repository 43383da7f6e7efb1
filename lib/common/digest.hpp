// SPDX-License-Identifier: MIT
// A file's content digest (ucopy_options.digest), computed from the bytes
// as the copy moves them, in file order: XXH3-128 from libxxhash, SHA-256
// from OpenSSL's EVP (which uses the CPU's SHA extensions). Nothing of
// either library shows in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "ucopy.h"

struct XXH3_state_s;
struct evp_md_ctx_st;

namespace ucopy_impl {

// A finished digest as ucopy_event carries it: big-endian bytes, as
// sha256sum and xxhsum print them.
struct DigestValue {
  uint32_t type = UCOPY_DIGEST_NONE;
  uint32_t len = 0;  // 0: none
  uint8_t bytes[UCOPY_DIGEST_MAX_LEN] = {};
};

// The running state of one digest. Its library state is allocated on the
// first start() and reused by later files (one per file op in flight).
class Digest {
 public:
  Digest() = default;
  ~Digest();
  Digest(const Digest &) = delete;
  Digest &operator=(const Digest &) = delete;
  // Moves trade states, so that a file op handed to a spare op (--fsync in
  // batches, run/file_op.hpp) takes its digest along and each library
  // state is still freed once.
  Digest(Digest &&o) noexcept { swap(o); }
  Digest &operator=(Digest &&o) noexcept {
    swap(o);
    return *this;
  }

  // Begins a digest of `type` (UCOPY_DIGEST_*); UCOPY_DIGEST_NONE leaves it
  // inactive, and update() then does nothing. False when the library's
  // state cannot be had (out of memory).
  bool start(uint32_t type);
  bool active() const { return type_ != UCOPY_DIGEST_NONE; }
  // The next `n` bytes of the file.
  void update(const void *data, size_t n);
  // The next `n` bytes of the file are a hole: zeros, never read.
  void update_zeros(uint64_t n);
  // The digest of everything given since start(); the state goes inactive.
  // A value of len 0 when inactive or when the library failed.
  DigestValue finish();

 private:
  void swap(Digest &o) noexcept {
    std::swap(type_, o.type_);
    std::swap(ok_, o.ok_);
    std::swap(xxh_, o.xxh_);
    std::swap(sha_, o.sha_);
  }

  uint32_t type_ = UCOPY_DIGEST_NONE;
  bool ok_ = true;
  XXH3_state_s *xxh_ = nullptr;
  evp_md_ctx_st *sha_ = nullptr;
};

// The length of a digest of `type`: 16, 32, or 0 for UCOPY_DIGEST_NONE.
uint32_t digest_length(uint32_t type);

}  // namespace ucopy_impl
