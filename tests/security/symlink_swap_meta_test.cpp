// SPDX-License-Identifier: MIT
// Race 2, metadata through a swapped symlink: the destination is an earlier
// backup the attacker owns. As soon as the copy makes a file there (or its
// --atomic temporary name, or touches an existing one under --update), the
// attacker renames a symlink to a root-only victim over that name. Any
// change to the victim (mode, owner, xattrs, ACL, times, links) is an
// escape: the copy changed something by a name it did not hold.
// UCOPY_NO_XATTRAT=1 runs the same cases on the libacl / /proc path.
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <cstdlib>
#include <string>

#include "attacker.h"
#include "copy_runner.h"
#include "file_state.h"
#include "race_fixture.h"
#include "race_tree.h"
#include "support/sys_error.h"
#include "support/tree_builder.h"
#include "swap_on_event.h"

namespace ucopy_security {
namespace {

constexpr int kFiles = 150;

std::string content_of(int i) { return "data of " + numbered("f", i) + "\n"; }

// The user's files: mode 0644 with an ACL (which makes it 0664) and a few
// xattrs, so that the copy has owner, xattrs, ACL, mode and times to set.
void build_source(const std::string &src) {
  fresh_dir(src, 0755, true);
  ucopy_test::UniqueFd fd = ucopy_test::open_dir(src);
  for (int i = 0; i < kFiles; i++) {
    const std::string file = src + "/" + numbered("f", i);
    ucopy_test::write_file(fd.get(), numbered("f", i), content_of(i), 0644);
    set_acl(file, "u::rw-,u:65534:rw-,g::r--,m::rw-,o::r--");
    for (const char *x : {"user.a", "user.b", "user.c"})
      if (setxattr(file.c_str(), x, "1", 1, 0) != 0) ucopy_test::throw_errno("setxattr " + file);
  }
  give_tree_to_attacker(src);
}

// --update's starting point: the attacker's backup holds every file with
// the same bytes and mtime but mode 0600, so the copy only fixes metadata.
void build_old_backup(const std::string &src, const std::string &dst) {
  fresh_dir(dst, 0755, true);
  ucopy_test::UniqueFd fd = ucopy_test::open_dir(dst);
  for (int i = 0; i < kFiles; i++) {
    const std::string name = numbered("f", i);
    ucopy_test::write_file(fd.get(), name, content_of(i), 0600);
    struct stat st {};
    const std::string source = join(src, name);
    if (stat(source.c_str(), &st) != 0) ucopy_test::throw_errno("stat " + source);
    ucopy_test::set_times(fd.get(), name, st.st_atim, st.st_mtim);
  }
  give_tree_to_attacker(dst);
}

class SymlinkSwap : public RaceTest {
 protected:
  // `per_file`: one run per file on a reused handle (the single-file
  // path) instead of one run for the tree.
  void race(std::string name, const CopySpec &spec, uint32_t trigger, bool per_file = false) {
    if (std::getenv("UCOPY_NO_XATTRAT") != nullptr) name += ".no-xattrat";
    const std::string src = path("src");
    const std::string dst = path("dst");
    const std::string victim = path("victim");
    build_source(src);
    RaceReport report{name};
    RaceBudget budget(200, 10);
    while (budget.next_round()) {
      make_victim(victim);
      const FileState before = file_state(victim);
      if (spec.update != UCOPY_UPDATE_NONE) build_old_backup(src, dst);
      else fresh_dir(dst, 0755, true);
      SwapPlan plan{{dst}, trigger, path("pool"), kFiles, nullptr};
      fill_symlink_pool(plan.pool, kFiles, victim);
      Attacker attacker([&](RaceShared &shared) { swap_on_event(shared, plan); });
      if (per_file) run_copy_per_file(spec, src, dst);
      else run_copy(spec, src, dst);
      const RaceTally t = attacker.finish();
      const std::string change = state_change(before, file_state(victim));
      report.add_run(t.swaps, change.empty() ? 0 : 1, "victim " + change);
    }
    report.wall_s = budget.elapsed_s();
    conclude(report);
  }
};

TEST_F(SymlinkSwap, PlainCopy) { race("symlink-swap.plain", CopySpec{}, IN_CREATE); }

// Each file a run of its own: the single-file path creates it, and the
// symlink renamed over the name must not receive its owner, mode, xattrs,
// ACL or times.
TEST_F(SymlinkSwap, OneFileAtATime) { race("symlink-swap.per-file", CopySpec{}, IN_CREATE, true); }

TEST_F(SymlinkSwap, AtomicCopy) {
  race("symlink-swap.atomic", CopySpec{UCOPY_F_ARCHIVE | UCOPY_F_ATOMIC}, IN_CREATE);
}

// Up-to-date files whose metadata lags: the copy's chown by name is the
// attacker's cue (IN_ATTRIB), before the xattrs, ACL and mode follow.
TEST_F(SymlinkSwap, UpdateRun) {
  race("symlink-swap.update", CopySpec{UCOPY_F_ARCHIVE, UCOPY_UPDATE_SIZE_MTIME}, IN_ATTRIB);
}

}  // namespace
}  // namespace ucopy_security
