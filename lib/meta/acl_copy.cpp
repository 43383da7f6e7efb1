// SPDX-License-Identifier: MIT
#include "meta/acl_copy.hpp"

#include <acl/libacl.h>
#include <sys/acl.h>

#include <cerrno>
#include <string>
#include <vector>

namespace ucopy_impl {
namespace {

struct AclFree {
  acl_t acl;
  ~AclFree() {
    if (acl) acl_free(acl);
  }
};

// A failure to set an ACL on the copy: once per filesystem when it has no
// ACLs at all, else for this entry.
void report_set_failure(const MetaScope &scope, int err, acl_type_t type, int dst_dirfd,
                        MetaResult &out);

// Through libacl, which takes paths: /proc/self/fd ones here.
void copy_with_libacl(const MetaScope &scope, const EntryRef &src, const EntryRef &dst,
                      acl_type_t type, MetaResult &out) {
  AclFree a{acl_get_file(proc_path(src).c_str(), type)};
  if (a.acl == nullptr) {
    // ENODATA/ENOTSUP: removed meanwhile or not there after all.
    if (errno != ENODATA && errno != ENOTSUP) out.notice(-errno, "acl_get", "", true);
    return;
  }
  if (acl_set_file(proc_path(dst).c_str(), type, a.acl) != 0)
    report_set_failure(scope, errno, type, dst.dirfd, out);
}

// The same ACL moved as the kernel's system.posix_acl_* value, relative to
// the directory fds: no /proc path walk and no conversion to libacl's form
// and back, about 5 us per file less. The kernel checks the value and sets
// the mode's group bits from its mask, as acl_set_file() would.
void copy_raw(const MetaScope &scope, const EntryRef &src, const EntryRef &dst, acl_type_t type,
              MetaResult &out) {
  const char *name =
      type == ACL_TYPE_DEFAULT ? "system.posix_acl_default" : "system.posix_acl_access";
  thread_local std::vector<char> value;
  if (xattr_get(src, name, value) < 0) {
    if (errno != ENODATA && errno != ENOTSUP) out.notice(-errno, "acl_get", "", true);
    return;
  }
  if (xattr_set(dst, name, value.data(), value.size()) != 0)
    report_set_failure(scope, errno, type, dst.dirfd, out);
}

void report_set_failure(const MetaScope &scope, int err, acl_type_t type, int dst_dirfd,
                        MetaResult &out) {
  if (destination_failed(err)) {
    out.code = -err;
    out.op = "acl_set";
    return;
  }
  if (err == ENOTSUP) {
    if (scope.unsupported.first(dst_dirfd, "acl"))
      out.notice(-err, "acl_set",
                 "POSIX ACLs are not supported by the destination filesystem; only the mode "
                 "bits are kept there, reported once",
                 false);
    return;
  }
  out.notice(-err, "acl_set", type == ACL_TYPE_DEFAULT ? "default ACL not kept" : "ACL not kept",
             false);
}

}  // namespace

void copy_acls(const MetaScope &scope, const EntryRef &src, const EntryRef &dst,
               const XattrScan &scan, bool is_dir, MetaResult &out) {
  // Between two descriptors the raw value moves with f*xattr() on every
  // kernel; libacl (which takes paths) is left for names before Linux 6.13.
  const bool fds =
      (*src.name == '\0' || src.path_fd >= 0) && (*dst.name == '\0' || dst.path_fd >= 0);
  auto copy = fds || have_xattr_at_calls() ? copy_raw : copy_with_libacl;
  if (scan.access_acl) copy(scope, src, dst, ACL_TYPE_ACCESS, out);
  if (is_dir && scan.default_acl) copy(scope, src, dst, ACL_TYPE_DEFAULT, out);
}

}  // namespace ucopy_impl
