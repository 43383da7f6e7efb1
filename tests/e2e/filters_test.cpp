// SPDX-License-Identifier: MIT
// Filters: include/exclude rules (checked against rsync -a with the same
// rules on the same tree, where rsync is installed), the entry filter
// callback (sees every entry the rules let through once, with its relative
// path and stat, on the caller's thread; SKIP prunes, ABORT stops), --delete
// keeping excluded destination entries, and UCOPY_F_ONE_FILE_SYSTEM.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <ostream>
#include <set>
#include <thread>
#include <vector>

#include "e2e_fixture.h"
#include "support/dir_entries.h"
#include "support/loop_fs.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

using ucopy_test::UniqueFd;

struct Rule {
  int action;
  std::string pattern;
};

// How a rule appears in test names and messages. Without it GoogleTest
// prints the struct's bytes, padding included, which valgrind rightly
// reports as uninitialised.
void PrintTo(const Rule &r, std::ostream *os) {
  *os << (r.action == UCOPY_FILTER_INCLUDE ? "+ " : "- ") << r.pattern;
}

// A name that is not UTF-8 (Latin-1 e-acute).
const std::string kLatin1 = "caf\xe9.c";

// Every entry below `root` (relative path -> lstat), the root excluded.
void walk(const std::string &root, const std::string &rel,
          std::map<std::string, struct stat> &out) {
  UniqueFd dir = ucopy_test::open_dir(rel.empty() ? root : root + "/" + rel);
  for (const std::string &name : ucopy_test::list_dir(dir.get())) {
    struct stat st;
    ASSERT_EQ(::fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW), 0) << name;
    const std::string child = rel.empty() ? name : rel + "/" + name;
    out[child] = st;
    if (S_ISDIR(st.st_mode)) walk(root, child, out);
  }
}

std::map<std::string, struct stat> entries(const std::string &root) {
  std::map<std::string, struct stat> out;
  walk(root, "", out);
  return out;
}

