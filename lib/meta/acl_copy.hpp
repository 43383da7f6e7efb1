// SPDX-License-Identifier: MIT
// POSIX ACLs, copied with libacl: the access ACL of files and directories
// and the default ACL of directories. Setting an access ACL also sets the
// group bits of the mode to the ACL's mask, so mode and ACL stay
// consistent; the later chmod (same bits) keeps them so.
#pragma once

#include "meta/entry_meta.hpp"
#include "meta/xattr_copy.hpp"

namespace ucopy_impl {

// Copies what `scan` found on the source. Problems become notices in `out`;
// a destination filesystem without ACLs is reported once.
void copy_acls(const MetaScope &scope, const EntryRef &src, const EntryRef &dst,
               const XattrScan &scan, bool is_dir, MetaResult &out);

}  // namespace ucopy_impl
