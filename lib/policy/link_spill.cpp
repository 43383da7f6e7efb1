// SPDX-License-Identifier: MIT
#include "policy/link_spill.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "policy/hardlinks.hpp"

namespace ucopy_impl {
namespace {

enum : uint32_t { kEmpty = 0, kUsed = 1, kDeleted = 2 };
constexpr uint64_t kMinSlots = 4096;  // 256 KiB of (sparse) file

bool same_key(const SpilledLink &r, uint64_t ino, uint32_t major, uint32_t minor) {
  return r.ino == ino && r.dev_major == major && r.dev_minor == minor;
}

bool pread_all(int fd, void *buf, size_t len, uint64_t off) {
  auto *p = static_cast<char *>(buf);
  while (len > 0) {
    const ssize_t n = pread(fd, p, len, static_cast<off_t>(off));
    if (n <= 0) return false;
    p += n;
    len -= static_cast<size_t>(n);
    off += static_cast<uint64_t>(n);
  }
  return true;
}

bool pwrite_all(int fd, const void *buf, size_t len, uint64_t off) {
  const auto *p = static_cast<const char *>(buf);
  while (len > 0) {
    const ssize_t n = pwrite(fd, p, len, static_cast<off_t>(off));
    if (n <= 0) return false;
    p += n;
    len -= static_cast<size_t>(n);
    off += static_cast<uint64_t>(n);
  }
  return true;
}

}  // namespace

LinkSpill::~LinkSpill() {
  if (table_fd_ >= 0) close(table_fd_);
  if (paths_fd_ >= 0) close(paths_fd_);
}

// An unlinked file: in the destination's filesystem if it takes O_TMPFILE
// there (its space is the copy's), else in $TMPDIR or /tmp.
int LinkSpill::open_temp() const {
  constexpr int kFlags = O_TMPFILE | O_RDWR | O_CLOEXEC;
  if (dirfd_ >= 0) {
    const int fd = openat(dirfd_, ".", kFlags, 0600);
    if (fd >= 0) return fd;
  }
  const char *tmp = std::getenv("TMPDIR");
  const int fd = open(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", kFlags, 0600);
  return fd >= 0 ? fd : open("/tmp", kFlags, 0600);
}

bool LinkSpill::open_files() {
  if (table_fd_ >= 0) return true;
  if (failed_) return false;
  paths_fd_ = open_temp();
  if (paths_fd_ < 0 || !rebuild(kMinSlots)) {
    failed_ = true;
    return false;
  }
  return true;
}

uint64_t LinkSpill::home(uint64_t ino, uint32_t major, uint32_t minor, uint64_t capacity) {
  return mix_inode_bits(ino ^ (uint64_t{major} << 44) ^ (uint64_t{minor} << 24)) & (capacity - 1);
}

bool LinkSpill::read_slot(uint64_t i, SpilledLink &rec) const {
  return pread_all(table_fd_, &rec, sizeof rec, i * sizeof rec);
}

bool LinkSpill::write_slot(int fd, uint64_t i, const SpilledLink &rec) {
  return pwrite_all(fd, &rec, sizeof rec, i * sizeof rec);
}

// A fresh table file of `capacity` slots (a power of two) holding the used
// slots of the old one; tombstones are left behind.
bool LinkSpill::rebuild(uint64_t capacity) {
  const int fd = open_temp();
  if (fd < 0 || ftruncate(fd, static_cast<off_t>(capacity * sizeof(SpilledLink))) != 0) {
    if (fd >= 0) close(fd);
    return false;
  }
  std::vector<SpilledLink> block(256);
  for (uint64_t i = 0; i < capacity_; i += block.size()) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(block.size(), capacity_ - i));
    if (!pread_all(table_fd_, block.data(), n * sizeof(SpilledLink), i * sizeof(SpilledLink))) {
      close(fd);
      return false;
    }
    for (size_t k = 0; k < n; k++) {
      if (block[k].state != kUsed) continue;
      uint64_t j = home(block[k].ino, block[k].dev_major, block[k].dev_minor, capacity);
      SpilledLink probe;
      bool ok = false;
      for (;; j = (j + 1) & (capacity - 1)) {
        ok = pread_all(fd, &probe, sizeof probe, j * sizeof probe);
        if (!ok || probe.state == kEmpty) break;
      }
      if (!ok || !write_slot(fd, j, block[k])) {
        close(fd);
        return false;
      }
    }
  }
  if (table_fd_ >= 0) close(table_fd_);
  table_fd_ = fd;
  capacity_ = capacity;
  deleted_ = 0;
  return true;
}

bool LinkSpill::put(SpilledLink rec, std::string_view path) {
  if (!open_files()) return false;
  // At most half the slots in use or dead: probes stay short.
  if ((used_ + deleted_ + 1) * 2 > capacity_) {
    uint64_t cap = capacity_;
    while ((used_ + 1) * 4 > cap) cap *= 2;
    if (!rebuild(cap)) return false;
  }
  rec.path_off = paths_end_;
  rec.path_len = static_cast<uint32_t>(path.size());
  rec.state = kUsed;
  if (!pwrite_all(paths_fd_, path.data(), path.size(), paths_end_)) return false;
  SpilledLink probe;
  uint64_t i = home(rec.ino, rec.dev_major, rec.dev_minor, capacity_);
  for (;; i = (i + 1) & (capacity_ - 1)) {
    if (!read_slot(i, probe)) return false;
    if (probe.state != kUsed) break;
  }
  if (probe.state == kDeleted) deleted_--;
  if (!write_slot(table_fd_, i, rec)) return false;
  paths_end_ += path.size();
  used_++;
  return true;
}

bool LinkSpill::get(const InodeKey &key, SpilledLink &rec, uint64_t &slot) {
  if (used_ == 0) return false;
  for (uint64_t i = home(key.ino, key.dev_major, key.dev_minor, capacity_);;
       i = (i + 1) & (capacity_ - 1)) {
    if (!read_slot(i, rec) || rec.state == kEmpty) return false;
    if (rec.state == kUsed && same_key(rec, key.ino, key.dev_major, key.dev_minor)) {
      slot = i;
      return true;
    }
  }
}

bool LinkSpill::read_path(const SpilledLink &rec, std::string &path) const {
  path.resize(rec.path_len);
  return rec.path_len == 0 || pread_all(paths_fd_, path.data(), rec.path_len, rec.path_off);
}

// Not const, though only the file changes: it is the spill's state.
// NOLINTNEXTLINE(readability-make-member-function-const)
bool LinkSpill::update(uint64_t slot, const SpilledLink &rec) {
  return write_slot(table_fd_, slot, rec);
}

bool LinkSpill::remove(uint64_t slot) {
  SpilledLink dead;
  dead.state = kDeleted;
  if (!write_slot(table_fd_, slot, dead)) return false;
  used_--;
  deleted_++;
  return true;
}

}  // namespace ucopy_impl
