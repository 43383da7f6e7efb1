// SPDX-License-Identifier: MIT
// Metadata beyond mode and times: extended attributes in every namespace,
// POSIX access and default ACLs, owners other than the caller's with the
// setuid/setgid/sticky bits, FIFOs, sockets and device nodes, atimes kept
// exactly and O_NOATIME. The tree comparison checks every xattr (ACLs
// included) byte for byte; the tests add what it cannot see: which flags
// turn what off, how often the filter is asked, what the events say.
#include <acl/libacl.h>
#include <fcntl.h>
#include <sys/acl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <map>
#include <set>

#include "e2e_fixture.h"
#include "support/remove_tree.h"
#include "support/sys_error.h"
#include "support/tree_builder.h"
#include "support/xattr_list.h"

namespace ucopy_e2e {
namespace {

using ucopy_test::UniqueFd;

constexpr uid_t kOtherUid = 1234;
constexpr gid_t kOtherGid = 5678;

void set_xattr(const std::string &path, const std::string &name, const std::string &value) {
  if (::lsetxattr(path.c_str(), name.c_str(), value.data(), value.size(), 0) != 0)
    ucopy_test::throw_errno("lsetxattr " + name + " on " + path);
}

void set_acl(const std::string &path, acl_type_t type, const char *text) {
  acl_t acl = acl_from_text(text);
  if (acl == nullptr) ucopy_test::throw_errno(std::string("acl_from_text ") + text);
  int rc = acl_set_file(path.c_str(), type, acl);
  int err = errno;
  acl_free(acl);
  if (rc != 0) ucopy_test::throw_errno("acl_set_file " + path, err);
}

// The ACL of `path` in getfacl's short form, "" when it has none.
std::string acl_text(const std::string &path, acl_type_t type) {
  acl_t acl = acl_get_file(path.c_str(), type);
  if (acl == nullptr) return "";
  char *text = acl_to_any_text(acl, nullptr, ',', 0);
  std::string out = text ? text : "";
  acl_free(text);
  acl_free(acl);
  return out;
}

// A value large enough to need more than one block: 60 KiB where the
// filesystem takes it (ext4 only with the ea_inode feature), else 3 KiB.
std::string big_value_for(const std::string &probe_path) {
  std::string big(60 * 1024, '\0');
  for (size_t i = 0; i < big.size(); i++) big[i] = static_cast<char>('a' + i * 7 % 26);
  if (::lsetxattr(probe_path.c_str(), "user.probe", big.data(), big.size(), 0) == 0) {
    ::lremovexattr(probe_path.c_str(), "user.probe");
    return big;
  }
  return big.substr(0, 3000);
}

class Metadata : public E2eTest {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root: trusted.* xattrs, chown, mknod";
    UniqueFd root = ucopy_test::make_dir(AT_FDCWD, src, 0755);
    ucopy_test::write_random_file(root.get(), "plain", 10000, 1);
    ucopy_test::write_random_file(root.get(), "tagged", 5000, 2);
    UniqueFd shared = ucopy_test::make_dir(root.get(), "shared", 0755);
    ucopy_test::write_random_file(shared.get(), "inherits", 300, 3);
    UniqueFd sub = ucopy_test::make_dir(shared.get(), "sub", 0750);
    ucopy_test::make_symlink(root.get(), "link", "tagged");
  }

  // xattrs in the user, trusted and security namespaces on files, a
  // directory and a symlink (which takes trusted.* but not user.*).
  void add_xattrs() {
    const std::string big = big_value_for(src + "/plain");
    set_xattr(src + "/tagged", "user.origin", "camera-7");
    set_xattr(src + "/tagged", "user.empty", "");
    set_xattr(src + "/tagged", "user.big", big);
    set_xattr(src + "/tagged", "trusted.checksum", std::string("\x00\x01\xff", 3));
    set_xattr(src + "/tagged", "security.ucopy-test", "label");
    set_xattr(src + "/shared", "user.dir-note", "a directory's xattr");
    set_xattr(src + "/link", "trusted.link-note", "on the link itself");
  }

