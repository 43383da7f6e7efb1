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

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/digest.hpp"

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

class HardlinkMap {
 public:
  enum class Claim {
    kFirst,    // copy it, then call finished()
    kLinkNow,  // the first copy is done: link to `target`
    kWaiting,  // the first copy is in progress: `waiter` was stored
    kFailed,   // the first copy failed with `code`
  };

  // `first` is where this name's copy would go; it becomes the link target
  // if this name is the first.
  Claim claim(const InodeKey &key, LinkTarget &&first, LinkWaiter &&waiter, LinkTarget &target,
              int &code);

  // --update found a name of `key` up to date in the destination, as the
  // inode `existing.copy`. kAdopted: it is the first, and later names link
  // to it; kSame: the first copy is that very inode; kOther: another inode
  // is (or is becoming) the first copy, so this name must be linked anew.
  enum class Adopt { kAdopted, kSame, kOther };
  Adopt adopt(const InodeKey &key, LinkTarget &&existing);

  // The first copy of `key` ended with `code` (0: done, as inode `copy`
  // whose content digest is `digest`). Returns the names that waited for
  // it, and the target to link them to.
  std::vector<LinkWaiter> finished(const InodeKey &key, int code, const InodeKey &copy,
                                   const DigestValue &digest, LinkTarget &target);

 private:
  struct Entry {
    LinkTarget target;
    bool done = false;
    int code = 0;
    std::vector<LinkWaiter> waiters;
  };
  std::mutex mu_;
  std::unordered_map<InodeKey, Entry, InodeKeyHash> map_;
};

}  // namespace ucopy_impl
