// Extended attributes: read from the source entry, written to the copy.
// Entries are named relative to directory descriptors, so the *xattrat
// system calls (Linux 6.13) are used, with /proc/self/fd paths on older
// kernels. Values may be as large as the kernel allows (64 KiB).
#pragma once

#include "meta.hpp"

namespace ucopy_impl {

struct RunContext;

// What the source's list of names showed besides plain xattrs.
struct XattrScan {
  bool access_acl = false;   // system.posix_acl_access
  bool default_acl = false;  // system.posix_acl_default
};

// Lists the source's xattrs into `scan` and, when `copy_plain`, copies
// those the filter wants. Problems become notices in `out`.
void copy_xattrs(RunContext &ctx, const EntryRef &src, const EntryRef &dst, bool copy_plain,
                 XattrScan &scan, MetaResult &out);

// "/proc/self/fd/N" or "/proc/self/fd/N/name": a path to an entry that
// libraries without *at calls (libacl) can use.
std::string proc_path(const EntryRef &e);

}  // namespace ucopy_impl
