// SPDX-License-Identifier: MIT
// ucopy_get_stats() writes no more than the caller's `size`, and says how
// much it wrote.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <gtest/gtest.h>
#include <ucopy.h>

#include "handle.hpp"

namespace {

constexpr unsigned char kGuard = 0xC3;
constexpr size_t kSlack = 32;  // guard bytes after the caller's struct

struct Buffer {
  alignas(ucopy_stats) unsigned char bytes[sizeof(ucopy_stats) + kSlack];
  Buffer() { std::memset(bytes, kGuard, sizeof bytes); }
  ucopy_stats *stats() { return reinterpret_cast<ucopy_stats *>(bytes); }
  uint32_t size_field() const {
    uint32_t v;
    std::memcpy(&v, bytes, sizeof v);
    return v;
  }
};

TEST(Stats, FullSizeOnAFreshHandle) {
  auto h = capi::new_handle();
  ASSERT_TRUE(h);
  Buffer b;
  ASSERT_EQ(ucopy_get_stats(h.get(), b.stats(), sizeof(ucopy_stats)), 0);
  EXPECT_EQ(b.size_field(), sizeof(ucopy_stats));
  for (size_t i = sizeof(ucopy_stats); i < sizeof b.bytes; i++)
    ASSERT_EQ(b.bytes[i], kGuard) << "byte " << i << " written past the struct";
}

// An older caller's shorter struct, cut at every field boundary.
TEST(Stats, ShortSizeWritesOnlyThatMany) {
  auto h = capi::new_handle();
  ASSERT_TRUE(h);
  for (size_t size = offsetof(ucopy_stats, files); size < sizeof(ucopy_stats);
       size += sizeof(uint64_t)) {
    Buffer b;
    ASSERT_EQ(ucopy_get_stats(h.get(), b.stats(), size), 0) << "size " << size;
    EXPECT_EQ(b.size_field(), size) << "size field must tell the bytes filled";
    for (size_t i = size; i < sizeof b.bytes; i++)
      ASSERT_EQ(b.bytes[i], kGuard) << "size " << size << ": byte " << i << " overwritten";
  }
}

// A newer caller's larger struct: the library fills what it knows, says so
// in `size`, and never goes past the room it was given.
TEST(Stats, LargerSizeIsFilledUpToWhatTheLibraryKnows) {
  auto h = capi::new_handle();
  ASSERT_TRUE(h);
  Buffer b;
  const size_t room = sizeof(ucopy_stats) + kSlack / 2;
  ASSERT_EQ(ucopy_get_stats(h.get(), b.stats(), room), 0);
  EXPECT_GE(b.size_field(), sizeof(ucopy_stats));
  EXPECT_LE(b.size_field(), room);
  for (size_t i = room; i < sizeof b.bytes; i++)
    ASSERT_EQ(b.bytes[i], kGuard) << "byte " << i << " written past the room given";
}

}  // namespace
