#include "acl_copy.hpp"

#include <acl/libacl.h>
#include <sys/acl.h>

#include <cerrno>
#include <string>

#include "run_context.hpp"

namespace ucopy_impl {
namespace {

struct AclFree {
  acl_t acl;
  ~AclFree() {
    if (acl) acl_free(acl);
  }
};

void copy_one(RunContext &ctx, const std::string &src_path, const std::string &dst_path,
              acl_type_t type, int dst_dirfd, MetaResult &out) {
  AclFree a{acl_get_file(src_path.c_str(), type)};
  if (a.acl == nullptr) {
    // ENODATA/ENOTSUP: removed meanwhile or not there after all.
    if (errno != ENODATA && errno != ENOTSUP) out.notice(-errno, "acl_get", "", true);
    return;
  }
  if (acl_set_file(dst_path.c_str(), type, a.acl) == 0) return;
  int err = errno;
  if (err == ENOTSUP) {
    if (ctx.unsupported.first(dst_dirfd, "acl"))
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

void copy_acls(RunContext &ctx, const EntryRef &src, const EntryRef &dst, const XattrScan &scan,
               bool is_dir, MetaResult &out) {
  if (!scan.access_acl && !(is_dir && scan.default_acl)) return;
  const std::string src_path = proc_path(src);
  const std::string dst_path = proc_path(dst);
  if (scan.access_acl) copy_one(ctx, src_path, dst_path, ACL_TYPE_ACCESS, dst.dirfd, out);
  if (is_dir && scan.default_acl)
    copy_one(ctx, src_path, dst_path, ACL_TYPE_DEFAULT, dst.dirfd, out);
}

}  // namespace ucopy_impl
