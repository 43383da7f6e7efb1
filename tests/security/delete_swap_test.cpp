// SPDX-License-Identifier: MIT
// Race 6, --delete under swaps: the destination is an earlier backup the
// attacker owns, with extraneous files and a directory for --delete to
// remove. The attacker exchanges, in a tight loop, the destination
// subdirectory with a symlink to a root-owned directory full of files, and
// the extraneous directory inside it with another such symlink. Escape:
// anything in those outside directories removed (or changed).
#include <fcntl.h>
#include <unistd.h>
#include <cstdio>

#include <string>

#include "attacker.h"
#include "copy_runner.h"
#include "file_state.h"
#include "race_fixture.h"
#include "race_tree.h"
#include "support/dir_entries.h"
#include "support/sys_error.h"
#include "support/tree_builder.h"

namespace ucopy_security {
namespace {

constexpr int kKept = 10;
constexpr int kExtra = 30;

// src/sub/aNNN; dst/sub/ holds the same (same bytes and mtime, so --update
// leaves them) plus extraneous xNNN and xd/yNNN.
void build_trees(const std::string &src, const std::string &dst) {
  fresh_dir(src, 0755, true);
  fresh_dir(dst, 0755, true);
  fresh_dir(src + "/sub", 0755, true);
  fresh_dir(dst + "/sub", 0755, true);
  ucopy_test::UniqueFd s = ucopy_test::open_dir(src + "/sub");
  ucopy_test::UniqueFd d = ucopy_test::open_dir(dst + "/sub");
  const timespec t{1600000000, 0};
  for (int i = 0; i < kKept; i++) {
    for (int fd : {s.get(), d.get()}) {
      ucopy_test::write_file(fd, numbered("a", i), "kept", 0644);
      ucopy_test::set_times(fd, numbered("a", i), t, t);
    }
  }
  for (int i = 0; i < kExtra; i++) ucopy_test::write_file(d.get(), numbered("x", i), "extra", 0644);
  ucopy_test::UniqueFd xd = ucopy_test::make_dir(d.get(), "xd", 0755);
  for (int i = 0; i < kExtra; i++)
    ucopy_test::write_file(xd.get(), numbered("y", i), "extra", 0644);
  give_tree_to_attacker(src);
  give_tree_to_attacker(dst);
}

// A root-owned directory with files, which the attacker wants emptied.
void build_outside(const std::string &dir) {
  fresh_dir(dir, 0755, false);
  for (int i = 0; i < kExtra; i++) root_file(dir + "/" + numbered("x", i), "precious", 0644);
  for (int i = 0; i < kExtra; i++) root_file(dir + "/" + numbered("y", i), "precious", 0644);
}

void make_link(const std::string &target, const std::string &link) {
  if (symlink(target.c_str(), link.c_str()) != 0) ucopy_test::throw_errno("symlink " + link);
  give_to_attacker(link);
}

// Keeps exchanging dst/sub and dst/sub/xd with the pool's symlinks (the
// real directories are held by descriptor, wherever they are).
void exchange_dirs(RaceShared &shared, const std::string &dst, const std::string &pool) {
  ucopy_test::UniqueFd d = ucopy_test::open_dir(dst);
  ucopy_test::UniqueFd sub = ucopy_test::open_dir(dst + "/sub");
  ucopy_test::UniqueFd p = ucopy_test::open_dir(pool);
  shared.ready.store(1);
  uint64_t swaps = 0;
  while (!shared.stopping()) {
    if (renameat2(d.get(), "sub", p.get(), "sub", RENAME_EXCHANGE) == 0) swaps++;
    if (renameat2(sub.get(), "xd", p.get(), "xd", RENAME_EXCHANGE) == 0) swaps++;
  }
  shared.swaps.store(swaps);
}

// What is gone or changed among the outside directory's files.
uint64_t outside_damage(const std::string &dir, std::string &what) {
  uint64_t damaged = 0;
  for (const char *kind : {"x", "y"}) {
    for (int i = 0; i < kExtra; i++) {
      const std::string name = dir + "/" + numbered(kind, i);
      const FileState st = file_state(name);
      if (st.exists && st.uid == 0 && st.size == 8) continue;
      if (damaged++ == 0) what = name + (st.exists ? " changed" : " removed");
    }
  }
  return damaged;
}

class DeleteSwap : public RaceTest {};

TEST_F(DeleteSwap, ExtraneousEntriesThroughSwappedDirectories) {
  const std::string src = path("src");
  const std::string dst = path("dst");
  const std::string pool = path("pool");
  const std::string outside = path("outside");
  RaceReport report{"delete-swap"};
  RaceBudget budget(200, 10);
  while (budget.next_round()) {
    build_trees(src, dst);
    build_outside(outside);
    fresh_dir(pool, 0755, true);
    make_link(outside, pool + "/sub");
    make_link(outside, pool + "/xd");
    Attacker attacker([&](RaceShared &shared) { exchange_dirs(shared, dst, pool); });
    run_copy(CopySpec{UCOPY_F_ARCHIVE | UCOPY_F_DELETE, UCOPY_UPDATE_SIZE_MTIME}, src, dst);
    const RaceTally t = attacker.finish();
    std::string what;
    const uint64_t damaged = outside_damage(outside, what);
    report.add_run(t.swaps, damaged, std::to_string(damaged) + " outside files hit, e.g. " + what);
  }
  report.wall_s = budget.elapsed_s();
  conclude(report);
}

}  // namespace
}  // namespace ucopy_security
