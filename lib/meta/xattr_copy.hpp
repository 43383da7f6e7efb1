// SPDX-License-Identifier: MIT
// Extended attributes: read from the source entry, written to the copy.
// Entries are named relative to directory descriptors, so the *xattrat
// system calls (Linux 6.13) are used, with /proc/self/fd paths on older
// kernels. Values may be as large as the kernel allows (64 KiB).
#pragma once

#include <vector>

#include "meta/entry_meta.hpp"

namespace ucopy_impl {

// What the source's list of names showed besides plain xattrs.
struct XattrScan {
  bool access_acl = false;   // system.posix_acl_access
  bool default_acl = false;  // system.posix_acl_default
};

// Lists the source's xattrs into `scan` and, when `copy_plain`, copies
// those the filter wants. Problems become notices in `out`.
void copy_xattrs(const MetaScope &scope, const EntryRef &src, const EntryRef &dst, bool copy_plain,
                 XattrScan &scan, MetaResult &out);

// "/proc/self/fd/N" or "/proc/self/fd/N/name": a path to an entry that
// libraries without *at calls (libacl) can use.
std::string proc_path(const EntryRef &e);

// Whether the kernel has the *xattrat calls (Linux 6.13), so that entries
// named by directory fd need no /proc path.
bool have_xattr_at_calls();

// One raw value: its length (value resized to it), or -1 with errno.
ssize_t xattr_get(const EntryRef &e, const char *name, std::vector<char> &value);
// Sets one raw value on a destination entry (never following a symlink).
int xattr_set(const EntryRef &e, const char *name, const void *value, size_t size);

}  // namespace ucopy_impl
