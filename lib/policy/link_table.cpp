// SPDX-License-Identifier: MIT
#include "policy/link_table.hpp"

#include <cerrno>
#include <cstring>

#include "policy/hardlinks.hpp"

namespace ucopy_impl {
namespace {

// At most 80% of the slots are used: linear probing stays short, and a
// slot and its tag cost 6.25 to 9.4 bytes per record with growth by half.
constexpr size_t kMinSlots = 64;
bool too_full(size_t live, size_t capacity) { return live * 5 >= capacity * 4; }

}  // namespace

int32_t LinkTable::status(uint32_t h) const {
  return static_cast<int16_t>(word(h, kStateLen) >> 16);
}

void LinkTable::set_status(uint32_t h, int32_t status) {
  // The codes are errno values and UCOPY_E* (-10001 and below, above
  // -32768); anything else would not fit the 16 bits and reads as EIO.
  const bool special = status == kPending || status == kDead;
  if (!special && (status <= kDead || status > INT16_MAX)) status = -EIO;
  uint32_t &w = word(h, kStateLen);
  w = (w & 0xffff) | (static_cast<uint32_t>(static_cast<uint16_t>(status)) << 16);
}

std::string_view LinkTable::path(uint32_t h) const {
  const uint32_t len = word(h, kStateLen) & 0xffff;
  return {
      reinterpret_cast<const char *>(&chunks_[h >> kChunkShift][(h & (kChunkWords - 1)) + kHead]),
      len};
}

uint32_t LinkTable::record_words_at(uint32_t h) const {
  return record_words(word(h, kStateLen) & 0xffff);
}

uint64_t LinkTable::rec_ino(uint32_t h) const {
  return word(h, kIno) | (uint64_t{word(h, kIno + 1)} << 32);
}

void LinkTable::copy(uint32_t h, InodeKey &out) const {
  out.ino = word(h, kCopyIno) | (uint64_t{word(h, kCopyIno + 1)} << 32);
  const auto d = static_cast<uint16_t>(word(h, kDevs) >> 16);
  out.dev_major = d < devs_.size() ? devs_[d].first : 0;
  out.dev_minor = d < devs_.size() ? devs_[d].second : 0;
}

bool LinkTable::set_copy(uint32_t h, const InodeKey &copy) {
  const uint16_t d = dev_index(copy.dev_major, copy.dev_minor, true);
  if (d == kNoDev) return false;
  word(h, kCopyIno) = static_cast<uint32_t>(copy.ino);
  word(h, kCopyIno + 1) = static_cast<uint32_t>(copy.ino >> 32);
  word(h, kDevs) = (word(h, kDevs) & 0xffff) | (uint32_t{d} << 16);
  return true;
}

// Devices are few (the source's filesystems and the destination's): a
// short list, each record naming one by its index.
uint16_t LinkTable::dev_index(uint32_t major, uint32_t minor, bool add) {
  for (size_t i = 0; i < devs_.size(); i++)
    if (devs_[i].first == major && devs_[i].second == minor) return static_cast<uint16_t>(i);
  if (!add || devs_.size() >= kNoDev) return kNoDev;
  devs_.emplace_back(major, minor);
  return static_cast<uint16_t>(devs_.size() - 1);
}

size_t LinkTable::home(uint64_t ino, uint16_t dev) const {
  const uint64_t h = mix_inode_bits(ino ^ (uint64_t{dev} << 48)) >> 32;
  return static_cast<size_t>((h * slots_.size()) >> 32);  // Lemire's reduction
}

uint8_t LinkTable::tag(uint64_t ino, uint16_t dev) {
  return static_cast<uint8_t>(mix_inode_bits(ino ^ (uint64_t{dev} << 48)));
}

uint32_t LinkTable::find(const InodeKey &key) const {
  if (live_ == 0) return kNone;
  uint16_t dev = kNoDev;
  for (size_t i = 0; i < devs_.size(); i++)
    if (devs_[i].first == key.dev_major && devs_[i].second == key.dev_minor)
      dev = static_cast<uint16_t>(i);
  if (dev == kNoDev) return kNone;
  const uint8_t t = tag(key.ino, dev);
  for (size_t i = home(key.ino, dev);; i = i + 1 == slots_.size() ? 0 : i + 1) {
    const uint32_t h = slots_[i];
    if (h == kNone) return kNone;
    if (tags_[i] == t && rec_ino(h) == key.ino && rec_dev(h) == dev) return h;
  }
}

size_t LinkTable::slot_of(uint32_t h) const {
  for (size_t i = home(rec_ino(h), rec_dev(h));; i = i + 1 == slots_.size() ? 0 : i + 1)
    if (slots_[i] == h) return i;
}

void LinkTable::place(uint32_t h) {
  size_t i = home(rec_ino(h), rec_dev(h));
  while (slots_[i] != kNone) i = i + 1 == slots_.size() ? 0 : i + 1;
  slots_[i] = h;
  tags_[i] = tag(rec_ino(h), rec_dev(h));
}

uint64_t LinkTable::bytes_with(size_t capacity, size_t chunks) const {
  return uint64_t{capacity} * (sizeof(uint32_t) + 1) + uint64_t{chunks} * kChunkWords * 4 +
         chunks * sizeof(uint32_t) + devs_.capacity() * sizeof(devs_[0]);
}

uint64_t LinkTable::bytes() const { return bytes_with(slots_.capacity(), chunks_.size()); }

// The slots rebuilt for `capacity`; false (nothing changed) if that would
// pass `limit`.
bool LinkTable::resize(size_t capacity, uint64_t limit) {
  if (limit != 0 && bytes_with(capacity, chunks_.size()) > limit) return false;
  std::vector<uint32_t> old(capacity, kNone);
  old.swap(slots_);
  std::vector<uint8_t>(capacity).swap(tags_);
  for (uint32_t h : old)
    if (h != kNone) place(h);
  return true;
}

// Room for a record of `words`, at the end of the last chunk or in a new
// one; kNone when a new chunk is needed and the caller must ask first.
uint32_t LinkTable::append(uint32_t words) {
  if (chunks_.empty() || used_.back() + words > kChunkWords) return kNone;
  const auto h = static_cast<uint32_t>(((chunks_.size() - 1) << kChunkShift) | used_.back());
  used_.back() += words;
  return h;
}

uint32_t LinkTable::insert(const InodeKey &key, std::string_view path, uint32_t names_left,
                           uint64_t limit) {
  if (path.size() > kMaxPath) return kNone;
  const uint16_t dev = dev_index(key.dev_major, key.dev_minor, true);
  if (dev == kNoDev) return kNone;
  if (slots_.empty() && !resize(kMinSlots, limit)) return kNone;
  if (too_full(live_ + 1, slots_.size()) && !resize(slots_.size() + slots_.size() / 2, limit))
    return kNone;
  const uint32_t words = record_words(path.size());
  uint32_t h = append(words);
  // A new chunk is needed: first take back the space of dropped records
  // if it outweighs the live ones, or if the chunk would pass the limit
  // and an eighth is dead (so that a compaction moves at most 8 words per
  // word it frees).
  const bool over = limit != 0 && bytes_with(slots_.size(), chunks_.size() + 1) > limit;
  if (h == kNone && dead_words_ > 0 &&
      (dead_words_ > live_words_ || (over && dead_words_ * 8 >= live_words_))) {
    compact();
    h = append(words);
  }
  if (h == kNone) {
    if (limit != 0 && bytes_with(slots_.size(), chunks_.size() + 1) > limit) return kNone;
    if (chunks_.size() >= (size_t{1} << (32 - kChunkShift)) - 1) return kNone;  // 16 GiB of words
    chunks_.push_back(std::make_unique<uint32_t[]>(kChunkWords));
    used_.push_back(0);
    h = append(words);
  }
  word(h, kIno) = static_cast<uint32_t>(key.ino);
  word(h, kIno + 1) = static_cast<uint32_t>(key.ino >> 32);
  word(h, kCopyIno) = word(h, kCopyIno + 1) = 0;
  word(h, kDevs) = dev | (uint32_t{kNoDev} << 16);
  word(h, kNamesLeft) = names_left;
  word(h, kStateLen) = static_cast<uint32_t>(path.size());
  set_status(h, kPending);
  if (!path.empty()) std::memcpy(&word(h, kHead), path.data(), path.size());
  place(h);
  live_++;
  live_words_ += words;
  return h;
}

// Backward-shift deletion: the records after the freed slot that would
// have wanted it (or an earlier one) move up, so that no probe stops short.
void LinkTable::remove_slot(size_t i) {
  const size_t n = slots_.size();
  slots_[i] = kNone;
  for (size_t j = i + 1 == n ? 0 : i + 1; slots_[j] != kNone; j = j + 1 == n ? 0 : j + 1) {
    const size_t k = home(rec_ino(slots_[j]), rec_dev(slots_[j]));
    // Movable unless its home lies cyclically in (i, j].
    const bool stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
    if (stays) continue;
    slots_[i] = slots_[j];
    tags_[i] = tags_[j];
    slots_[j] = kNone;
    i = j;
  }
}

// Out of the index and dead in the arena; returns its words.
uint32_t LinkTable::drop(uint32_t h) {
  remove_slot(slot_of(h));
  const uint32_t words = record_words_at(h);
  set_status(h, kDead);
  live_--;
  live_words_ -= words;
  dead_words_ += words;
  return words;
}

void LinkTable::after_drop() {
  if (live_ == 0) {
    // All links made: everything goes back.
    chunks_.clear();
    chunks_.shrink_to_fit();
    used_.clear();
    used_.shrink_to_fit();
    std::vector<uint32_t>().swap(slots_);
    std::vector<uint8_t>().swap(tags_);
    std::vector<std::pair<uint32_t, uint32_t>>().swap(devs_);
    live_words_ = dead_words_ = 0;
    return;
  }
  if (dead_words_ > live_words_ && dead_words_ >= kChunkWords) compact();
  if (slots_.size() > kMinSlots && live_ * 8 < slots_.size()) resize(slots_.size() / 2, 0);
}

void LinkTable::erase(uint32_t h) {
  drop(h);
  after_drop();
}

void LinkTable::key(uint32_t h, InodeKey &out) const {
  out.ino = rec_ino(h);
  const uint16_t d = rec_dev(h);
  out.dev_major = devs_[d].first;
  out.dev_minor = devs_[d].second;
}

// Slides the live records down to the front of the arena, in order; each
// lands at or before where it was, so memmove within the same storage is
// safe. Their slots are found by key and repointed. Chunks left empty are
// freed.
void LinkTable::compact() {
  uint32_t wc = 0;  // write chunk and word
  uint32_t ww = 0;
  for (uint32_t c = 0; c < chunks_.size(); c++) {
    for (uint32_t w = 0; w < used_[c];) {
      const uint32_t h = (c << kChunkShift) | w;
      const uint32_t words = record_words_at(h);
      w += words;
      if (status(h) == kDead) continue;
      if (ww + words > kChunkWords) {
        used_[wc++] = ww;
        ww = 0;
      }
      const uint32_t to = (wc << kChunkShift) | ww;
      if (to != h) {
        const size_t slot = slot_of(h);
        std::memmove(&word(to, 0), &word(h, 0), words * sizeof(uint32_t));
        slots_[slot] = to;
      }
      ww += words;
    }
  }
  used_[wc] = ww;
  chunks_.resize(wc + 1);
  used_.resize(wc + 1);
  dead_words_ = 0;
}

}  // namespace ucopy_impl
