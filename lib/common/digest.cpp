// SPDX-License-Identifier: MIT
#include "common/digest.hpp"

#include <openssl/evp.h>
#include <xxhash.h>

#include <algorithm>
#include <cstring>

namespace ucopy_impl {

namespace {
// Holes are fed from this page of zeros, a piece at a time.
constexpr size_t kZeroPage = size_t{64} * 1024;
const unsigned char kZeros[kZeroPage] = {};
}  // namespace

uint32_t digest_length(uint32_t type) {
  switch (type) {
    case UCOPY_DIGEST_XXH128: return 16;
    case UCOPY_DIGEST_SHA256: return 32;
    default: return 0;
  }
}

Digest::~Digest() {
  if (xxh_ != nullptr) XXH3_freeState(xxh_);
  if (sha_ != nullptr) EVP_MD_CTX_free(sha_);
}

bool Digest::start(uint32_t type) {
  type_ = UCOPY_DIGEST_NONE;
  ok_ = true;
  if (type == UCOPY_DIGEST_XXH128) {
    if (xxh_ == nullptr) xxh_ = XXH3_createState();
    if (xxh_ == nullptr || XXH3_128bits_reset(xxh_) != XXH_OK) return false;
  } else if (type == UCOPY_DIGEST_SHA256) {
    if (sha_ == nullptr) sha_ = EVP_MD_CTX_new();
    if (sha_ == nullptr || EVP_DigestInit_ex(sha_, EVP_sha256(), nullptr) != 1) return false;
  } else {
    return type == UCOPY_DIGEST_NONE;
  }
  type_ = type;
  return true;
}

void Digest::update(const void *data, size_t n) {
  if (n == 0) return;
  if (type_ == UCOPY_DIGEST_XXH128) ok_ = ok_ && XXH3_128bits_update(xxh_, data, n) == XXH_OK;
  else if (type_ == UCOPY_DIGEST_SHA256) ok_ = ok_ && EVP_DigestUpdate(sha_, data, n) == 1;
}

void Digest::update_zeros(uint64_t n) {
  while (n > 0 && active()) {
    const auto piece = static_cast<size_t>(std::min<uint64_t>(n, kZeroPage));
    update(kZeros, piece);
    n -= piece;
  }
}

DigestValue Digest::finish() {
  DigestValue v;
  if (type_ == UCOPY_DIGEST_XXH128 && ok_) {
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, XXH3_128bits_digest(xxh_));
    static_assert(sizeof c.digest == 16);
    std::memcpy(v.bytes, c.digest, sizeof c.digest);
    v.len = sizeof c.digest;
  } else if (type_ == UCOPY_DIGEST_SHA256 && ok_) {
    unsigned len = 0;
    if (EVP_DigestFinal_ex(sha_, v.bytes, &len) == 1) v.len = len;
  }
  if (v.len != 0) v.type = type_;
  type_ = UCOPY_DIGEST_NONE;
  return v;
}

}  // namespace ucopy_impl
