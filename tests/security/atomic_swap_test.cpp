// SPDX-License-Identifier: MIT
// Race 7, --atomic under swaps, replacing an earlier backup the attacker
// owns (--update: outdated files are replaced by renaming a complete
// temporary copy over them).
//  - TempNames: each temporary name the copy makes is replaced by a symlink
//    to a root-only victim. Escape: the victim changed, or a temporary name
//    turned up next to it (made, renamed or left outside the destination).
//  - HardLinks: the names of a hard-linked file already exist, so each one
//    is linked under a temporary name and renamed over; the directory of
//    the first copy is exchanged with a symlink to a root-only directory.
//    Escape: the root-only file gains a link.
#include <sys/inotify.h>

#include <string>

#include "attacker.h"
#include "copy_runner.h"
#include "file_state.h"
#include "link_trees.h"
#include "race_fixture.h"
#include "race_tree.h"
#include "support/dir_entries.h"
#include "support/tree_builder.h"
#include "swap_on_event.h"

namespace ucopy_security {
namespace {

constexpr int kFiles = 100;
const CopySpec kAtomicUpdate{UCOPY_F_ARCHIVE | UCOPY_F_ATOMIC, UCOPY_UPDATE_SIZE_MTIME};

// The source, and the attacker's backup of it with other (outdated) bytes.
void build_trees(const std::string &src, const std::string &dst) {
  fresh_dir(src, 0755, true);
  fresh_dir(dst, 0755, true);
  ucopy_test::UniqueFd s = ucopy_test::open_dir(src);
  ucopy_test::UniqueFd d = ucopy_test::open_dir(dst);
  for (int i = 0; i < kFiles; i++) {
    ucopy_test::write_file(s.get(), numbered("f", i), "new contents", 0644);
    ucopy_test::write_file(d.get(), numbered("f", i), "old", 0644);
  }
  give_tree_to_attacker(src);
  give_tree_to_attacker(dst);
}

// Temporary names of ours found directly in `dir`.
int temp_names_in(const std::string &dir) {
  ucopy_test::UniqueFd fd = ucopy_test::open_dir(dir);
  int n = 0;
  for (const std::string &name : ucopy_test::list_dir(fd.get()))
    n += name.rfind(".ucopy-tmp.", 0) == 0 ? 1 : 0;
  return n;
}

class AtomicSwap : public RaceTest {};

TEST_F(AtomicSwap, TempNames) {
  const std::string src = path("src");
  const std::string dst = path("dst");
  const std::string victim = path("victims/victim");
  RaceReport report{"atomic-swap.temp-names"};
  RaceBudget budget(200, 10);
  while (budget.next_round()) {
    build_trees(src, dst);
    fresh_dir(path("victims"), 0755, false);
    make_victim(victim);
    const FileState before = file_state(victim);
    SwapPlan plan{{dst}, IN_CREATE, path("pool"), kFiles, [](const std::string &name) {
                    return name.rfind(".ucopy-tmp.", 0) == 0;
                  }};
    fill_symlink_pool(plan.pool, kFiles, victim);
    Attacker attacker([&](RaceShared &shared) { swap_on_event(shared, plan); });
    run_copy(kAtomicUpdate, src, dst);
    const RaceTally t = attacker.finish();
    const std::string change = state_change(before, file_state(victim));
    const int stray = temp_names_in(path("victims"));
    report.add_run(t.swaps, (change.empty() ? 0 : 1) + stray,
                   "victim " + (change.empty() ? "unchanged" : change) + ", " +
                       std::to_string(stray) + " temporary names beside it");
  }
  report.wall_s = budget.elapsed_s();
  conclude(report);
}

TEST_F(AtomicSwap, HardLinks) {
  const std::string src = path("src");
  const std::string dst = path("dst");
  const std::string pool = path("pool");
  const std::string secret_dir = path("secret");
  RaceReport report{"atomic-swap.hard-links"};
  RaceBudget budget(200, 10);
  while (budget.next_round()) {
    build_link_source(src);
    fresh_dir(secret_dir, 0700, false);
    make_victim(secret_dir + "/f");
    const FileState before = file_state(secret_dir + "/f");
    build_link_backup(dst, pool, secret_dir, true);
    Attacker attacker([&](RaceShared &shared) { swap_first_link_dir(shared, dst, pool); });
    run_copy(kAtomicUpdate, src, dst);
    const RaceTally t = attacker.finish();
    const FileState after = file_state(secret_dir + "/f");
    const uint64_t links = after.nlink > before.nlink ? after.nlink - before.nlink : 0;
    const int stray = temp_names_in(secret_dir);
    report.add_run(t.swaps, links + stray,
                   std::to_string(links) + " names in the user's tree linked to root-only file, " +
                       std::to_string(stray) + " temporary names beside it");
  }
  report.wall_s = budget.elapsed_s();
  conclude(report);
}

}  // namespace
}  // namespace ucopy_security
