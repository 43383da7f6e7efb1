// SPDX-License-Identifier: MIT
// Race 3, a hard link made through a swapped directory: one user file has a
// name in each of several directories, and the destination directories are
// an earlier backup the attacker owns. When the copy creates the first name
// in one of them, the attacker exchanges that directory with a symlink to a
// root-only directory holding a file of the same name. Escape: the root-only
// file gains a link (it is linked into the user's tree). After such a run
// the attacker gives the source file the size and mtime of the root-only
// file and a --update run follows: escape too if it then changes the
// root-only file (chown to the user, chmod).
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cstdio>

#include <map>
#include <string>

#include "attacker.h"
#include "copy_runner.h"
#include "file_state.h"
#include "link_trees.h"
#include "race_fixture.h"
#include "race_tree.h"
#include "support/remove_tree.h"
#include "support/sys_error.h"
#include "support/tree_builder.h"

namespace ucopy_security {
namespace {

// The attacker sees the root-only file's size and mtime through the link it
// got, and gives its own source file the same; --update then takes the
// linked name for an up-to-date copy whose owner and mode "lag".
std::string update_follow_up(const std::string &src, const std::string &dst,
                             const std::string &secret) {
  const FileState before = file_state(secret);
  struct stat st {};
  if (stat(secret.c_str(), &st) != 0) ucopy_test::throw_errno("stat " + secret);
  root_file(src + "/d000/f.new", "secret", 0644);  // the same 6 bytes' length
  give_to_attacker(src + "/d000/f.new");
  for (int d = 0; d < kLinkDirs; d++) {
    const std::string name = src + "/" + numbered("d", d) + "/f";
    if (d == 0) rename((src + "/d000/f.new").c_str(), name.c_str());
    else if (unlink(name.c_str()) != 0 || link((src + "/d000/f").c_str(), name.c_str()) != 0)
      ucopy_test::throw_errno("relink " + name);
  }
  const timespec times[2] = {st.st_atim, st.st_mtim};
  utimensat(AT_FDCWD, (src + "/d000/f").c_str(), times, AT_SYMLINK_NOFOLLOW);
  run_copy(CopySpec{UCOPY_F_ARCHIVE, UCOPY_UPDATE_SIZE_MTIME}, src, dst);
  return state_change(before, file_state(secret));
}

class HardlinkDirSwap : public RaceTest {};

TEST_F(HardlinkDirSwap, LinkTargetRerouted) {
  const std::string src = path("src");
  const std::string dst = path("dst");
  const std::string pool = path("pool");
  const std::string secret_dir = path("secret");
  const std::string secret = secret_dir + "/f";
  RaceReport report{"hardlink-dir-swap"};
  RaceBudget budget(200, 10);
  bool followed_up = false;
  while (budget.next_round()) {
    build_link_source(src);
    fresh_dir(secret_dir, 0700, false);
    make_victim(secret);
    const FileState before = file_state(secret);
    build_link_backup(dst, pool, secret_dir, false);
    Attacker attacker([&](RaceShared &shared) { swap_first_link_dir(shared, dst, pool); });
    run_copy(CopySpec{}, src, dst);
    const RaceTally t = attacker.finish();
    const FileState after = file_state(secret);
    const uint64_t links = after.nlink > before.nlink ? after.nlink - before.nlink : 0;
    report.add_run(t.swaps, links,
                   std::to_string(links) + " names in the user's tree linked to root-only file");
    if (links > 0 && !followed_up) {
      followed_up = true;
      restore_link_dirs(dst, pool);
      const std::string change = update_follow_up(src, dst, secret);
      report.counts["update_changed_secret"] += change.empty() ? 0 : 1;
      report.escapes += change.empty() ? 0 : 1;
      if (!change.empty()) report.detail += "; then --update: root-only file " + change;
    }
  }
  report.wall_s = budget.elapsed_s();
  conclude(report);
}

}  // namespace
}  // namespace ucopy_security
