// SPDX-License-Identifier: MIT
// Hard links: a file with several names inside the tree is copied once and
// its other names are linked to the copy. Only inodes with more than one
// link enter the map, so its size follows the number of such files, not the
// size of the tree.
//
// A later name may turn up while the first is still being copied (by this
// or another worker); it then waits in the map, holding its directory open
// (and unfinished, so its times are set after the link exists), and is
// linked by whoever finishes the first copy.
#pragma once

#include <sys/stat.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/digest.hpp"
#include "policy/link_spill.hpp"
#include "policy/link_table.hpp"

namespace ucopy_impl {

struct DirNode;  // run/dir_tree.hpp: the directory of the first name

struct InodeKey {
  uint32_t dev_major = 0;
  uint32_t dev_minor = 0;
  uint64_t ino = 0;
  static InodeKey of(const struct statx &st) {
    return {st.stx_dev_major, st.stx_dev_minor, st.stx_ino};
  }
  bool operator==(const InodeKey &o) const {
    return ino == o.ino && dev_major == o.dev_major && dev_minor == o.dev_minor;
  }
};

struct InodeKeyHash {
  size_t operator()(const InodeKey &k) const {
    return std::hash<uint64_t>()(k.ino ^ (uint64_t{k.dev_major} << 48) ^
                                 (uint64_t{k.dev_minor} << 32));
  }
};

// Where the first copy of an inode is: a path below the destination root,
// resolved under the root's held descriptor without following symlinks or
// leaving it (openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), so that no
// directory a user swaps on the way can send a link elsewhere; and the
// copy's own inode, which what is found there must be.
struct LinkTarget {
  std::string rel;  // below the destination root
  InodeKey copy;    // set when the first copy is done
  // The first copy's content digest (ucopy_options.digest), which every
  // name linked to it reports too.
  DigestValue digest;
};

// A name waiting for the first copy of its inode. It owns one reference of
// `dir` (see release_dir).
struct LinkWaiter {
  std::shared_ptr<DirNode> dir;
  std::string name;      // in dir's destination
  std::string src_path;  // for messages
};

// An entry is dropped as soon as the names seen reach the first name's
// st_nlink: every link it could serve has been made. Inodes with names
// outside the tree (or filtered out) stay to the end of the run, as in cp.
//
// Bounded mode (set_limit): when a new inode would take the records past
// the limit, the oldest finished half of them moves to a spill file
// (link_spill.hpp), where a name that misses in memory is looked up. Only
// if that fails (no temporary file, no room on its filesystem, every record
// still being copied) is a new inode left unrecorded: its names are then
// copied as separate files (the data is all there, the link between those
// names is not), and the caller warns once (take_limit_notice).
class HardlinkMap {
 public:
  enum class Claim {
    kFirst,      // copy it, then call finished()
    kLinkNow,    // the first copy is done: link to `target`
    kWaiting,    // the first copy is in progress: `waiter` was stored
    kFailed,     // the first copy failed with `code`
    kUntracked,  // the map is full and cannot spill: copy it as a file of its own
  };

  // At most `bytes` for the records and their index (0: unlimited).
  void set_limit(uint64_t bytes) { limit_ = bytes; }
  // Where the spill file goes first: the destination root's descriptor,
  // held for the run (-1: $TMPDIR).
  void set_spill_dir(int dirfd) { spill_.set_dir(dirfd); }

  // A name of `key`, whose inode has `nlink` names. `first` is where this
  // name's copy goes; it becomes the link target if this name is the first.
  Claim claim(const InodeKey &key, uint32_t nlink, std::string_view first, LinkWaiter &&waiter,
              LinkTarget &target, int &code);

  // --update found a name of `key` up to date in the destination at
  // `rel`, as the inode `copy`. kAdopted: it is the first, and later names
  // link to it; kSame: the first copy is that very inode; kOther: another
  // inode is (or is becoming) the first copy, so this name must be linked
  // anew (and is claimed then: it is not counted here).
  enum class Adopt { kAdopted, kSame, kOther };
  Adopt adopt(const InodeKey &key, uint32_t nlink, std::string_view rel, const InodeKey &copy);

  // The first copy of `key` ended with `code` (0: done, as inode `copy`
  // whose content digest is `digest`). Returns the names that waited for
  // it, and the target to link them to.
  std::vector<LinkWaiter> finished(const InodeKey &key, int code, const InodeKey &copy,
                                   const DigestValue &digest, LinkTarget &target);

  // True once, for the first name left untracked by the limit.
  bool take_limit_notice() { return !limit_noticed_.exchange(true); }

  size_t size();  // records in memory
  uint64_t bytes();
  uint64_t spilled();  // records in the spill file

 private:
  void count_name(uint32_t h);
  void drop(uint32_t h);  // the record, with its digest
  void forget_digest(uint32_t h);
  uint32_t insert(const InodeKey &key, std::string_view path, uint32_t names_left);
  bool spill_record(uint32_t h);
  Claim claim_spilled(SpilledLink &rec, uint64_t slot, LinkTarget &target, int &code);
  void count_spilled(SpilledLink &rec, uint64_t slot);
  std::mutex mu_;
  LinkTable table_;
  LinkSpill spill_;
  uint64_t limit_ = 0;
  std::atomic<bool> limit_noticed_{false};
  // Names waiting for a first copy in progress: few (bounded by the files
  // in flight), so kept apart from the compact records.
  std::unordered_map<InodeKey, std::vector<LinkWaiter>, InodeKeyHash> waiters_;
  // ucopy_options.digest: the first copy's digest for the names still to
  // come (a record has no room for it: 16 or 32 bytes more per file, and
  // only digest runs need it). Dropped with the record.
  std::unordered_map<InodeKey, DigestValue, InodeKeyHash> digests_;
};

}  // namespace ucopy_impl
