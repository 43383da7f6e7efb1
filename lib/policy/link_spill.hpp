// SPDX-License-Identifier: MIT
// Where the hard-link map puts finished records it has no room for under
// ucopy_options.link_map_limit: two unlinked temporary files (O_TMPFILE, in
// the destination's filesystem or else $TMPDIR), one an open-addressing
// table of fixed 64-byte slots, the other the first names' paths, appended.
// A lookup is a few pread()s, in the page cache while memory allows; the
// table is rebuilt at twice the size when half full. Removed slots become
// tombstones (dropped by the next rebuild); path bytes are never reclaimed.
//
// The files hold our own copies' paths and inode numbers, which are no
// secret from the user running the copy; they are 0600 and never linked
// into a directory. Every I/O error makes a call return false, and the map
// then copies the names it concerns as separate files.
//
// Not thread safe: HardlinkMap holds the lock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ucopy_impl {

struct InodeKey;

struct SpilledLink {
  uint64_t ino = 0;
  uint32_t dev_major = 0, dev_minor = 0;
  uint64_t copy_ino = 0;
  uint32_t copy_major = 0, copy_minor = 0;
  uint64_t path_off = 0;
  uint32_t path_len = 0;
  uint32_t names_left = 0;
  int32_t status = 0;
  uint32_t state = 0;  // kEmpty, kUsed or kDeleted
  uint64_t pad = 0;
};
static_assert(sizeof(SpilledLink) == 64);

class LinkSpill {
 public:
  LinkSpill() = default;
  LinkSpill(const LinkSpill &) = delete;
  LinkSpill &operator=(const LinkSpill &) = delete;
  ~LinkSpill();

  // Where the files go: a directory descriptor of the destination (-1:
  // $TMPDIR only). Kept by the caller for the run.
  void set_dir(int dirfd) { dirfd_ = dirfd; }

  // Adds a record for a key that is not in the file.
  bool put(SpilledLink rec, std::string_view path);
  // The record of `key` in `rec` and its slot in `slot`; false if absent
  // (or on an error).
  bool get(const InodeKey &key, SpilledLink &rec, uint64_t &slot);
  bool read_path(const SpilledLink &rec, std::string &path) const;
  bool update(uint64_t slot, const SpilledLink &rec);
  bool remove(uint64_t slot);
  uint64_t size() const { return used_; }

 private:
  bool open_files();
  bool rebuild(uint64_t capacity);
  bool read_slot(uint64_t i, SpilledLink &rec) const;
  static bool write_slot(int fd, uint64_t i, const SpilledLink &rec);
  static uint64_t home(uint64_t ino, uint32_t major, uint32_t minor, uint64_t capacity);
  int open_temp() const;

  int dirfd_ = -1;
  int table_fd_ = -1;
  int paths_fd_ = -1;
  bool failed_ = false;  // could not create the files: never tried again
  uint64_t capacity_ = 0;
  uint64_t used_ = 0;
  uint64_t deleted_ = 0;
  uint64_t paths_end_ = 0;
};

}  // namespace ucopy_impl