bool exists(const std::string &path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

class Filters : public E2eTest {
 protected:
  void SetUp() override {
    {
      UniqueFd root = ucopy_test::make_dir(AT_FDCWD, src, 0755);
      ucopy_test::write_random_file(root.get(), "main.c", 300, 1);
      ucopy_test::write_random_file(root.get(), "main.o", 900, 2);
      ucopy_test::write_random_file(root.get(), "README", 40, 3);
      ucopy_test::write_random_file(root.get(), kLatin1, 77, 4);
      ucopy_test::make_symlink(root.get(), "link.c", "main.c");
      UniqueFd s = ucopy_test::make_dir(root.get(), "src", 0750);
      ucopy_test::write_random_file(s.get(), "a.c", 123, 5);
      ucopy_test::write_random_file(s.get(), "a.o", 456, 6);
      UniqueFd sub = ucopy_test::make_dir(s.get(), "sub", 0755);
      ucopy_test::write_random_file(sub.get(), "b.c", 10, 7);
      ucopy_test::write_random_file(sub.get(), "b.h", 11, 8);
      UniqueFd build = ucopy_test::make_dir(root.get(), "build", 0755);
      ucopy_test::write_random_file(build.get(), "out.o", 1000, 9);
      ucopy_test::write_random_file(build.get(), "gen.c", 20, 10);
      UniqueFd docs = ucopy_test::make_dir(root.get(), "docs", 0755);
      ucopy_test::write_random_file(docs.get(), "build", 5, 11);  // a file named build
      UniqueFd deep = ucopy_test::make_dir(root.get(), "deep", 0755);
      UniqueFd deep_build = ucopy_test::make_dir(deep.get(), "build", 0755);
      ucopy_test::write_random_file(deep_build.get(), "keep.c", 30, 12);
      UniqueFd empty = ucopy_test::make_dir(root.get(), "empty", 0700);
    }
    ucopy_test::stamp_tree_times(src, 13);
  }

  // A session with `rules` added through the C API.
  static void add_rules(CopySession &session, const std::vector<Rule> &rules) {
    for (const Rule &r : rules)
      ASSERT_EQ(ucopy_add_filter_rule(session.handle(), r.action, r.pattern.c_str()), 0)
          << r.pattern << ": " << ucopy_last_error(session.handle());
  }

  RunRecord copy_with_rules(const std::vector<Rule> &rules, const std::string &to) {
    CopySession session;
    EXPECT_EQ(session.apply(), 0);
    add_rules(session, rules);
    return session.run(src, to);
  }

  // rsync -a with the same rules into `to`; false (and why) without rsync.
  bool rsync_copy(const std::vector<Rule> &rules, const std::string &to, std::string &why) {
    std::vector<std::string> argv = {"rsync", "-a"};
    for (const Rule &r : rules)
      argv.push_back((r.action == UCOPY_FILTER_INCLUDE ? "--include=" : "--exclude=") + r.pattern);
    argv.push_back(src + "/");
    argv.push_back(to + "/");
    std::string output;
    int rc = ucopy_test::run_program(argv, &output);
    if (rc == -1 || rc == 127) {
      why = "rsync is not installed";
      return false;
    }
    EXPECT_EQ(rc, 0) << output;
    return true;
  }
};

// ---- rules -----------------------------------------------------------------

class RulesLikeRsync : public Filters, public ::testing::WithParamInterface<std::vector<Rule>> {};

TEST_P(RulesLikeRsync, SameTreeAsRsync) {
  const std::vector<Rule> &rules = GetParam();
  protect_source();
  RunRecord r = copy_with_rules(rules, dst);
  EXPECT_CLEAN_RUN(r);
  const auto all = entries(src);
  const auto copied = entries(dst);
  EXPECT_LT(copied.size(), all.size()) << "the rules left nothing out";
  EXPECT_GT(r.stats.filtered, 0u);
  const std::string ref = tmp / "rsync";
  std::string why;
  if (!rsync_copy(rules, ref, why)) GTEST_SKIP() << why;
  EXPECT_SAME_TREE(ref, dst);
  std::set<std::string> ref_names;
  std::set<std::string> dst_names;
  for (const auto &e : entries(ref)) ref_names.insert(e.first);
  for (const auto &e : copied) dst_names.insert(e.first);
  EXPECT_EQ(dst_names, ref_names);
}

const Rule X(const std::string &p) { return {UCOPY_FILTER_EXCLUDE, p}; }
const Rule I(const std::string &p) { return {UCOPY_FILTER_INCLUDE, p}; }

INSTANTIATE_TEST_SUITE_P(
    Patterns, RulesLikeRsync,
    ::testing::Values(std::vector<Rule>{X("*.o")},
                      // include-before-exclude: only C sources, every directory
                      std::vector<Rule>{I("*/"), I("*.c"), X("*")},
                      std::vector<Rule>{X("/build")},   // anchored: deep/build stays
                      std::vector<Rule>{X("build/")},   // directories only: docs/build stays
                      std::vector<Rule>{X("build")},    // every name build
                      std::vector<Rule>{X("src/**")},   // below src, not src itself
                      std::vector<Rule>{X("src/***")},  // src and below
                      std::vector<Rule>{X("*/build")},  // needs a directory above
                      std::vector<Rule>{X("**/b.?")}, std::vector<Rule>{X("[a-m]*.c")},
                      std::vector<Rule>{X("[!a-m]*")}, std::vector<Rule>{X("caf\xe9*")},
                      std::vector<Rule>{I("/src/sub/"), X("/src/*"), X("*.h")},
                      std::vector<Rule>{X("**.c")}, std::vector<Rule>{X("empty/")}));

TEST_F(Filters, AnExcludedDirectoryIsNotDescendedInto) {
  // The include would match build/gen.c, but build is never listed.
  CopySession session;
  ASSERT_EQ(session.apply(), 0);
  add_rules(session, {X("/build/"), I("gen.c"), X("*.c")});
  std::vector<std::string> asked;
  ASSERT_EQ(ucopy_set_filter_callback(
                session.handle(),
                [](const char *path, const struct stat *, void *user) {
                  static_cast<std::vector<std::string> *>(user)->push_back(path);
                  return UCOPY_CONTINUE;
                },
                &asked),
            0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_FALSE(exists(dst + "/build"));
  EXPECT_TRUE(exists(dst + "/deep/build"));
  EXPECT_FALSE(exists(dst + "/deep/build/keep.c"));
  for (const std::string &p : asked) EXPECT_NE(p.rfind("build", 0), 0u) << p;
  // build, main.c, link.c, caf\xe9.c, src/a.c, src/sub/b.c, deep/build/keep.c
  EXPECT_EQ(r.stats.filtered, 7u);
}

// With UCOPY_F_DEREFERENCE a symlink's type is known only once it is
// stat-ed; a directory-only rule then needs that stat, and what the rules
// looked at must not leak into the next entry of the listing.
TEST_F(Filters, DirectoryOnlyRulesSeeThroughFollowedSymlinks) {
  {
    UniqueFd root = ucopy_test::open_dir(src);
    for (int i = 0; i < 30; i++) {
      ucopy_test::make_symlink(root.get(), "lnk-" + std::to_string(i), "src");
      ucopy_test::write_random_file(root.get(), "f-" + std::to_string(i), 10 + i, 200 + i);
    }
  }
  ucopy_test::stamp_tree_times(src, 15);
  const std::vector<Rule> rules = {X("lnk-*/")};
  CopySession session;
  session.options.flags |= UCOPY_F_DEREFERENCE;
  ASSERT_EQ(session.apply(), 0);
  add_rules(session, rules);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.filtered, 30u);
  for (int i = 0; i < 30; i++) {
    EXPECT_FALSE(exists(dst + "/lnk-" + std::to_string(i))) << i;
    struct stat st;
    ASSERT_EQ(::lstat((dst + "/f-" + std::to_string(i)).c_str(), &st), 0) << i;
    EXPECT_TRUE(S_ISREG(st.st_mode)) << i;
    EXPECT_EQ(st.st_size, 10 + i) << i;
  }
  std::string output;
  int rc = ucopy_test::run_program(
      {"rsync", "-aL", "--exclude=lnk-*/", src + "/", (tmp / "rsync") + "/"}, &output);
  if (rc == -1 || rc == 127) GTEST_SKIP() << "rsync is not installed";
  ASSERT_EQ(rc, 0) << output;
  ucopy_test::CompareOptions opts;
  opts.follow_source_symlinks = true;
  EXPECT_SAME_TREE(tmp / "rsync", dst, opts);
}

TEST_F(Filters, BadRulesAreRefusedNamingThePattern) {
  CopySession session;
  ucopy_t *h = session.handle();
  EXPECT_EQ(ucopy_add_filter_rule(h, UCOPY_FILTER_EXCLUDE, "file[0-9"), -EINVAL);
  EXPECT_NE(std::string(ucopy_last_error(h)).find("file[0-9"), std::string::npos)
      << ucopy_last_error(h);
  EXPECT_EQ(ucopy_add_filter_rule(h, 7, "*.o"), -EINVAL);
  EXPECT_NE(std::string(ucopy_last_error(h)).find("*.o"), std::string::npos);
  EXPECT_EQ(ucopy_add_filter_rule(h, UCOPY_FILTER_EXCLUDE, ""), -EINVAL);
  EXPECT_EQ(ucopy_add_filter_rule(h, UCOPY_FILTER_EXCLUDE, nullptr), -EINVAL);
  EXPECT_EQ(ucopy_add_filter_rule(nullptr, UCOPY_FILTER_EXCLUDE, "x"), -EINVAL);
  // Nothing bad was kept: the copy is whole.
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  EXPECT_EQ(r.stats.filtered, 0u);
}

TEST_F(Filters, ClearedRulesNoLongerApply) {
  CopySession session;
  ASSERT_EQ(session.apply(), 0);
  add_rules(session, {X("*")});
  ASSERT_EQ(ucopy_clear_filter_rules(session.handle()), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
}

// ---- the callback -----------------------------------------------------------

struct Seen {
  std::map<std::string, struct stat> entries;
  std::map<std::string, int> times;
  std::set<std::thread::id> threads;
  std::string skip;   // a path to answer UCOPY_SKIP for
  std::string abort;  // a path to answer UCOPY_ABORT for
};

int record(const char *path, const struct stat *st, void *user) {
  auto *seen = static_cast<Seen *>(user);
  seen->entries[path] = *st;
  seen->times[path]++;
  seen->threads.insert(std::this_thread::get_id());
  if (path == seen->abort) return UCOPY_ABORT;
  if (path == seen->skip) return UCOPY_SKIP;
  return UCOPY_CONTINUE;
}

TEST_F(Filters, CallbackSeesEveryEntryOnceWithItsStatOnTheCallerThread) {
  // More than one chunk of a directory's listing.
  {
    UniqueFd many = ucopy_test::make_dir(AT_FDCWD, src + "/many", 0755);
    for (int i = 0; i < 700; i++)
      ucopy_test::write_random_file(many.get(), "f" + std::to_string(i), i % 97, 100 + i);
  }
  protect_source();
  CopySession session;
  session.options.workers = 2;
  ASSERT_EQ(session.apply(), 0);
  Seen seen;
  ASSERT_EQ(ucopy_set_filter_callback(session.handle(), record, &seen), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  EXPECT_EQ(r.stats.filtered, 0u);
  const auto expected = entries(src);
  ASSERT_EQ(seen.entries.size(), expected.size());
  for (const auto &[path, st] : expected) {
    auto it = seen.entries.find(path);
    ASSERT_NE(it, seen.entries.end()) << path;
    EXPECT_EQ(seen.times[path], 1) << path;
    EXPECT_EQ(it->second.st_mode, st.st_mode) << path;  // lstat: link.c is a symlink
    EXPECT_EQ(it->second.st_ino, st.st_ino) << path;
    if (!S_ISDIR(st.st_mode)) {
      EXPECT_EQ(it->second.st_size, st.st_size) << path;
    }
  }
  EXPECT_TRUE(seen.entries.count(kLatin1));
  ASSERT_EQ(seen.threads.size(), 1u);
  EXPECT_EQ(*seen.threads.begin(), std::this_thread::get_id());
}

TEST_F(Filters, CallbackGetsStatWhenSymlinksAreFollowed) {
  CopySession session;
  session.options.flags |= UCOPY_F_DEREFERENCE;
  ASSERT_EQ(session.apply(), 0);
  Seen seen;
  ASSERT_EQ(ucopy_set_filter_callback(session.handle(), record, &seen), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  ASSERT_TRUE(seen.entries.count("link.c"));
  EXPECT_TRUE(S_ISREG(seen.entries["link.c"].st_mode));
  EXPECT_EQ(seen.entries["link.c"].st_size, 300);
}

TEST_F(Filters, CallbackSkipOnADirectoryPrunesItsSubtree) {
  protect_source();
  CopySession session;
  ASSERT_EQ(session.apply(), 0);
  Seen seen;
  seen.skip = "src";
  ASSERT_EQ(ucopy_set_filter_callback(session.handle(), record, &seen), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_FALSE(exists(dst + "/src"));
  for (const auto &e : seen.entries) EXPECT_NE(e.first.rfind("src/", 0), 0u) << e.first;
  ucopy_test::CompareOptions opts;
  opts.ignore = {"src"};
  EXPECT_SAME_TREE(src, dst, opts);
  EXPECT_EQ(r.stats.filtered, 1u);
}

TEST_F(Filters, CallbackAbortStopsTheRun) {
  CopySession session;
  ASSERT_EQ(session.apply(), 0);
  Seen seen;
  seen.abort = "src/sub";
  ASSERT_EQ(ucopy_set_filter_callback(session.handle(), record, &seen), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_EQ(r.rc, UCOPY_EABORTED) << r.describe_events();
  EXPECT_FALSE(exists(dst + "/src/sub"));
}

TEST_F(Filters, CallbackIsAskedOnlyAboutWhatTheRulesLetThrough) {
  CopySession session;
  ASSERT_EQ(session.apply(), 0);
  add_rules(session, {X("*.o"), X("/deep/")});
  Seen seen;
  ASSERT_EQ(ucopy_set_filter_callback(session.handle(), record, &seen), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  std::set<std::string> asked;
  for (const auto &e : seen.entries) asked.insert(e.first);
  const std::set<std::string> want = {
      "main.c",      "README",      kLatin1, "link.c",      "src",  "src/a.c",    "src/sub",
      "src/sub/b.c", "src/sub/b.h", "build", "build/gen.c", "docs", "docs/build", "empty"};
  EXPECT_EQ(asked, want);
  EXPECT_EQ(r.stats.filtered, 4u);  // main.o, src/a.o, build/out.o, deep
}

TEST_F(Filters, RemovedCallbackIsNotCalled) {
  CopySession session;
  ASSERT_EQ(session.apply(), 0);
  Seen seen;
  ASSERT_EQ(ucopy_set_filter_callback(session.handle(), record, &seen), 0);
  ASSERT_EQ(ucopy_set_filter_callback(session.handle(), nullptr, nullptr), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_TRUE(seen.entries.empty());
}

// ---- --delete ---------------------------------------------------------------

TEST_F(Filters, DeleteKeepsExcludedDestinationEntries) {
  EXPECT_CLEAN_RUN(copy_with_flags(src, dst));
  {
    UniqueFd d = ucopy_test::open_dir(dst);
    ucopy_test::write_random_file(d.get(), "stale.o", 10, 20);
    ucopy_test::write_random_file(d.get(), "stale.txt", 10, 21);
    UniqueFd cache = ucopy_test::make_dir(d.get(), "cache", 0755);
    ucopy_test::write_random_file(cache.get(), "x", 10, 22);
    UniqueFd s = ucopy_test::open_dir(dst + "/src");
    ucopy_test::write_random_file(s.get(), "old.o", 10, 23);
    ucopy_test::write_random_file(s.get(), "old.c", 10, 24);
  }
  CopySession session;
  session.options.flags |= UCOPY_F_DELETE;
  session.options.update = UCOPY_UPDATE_SIZE_MTIME;
  ASSERT_EQ(session.apply(), 0);
  add_rules(session, {X("*.o"), X("/cache/")});
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_TRUE(exists(dst + "/stale.o"));
  EXPECT_TRUE(exists(dst + "/src/old.o"));
  EXPECT_TRUE(exists(dst + "/cache/x"));
  EXPECT_FALSE(exists(dst + "/stale.txt"));
  EXPECT_FALSE(exists(dst + "/src/old.c"));
  EXPECT_EQ(r.stats.deleted, 2u);
  // The copied .o files from the first run stay too.
  EXPECT_TRUE(exists(dst + "/main.o"));
}

// ---- UCOPY_F_ONE_FILE_SYSTEM ---------------------------------------------------

class OneFileSystem : public Filters {
 protected:
  void SetUp() override {
    Filters::SetUp();
    mnt_ = src + "/mnt";
    ASSERT_EQ(::mkdir(mnt_.c_str(), 0755), 0);
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount a tmpfs in the source";
    if (::mount("none", mnt_.c_str(), "tmpfs", 0, "size=1m,mode=0751") != 0)
      GTEST_SKIP() << "cannot mount tmpfs here (" << std::strerror(errno) << ")";
    mounted_ = true;
    UniqueFd m = ucopy_test::open_dir(mnt_);
    ucopy_test::write_random_file(m.get(), "on-another-fs", 10, 30);
    UniqueFd inner = ucopy_test::make_dir(m.get(), "inner", 0755);
    ucopy_test::write_random_file(inner.get(), "deeper", 10, 31);
    // Times in the past: rsync leaves a directory's mtime alone when it is
    // within the same second as the one it just created.
    ucopy_test::stamp_tree_times(src, 14);
  }
  void TearDown() override {
    if (mounted_) ::umount2(mnt_.c_str(), MNT_DETACH);
    Filters::TearDown();
  }
  std::string mnt_;
  bool mounted_ = false;
};

TEST_F(OneFileSystem, TheMountPointIsMadeEmptyAndEverythingElseCopied) {
  CopySession session;
  session.options.flags |= UCOPY_F_ONE_FILE_SYSTEM;
  ASSERT_EQ(session.apply(), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  struct stat st;
  ASSERT_EQ(::lstat((dst + "/mnt").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0751u);  // the mounted root's own metadata
  UniqueFd m = ucopy_test::open_dir(dst + "/mnt");
  EXPECT_TRUE(ucopy_test::list_dir(m.get()).empty());
  ucopy_test::CompareOptions opts;
  opts.ignore = {"mnt"};
  EXPECT_SAME_TREE(src, dst, opts);
}

TEST_F(OneFileSystem, WithoutTheFlagTheMountIsCopied) {
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_TRUE(exists(dst + "/mnt/inner/deeper"));
  EXPECT_SAME_TREE(src, dst);
}

TEST_F(OneFileSystem, RsyncDoesTheSame) {
  CopySession session;
  session.options.flags |= UCOPY_F_ONE_FILE_SYSTEM;
  ASSERT_EQ(session.apply(), 0);
  EXPECT_CLEAN_RUN(session.run(src, dst));
  const std::string ref = tmp / "rsync";
  std::string output;
  int rc = ucopy_test::run_program({"rsync", "-ax", src + "/", ref + "/"}, &output);
  if (rc == -1 || rc == 127) GTEST_SKIP() << "rsync is not installed";
  ASSERT_EQ(rc, 0) << output;
  EXPECT_SAME_TREE(ref, dst);
}

}  // namespace
}  // namespace ucopy_e2e
