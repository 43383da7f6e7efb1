// SPDX-License-Identifier: MIT
// The store behind the hard-link map: one compact record per multi-link
// inode: 48 bytes for a path of 20 characters, plus 6.25 to 9.4 bytes of
// hash slot and tag. At 1M inodes that is 56.1 bytes each, where a
// std::unordered_map of std::string paths took 171.6
// (tests/unit/link_table_test.cpp).
//
// Records live in an arena of 16 KiB chunks of 32-bit words, in the order
// they were added: the key (inode, source device as an index in a small
// device table), the copy's inode, the names still to come, the state and
// the destination path of the first name. The index is an open-addressing
// table of 32-bit arena offsets with an 8-bit tag each, probed linearly. A removed record leaves
// its words dead until they outnumber the live ones; the arena is then
// compacted in place, sliding the live records down in order (no second
// copy is ever held), and freed chunks go back to the allocator.
//
// Not thread safe: HardlinkMap holds the lock.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace ucopy_impl {

struct InodeKey;

// splitmix64's finalizer, the hash of the link map's tables (this one's
// and the spill file's): inode numbers are often dense, and the tables take
// some of the top bits.
inline uint64_t mix_inode_bits(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

class LinkTable {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  // The state of a record: kPending until the first copy ends, then its
  // status (0 or -errno, or a UCOPY_E* code).
  static constexpr int32_t kPending = INT16_MIN;
  // Paths longer than this are not recorded (openat2 refuses them anyway).
  static constexpr size_t kMaxPath = size_t{8} * 1024;

  LinkTable() = default;
  LinkTable(const LinkTable &) = delete;
  LinkTable &operator=(const LinkTable &) = delete;

  // The record of `key`, or kNone. A handle is valid until the next
  // insert() or erase().
  uint32_t find(const InodeKey &key) const;
  // Adds a record for `key` (absent), pending, with `names_left`. kNone if
  // the table would then take more than `limit` bytes (0: no limit), or the
  // path or the device cannot be recorded.
  uint32_t insert(const InodeKey &key, std::string_view path, uint32_t names_left, uint64_t limit);
  void erase(uint32_t h);

  uint32_t names_left(uint32_t h) const { return word(h, kNamesLeft); }
  void set_names_left(uint32_t h, uint32_t n) { word(h, kNamesLeft) = n; }
  int32_t status(uint32_t h) const;
  void set_status(uint32_t h, int32_t status);
  std::string_view path(uint32_t h) const;
  // The copy's inode (as far as set_copy() said).
  void copy(uint32_t h, InodeKey &out) const;
  // False if the copy's device cannot be recorded (the record is unusable).
  bool set_copy(uint32_t h, const InodeKey &copy);

  // The record's own key.
  void key(uint32_t h, InodeKey &out) const;

  // Takes finished records out, oldest first: each is handed to `spill`
  // (true: it is kept elsewhere) and dropped, until `words` words of them
  // are freed or none is left (or `spill` fails). Returns the words freed.
  template <typename Spill>
  uint64_t evict_oldest(uint64_t words, Spill &&spill);

  size_t size() const { return live_; }
  uint64_t live_words() const { return live_words_; }
  // What the table holds from the allocator: chunks, slots, devices.
  uint64_t bytes() const;

 private:
  // Word positions in a record.
  enum : uint32_t { kIno = 0, kCopyIno = 2, kDevs = 4, kNamesLeft = 5, kStateLen = 6, kHead = 7 };
  // 4 Ki words, 16 KiB: small enough that a limit of 64 KiB holds records.
  static constexpr uint32_t kChunkShift = 12;
  static constexpr uint32_t kChunkWords = 1u << kChunkShift;
  static constexpr uint16_t kNoDev = UINT16_MAX;
  static constexpr int32_t kDead = INT16_MIN + 1;

  uint32_t &word(uint32_t h, uint32_t i) {
    return chunks_[h >> kChunkShift][(h & (kChunkWords - 1)) + i];
  }
  uint32_t word(uint32_t h, uint32_t i) const {
    return chunks_[h >> kChunkShift][(h & (kChunkWords - 1)) + i];
  }
  static uint32_t record_words(size_t path_len) {
    return kHead + static_cast<uint32_t>((path_len + 3) / 4);
  }
  uint32_t record_words_at(uint32_t h) const;
  uint64_t rec_ino(uint32_t h) const;
  uint16_t rec_dev(uint32_t h) const { return static_cast<uint16_t>(word(h, kDevs) & 0xffff); }
  uint16_t dev_index(uint32_t major, uint32_t minor, bool add);
  size_t home(uint64_t ino, uint16_t dev) const;
  static uint8_t tag(uint64_t ino, uint16_t dev);
  size_t slot_of(uint32_t h) const;
  uint32_t append(uint32_t words);
  void place(uint32_t h);
  void remove_slot(size_t i);
  uint32_t drop(uint32_t h);
  void after_drop();
  bool resize(size_t capacity, uint64_t limit);
  void compact();
  uint64_t bytes_with(size_t capacity, size_t chunks) const;

  std::vector<std::unique_ptr<uint32_t[]>> chunks_;
  std::vector<uint32_t> used_;   // words used in each chunk
  std::vector<uint32_t> slots_;  // arena offsets, kNone when free
  // 8 more bits of each slot's hash: a probe reads a record only when they
  // match. Without them a miss (every first name) read about 13 records at
  // 80% load; LinkTable::find was then the engine's busiest function in a
  // 3-snapshot copy (2.3% of the samples).
  std::vector<uint8_t> tags_;
  std::vector<std::pair<uint32_t, uint32_t>> devs_;  // major, minor
  size_t live_ = 0;
  uint64_t live_words_ = 0;
  uint64_t dead_words_ = 0;
};

template <typename Spill>
uint64_t LinkTable::evict_oldest(uint64_t words, Spill &&spill) {
  uint64_t freed = 0;
  for (uint32_t c = 0; c < chunks_.size() && freed < words; c++) {
    for (uint32_t w = 0; w < used_[c] && freed < words;) {
      const uint32_t h = (c << kChunkShift) | w;
      w += record_words_at(h);
      const int32_t st = status(h);
      if (st == kDead || st == kPending) continue;
      if (!spill(h)) {
        words = 0;  // stop here
        break;
      }
      freed += drop(h);
    }
  }
  if (freed > 0) after_drop();
  return freed;
}

}  // namespace ucopy_impl
