// SPDX-License-Identifier: MIT
#include "race_tree.h"

#include <fcntl.h>
#include <sys/acl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cstdio>

#include "attacker.h"
#include "support/dir_entries.h"
#include "support/remove_tree.h"
#include "support/sys_error.h"
#include "support/unique_fd.h"

namespace ucopy_security {

void give_to_attacker(const std::string &path) {
  if (lchown(path.c_str(), kAttackerUid, kAttackerGid) != 0)
    ucopy_test::throw_errno("lchown " + path);
}

void give_tree_to_attacker(const std::string &path) {
  give_to_attacker(path);
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) ucopy_test::throw_errno("lstat " + path);
  if (!S_ISDIR(st.st_mode)) return;
  ucopy_test::UniqueFd fd(open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) ucopy_test::throw_errno("open " + path);
  for (const std::string &name : ucopy_test::list_dir(fd.get()))
    give_tree_to_attacker(join(path, name));
}

void fresh_dir(const std::string &path, mode_t mode, bool attacker_owned) {
  ucopy_test::remove_tree(path);
  if (mkdir(path.c_str(), mode) != 0) ucopy_test::throw_errno("mkdir " + path);
  if (chmod(path.c_str(), mode) != 0) ucopy_test::throw_errno("chmod " + path);
  if (attacker_owned) give_to_attacker(path);
}

void root_file(const std::string &path, const std::string &content, mode_t mode) {
  ucopy_test::UniqueFd fd(open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!fd.valid()) ucopy_test::throw_errno("create " + path);
  if (write(fd.get(), content.data(), content.size()) != static_cast<ssize_t>(content.size()))
    ucopy_test::throw_errno("write " + path);
  if (fchown(fd.get(), 0, 0) != 0 || fchmod(fd.get(), mode) != 0)
    ucopy_test::throw_errno("chown/chmod " + path);
}

void make_victim(const std::string &path) {
  ucopy_test::remove_tree(path);
  root_file(path, "victim", 0600);
  if (setxattr(path.c_str(), "user.victim", "v", 1, 0) != 0)
    ucopy_test::throw_errno("setxattr " + path);
}

void set_acl(const std::string &path, const char *text) {
  acl_t acl = acl_from_text(text);
  if (acl == nullptr) ucopy_test::throw_errno(std::string("acl_from_text ") + text);
  const int rc = acl_set_file(path.c_str(), ACL_TYPE_ACCESS, acl);
  const int err = errno;
  acl_free(acl);
  if (rc != 0) ucopy_test::throw_errno("acl_set_file " + path, err);
}

std::string join(const std::string &dir, const std::string &name) {
  std::string p = dir;
  p += '/';
  p += name;
  return p;
}

std::string numbered(const std::string &prefix, int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d", i);
  return prefix + buf;
}

}  // namespace ucopy_security