  // Access ACLs with named users and groups, and a default ACL on a
  // directory (inherited by nothing yet: its entries predate it).
  void add_acls() {
    set_acl(src + "/tagged", ACL_TYPE_ACCESS, "u::rw-,u:1234:r--,g::r--,g:5678:rw-,m::rw-,o::---");
    set_acl(src + "/shared", ACL_TYPE_ACCESS, "u::rwx,u:1234:rwx,g::r-x,m::r-x,o::r-x");
    set_acl(src + "/shared", ACL_TYPE_DEFAULT, "u::rwx,u:1234:r-x,g::r-x,m::r-x,o::---");
    set_acl(src + "/shared/sub", ACL_TYPE_DEFAULT, "u::rwx,g::---,g:5678:rwx,m::rwx,o::---");
  }

  RunRecord copy(uint64_t flags, ucopy_xattr_filter_cb filter = nullptr, void *user = nullptr) {
    CopySession session;
    session.options.flags = flags;
    EXPECT_EQ(session.apply(), 0);
    if (filter) ucopy_set_xattr_filter(session.handle(), filter, user);
    return session.run(src, dst);
  }
};

TEST_F(Metadata, XattrsInEveryNamespaceAreCopied) {
  add_xattrs();
  ucopy_test::stamp_tree_times(src, 5);
  protect_source();
  RunRecord r = copy(UCOPY_F_ARCHIVE);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  auto x = ucopy_test::read_xattrs(AT_FDCWD, dst + "/tagged");
  EXPECT_EQ(x["user.origin"], "camera-7");
  EXPECT_EQ(x.count("user.empty"), 1u);
  EXPECT_GE(x["user.big"].size(), 3000u);
  EXPECT_EQ(x["trusted.checksum"], std::string("\x00\x01\xff", 3));
  EXPECT_EQ(ucopy_test::read_xattrs(AT_FDCWD, dst + "/link")["trusted.link-note"],
            "on the link itself");
}

TEST_F(Metadata, AccessAndDefaultAclsAreCopiedWithTheirMask) {
  add_acls();
  ucopy_test::stamp_tree_times(src, 6);
  protect_source();
  RunRecord r = copy(UCOPY_F_ARCHIVE);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  for (const char *rel : {"/tagged", "/shared"}) {
    SCOPED_TRACE(rel);
    EXPECT_EQ(acl_text(dst + rel, ACL_TYPE_ACCESS), acl_text(src + rel, ACL_TYPE_ACCESS));
    EXPECT_NE(acl_text(dst + rel, ACL_TYPE_ACCESS), "");
  }
  for (const char *rel : {"/shared", "/shared/sub"}) {
    SCOPED_TRACE(rel);
    EXPECT_EQ(acl_text(dst + rel, ACL_TYPE_DEFAULT), acl_text(src + rel, ACL_TYPE_DEFAULT));
    EXPECT_NE(acl_text(dst + rel, ACL_TYPE_DEFAULT), "");
  }
  // The mode's group bits are the mask (rw- for tagged), as on the source.
  struct stat st;
  ASSERT_EQ(::stat((dst + "/tagged").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0660u);
}

TEST_F(Metadata, FlagsOffLeaveXattrsAndAclsBehind) {
  add_xattrs();
  add_acls();
  RunRecord r = copy(UCOPY_F_ARCHIVE & ~(UCOPY_F_PRESERVE_XATTRS | UCOPY_F_PRESERVE_ACLS));
  EXPECT_CLEAN_RUN(r);
  for (const char *rel : {"/tagged", "/shared", "/link", "/shared/sub"}) {
    SCOPED_TRACE(rel);
    EXPECT_TRUE(ucopy_test::read_xattrs(AT_FDCWD, dst + rel).empty());
  }
  // Without the ACL the group bits are still the source's mode bits.
  struct stat s, d;
  ASSERT_EQ(::stat((src + "/tagged").c_str(), &s), 0);
  ASSERT_EQ(::stat((dst + "/tagged").c_str(), &d), 0);
  EXPECT_EQ(s.st_mode & 07777, d.st_mode & 07777);
}

TEST_F(Metadata, AclsWithoutPlainXattrs) {
  add_xattrs();
  add_acls();
  RunRecord r = copy(UCOPY_F_ARCHIVE & ~UCOPY_F_PRESERVE_XATTRS);
  EXPECT_CLEAN_RUN(r);
  auto x = ucopy_test::read_xattrs(AT_FDCWD, dst + "/tagged");
  EXPECT_EQ(x.count("user.origin"), 0u);
  EXPECT_EQ(x.count("system.posix_acl_access"), 1u);
  EXPECT_EQ(acl_text(dst + "/shared", ACL_TYPE_DEFAULT),
            acl_text(src + "/shared", ACL_TYPE_DEFAULT));
}

struct FilterLog {
  std::atomic<int> calls{0};
  std::multiset<std::string> names;
};

int drop_user_drop(const char *name, void *user) {
  auto *log = static_cast<FilterLog *>(user);
  log->calls++;
  log->names.insert(name);
  return std::string(name) != "user.drop";
}

TEST_F(Metadata, FilterIsAskedOncePerNameAndDropsWhatItRefuses) {
  UniqueFd many = ucopy_test::make_dir(AT_FDCWD, src + "/many", 0755);
  for (int i = 0; i < 200; i++) {
    std::string name = "f" + std::to_string(i);
    ucopy_test::write_random_file(many.get(), name, 100, 10 + i);
    set_xattr(src + "/many/" + name, "user.keep", "k" + std::to_string(i));
    set_xattr(src + "/many/" + name, "user.drop", "d");
  }
  set_acl(src + "/tagged", ACL_TYPE_ACCESS, "u::rw-,u:1234:r--,g::r--,m::r--,o::---");
  FilterLog log;
  RunRecord r = copy(UCOPY_F_ARCHIVE, drop_user_drop, &log);
  EXPECT_CLEAN_RUN(r);
  // Two distinct names; ACLs never reach the filter.
  EXPECT_EQ(log.calls.load(), 2);
  EXPECT_EQ(log.names, (std::multiset<std::string>{"user.drop", "user.keep"}));
  for (int i = 0; i < 200; i += 37) {
    auto x = ucopy_test::read_xattrs(AT_FDCWD, dst + "/many/f" + std::to_string(i));
    EXPECT_EQ(x["user.keep"], "k" + std::to_string(i));
    EXPECT_EQ(x.count("user.drop"), 0u);
  }
  EXPECT_NE(acl_text(dst + "/tagged", ACL_TYPE_ACCESS), "");
}

TEST_F(Metadata, OwnersAndSpecialModeBitsAreKept) {
  UniqueFd root = ucopy_test::open_dir(src);
  ucopy_test::write_random_file(root.get(), "setuid", 100, 20, 0755);
  ASSERT_EQ(::fchownat(root.get(), "setuid", kOtherUid, kOtherGid, 0), 0);
  ASSERT_EQ(::fchmodat(root.get(), "setuid", 04755, 0), 0);
  ucopy_test::write_random_file(root.get(), "setgid", 100, 21, 0755);
  ASSERT_EQ(::fchownat(root.get(), "setgid", 0, kOtherGid, 0), 0);
  ASSERT_EQ(::fchmodat(root.get(), "setgid", 02711, 0), 0);
  UniqueFd sticky = ucopy_test::make_dir(root.get(), "sticky", 0755);
  ASSERT_EQ(::fchmod(sticky.get(), 01777), 0);
  UniqueFd group_dir = ucopy_test::make_dir(root.get(), "group-dir", 0755);
  ASSERT_EQ(::fchown(group_dir.get(), kOtherUid, kOtherGid), 0);
  ASSERT_EQ(::fchmod(group_dir.get(), 02775), 0);
  ucopy_test::write_random_file(group_dir.get(), "owned", 10, 22);
  ASSERT_EQ(::fchownat(group_dir.get(), "owned", kOtherUid + 1, kOtherGid + 1, 0), 0);
  ucopy_test::make_symlink(root.get(), "owned-link", "setuid");
  ASSERT_EQ(::fchownat(root.get(), "owned-link", kOtherUid, kOtherGid, AT_SYMLINK_NOFOLLOW), 0);
  ucopy_test::stamp_tree_times(src, 7, true);
  protect_source();
  RunRecord r = copy(UCOPY_F_ARCHIVE);
  EXPECT_CLEAN_RUN(r);
  ucopy_test::CompareOptions opts;
  opts.atime = true;  // atimes lie ahead, so reading the source did not move them
  EXPECT_SAME_TREE(src, dst, opts);
  struct stat st;
  ASSERT_EQ(::lstat((dst + "/setuid").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 04755u) << "chown after chmod would have cleared setuid";
  ASSERT_EQ(::lstat((dst + "/owned-link").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, kOtherUid);
}

TEST_F(Metadata, FifosSocketsAndDevicesAreRecreated) {
  UniqueFd root = ucopy_test::open_dir(src);
  ucopy_test::make_fifo(root.get(), "fifo", 0640);
  ASSERT_EQ(::mknodat(root.get(), "null-like", S_IFCHR | 0666, makedev(1, 3)), 0);
  ASSERT_EQ(::mknodat(root.get(), "loop-like", S_IFBLK | 0660, makedev(7, 200)), 0);
  {
    int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_GE(s, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::string path = src + "/sock";
    ASSERT_LT(path.size(), sizeof addr.sun_path);
    std::copy(path.begin(), path.end(), addr.sun_path);
    ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
    ::close(s);
  }
  ucopy_test::stamp_tree_times(src, 8);
  protect_source();
  RunRecord r = copy(UCOPY_F_ARCHIVE);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.specials, 4u);
  EXPECT_SAME_TREE(src, dst);  // types, modes and device numbers
}

TEST_F(Metadata, SpecialsAndDevicesAreSkippedWithoutTheirFlags) {
  UniqueFd root = ucopy_test::open_dir(src);
  ucopy_test::make_fifo(root.get(), "fifo", 0640);
  ASSERT_EQ(::mknodat(root.get(), "null-like", S_IFCHR | 0666, makedev(1, 3)), 0);
  for (uint64_t off : {UCOPY_F_COPY_SPECIALS, UCOPY_F_COPY_DEVICES}) {
    SCOPED_TRACE(off);
    ucopy_test::remove_tree(dst);
    RunRecord r = copy(UCOPY_F_ARCHIVE & ~off);
    EXPECT_EQ(r.rc, 0) << r.describe_events();
    EXPECT_EQ(r.stats.specials, 1u);
    EXPECT_EQ(r.stats.skipped, 1u);
    auto skipped = r.events_of_type(UCOPY_EVENT_SKIPPED);
    ASSERT_EQ(skipped.size(), 1u) << r.describe_events();
    const char *name = off == UCOPY_F_COPY_SPECIALS ? "fifo" : "null-like";
    EXPECT_EQ(skipped[0].src_path, src + "/" + name);
    EXPECT_NE(skipped[0].message.find(src + "/" + name), std::string::npos) << skipped[0].message;
    struct stat st;
    EXPECT_NE(::lstat((dst + "/" + name).c_str(), &st), 0) << name << " was created";
  }
}

TEST_F(Metadata, NoatimeLeavesTheSourceAtimeAlone) {
  // relatime moves an atime that is not newer than the mtime on the next
  // read; that is the case to observe.
  UniqueFd root = ucopy_test::open_dir(src);
  const timespec old_atime{1000000000, 123456789}, mtime{1500000000, 987654321};
  auto stamp = [&] { ucopy_test::set_times(root.get(), "plain", old_atime, mtime); };
  auto atime_now = [&] {
    struct stat st;
    EXPECT_EQ(::fstatat(root.get(), "plain", &st, 0), 0);
    return st.st_atim;
  };
  stamp();
  RunRecord plain = copy(UCOPY_F_ARCHIVE);
  EXPECT_CLEAN_RUN(plain);
  if (atime_now().tv_sec == old_atime.tv_sec)
    GTEST_SKIP() << "this mount does not update atimes on read (noatime?): nothing to observe";
  stamp();
  ucopy_test::remove_tree(dst);
  RunRecord quiet = copy(UCOPY_F_ARCHIVE | UCOPY_F_NOATIME);
  EXPECT_CLEAN_RUN(quiet);
  EXPECT_EQ(atime_now().tv_sec, old_atime.tv_sec);
  EXPECT_EQ(atime_now().tv_nsec, old_atime.tv_nsec);
  EXPECT_SAME_TREE(src, dst);
}

// As nobody, copying root's files: the owner cannot be kept, and the
// policy decides whether that is a warning, an error or nothing.
TEST_F(Metadata, OwnerPolicyDecidesWhenTheOwnerCannotBeKept) {
  SKIP_UNLESS_CAN_DROP_PRIVILEGES();
  ASSERT_EQ(::chmod(tmp.path().c_str(), 0755), 0);
  UniqueFd out = ucopy_test::make_dir(AT_FDCWD, tmp / "out", 0755);
  ASSERT_EQ(::fchown(out.get(), ucopy_test::kNobodyUid, ucopy_test::kNobodyGid), 0);
  ASSERT_EQ(::chmod((src + "/shared/sub").c_str(), 0755), 0);
  const uint64_t entries = 6;  // root, plain, tagged, shared, inherits, sub, link: all root's
  struct Case {
    uint32_t policy;
    int rc;
    uint64_t warnings, failures;
  };
  // WARN tells once per run, WARN_EACH per entry.
  for (const Case &c :
       {Case{UCOPY_OWNER_WARN, 0, 1, 0}, Case{UCOPY_OWNER_WARN_EACH, 0, entries + 1, 0},
        Case{UCOPY_OWNER_FAIL, UCOPY_EPARTIAL, 0, entries + 1},
        Case{UCOPY_OWNER_IGNORE, 0, 0, 0}}) {
    SCOPED_TRACE(c.policy);
    const std::string target = tmp / ("out/p" + std::to_string(c.policy));
    auto child = ucopy_test::run_as_nobody([&] {
      CopySession session;
      session.options.owner_policy = c.policy;
      if (session.apply() != 0) return std::string();
      return session.run(src, target).serialize();
    });
    ASSERT_TRUE(child.error.empty()) << child.error;
    RunRecord r = RunRecord::deserialize(child.output);
    EXPECT_EQ(r.rc, c.rc) << r.describe_events();
    EXPECT_EQ(r.stats.warnings, c.warnings) << r.describe_events();
    EXPECT_EQ(r.stats.failures, c.failures) << r.describe_events();
    for (const RecordedEvent &e : r.events) {
      if (e.type != UCOPY_EVENT_WARNING && e.type != UCOPY_EVENT_ERROR) continue;
      EXPECT_EQ(e.op, "chown") << e.message;
      EXPECT_EQ(e.code, -EPERM) << e.message;
      EXPECT_NE(e.message.find(e.dst_path), std::string::npos) << e.message;
    }
    if (c.policy != UCOPY_OWNER_FAIL) {
      ucopy_test::CompareOptions opts;
      opts.owner = false;
      EXPECT_SAME_TREE(src, target, opts);
    }
  }
}

// A destination filesystem that cannot hold xattrs or ACLs at all (ramfs):
// every file is still copied, and each missing feature is reported once.
TEST_F(Metadata, UnsupportedDestinationIsReportedOncePerFeature) {
  const std::string mnt = tmp / "ramfs";
  ASSERT_EQ(::mkdir(mnt.c_str(), 0755), 0);
  if (::mount("none", mnt.c_str(), "ramfs", 0, nullptr) != 0)
    GTEST_SKIP() << "cannot mount ramfs here (" << std::strerror(errno) << ")";
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{mnt};
  UniqueFd many = ucopy_test::make_dir(AT_FDCWD, src + "/many", 0755);
  for (int i = 0; i < 30; i++) {
    std::string name = "f" + std::to_string(i);
    ucopy_test::write_random_file(many.get(), name, 100, 40 + i);
    set_xattr(src + "/many/" + name, "user.n", std::to_string(i));
    set_acl(src + "/many/" + name, ACL_TYPE_ACCESS, "u::rw-,u:1234:r--,g::r--,m::r--,o::---");
  }
  CopySession session;
  RunRecord r = session.run(src, mnt + "/dst");
  EXPECT_EQ(r.rc, 0) << r.describe_events();
  EXPECT_EQ(r.stats.failures, 0u);
  std::map<std::string, int> by_op;
  for (const RecordedEvent &e : r.events_of_type(UCOPY_EVENT_WARNING)) {
    by_op[e.op]++;
    EXPECT_EQ(e.code, -EOPNOTSUPP) << e.message;
    EXPECT_NE(e.message.find("reported once"), std::string::npos) << e.message;
  }
  EXPECT_EQ(by_op["setxattr"], 1) << r.describe_events();
  EXPECT_EQ(by_op["acl_set"], 1) << r.describe_events();
  ucopy_test::CompareOptions opts;
  opts.xattrs = false;
  EXPECT_SAME_TREE(src, mnt + "/dst", opts);  // bytes, modes (mask as group bits), times
}

}  // namespace
}  // namespace ucopy_e2e
