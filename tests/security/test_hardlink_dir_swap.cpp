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
#include <stdio.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <string>

#include "attacker.h"
#include "copy_runner.h"
#include "dir_watch.h"
#include "file_state.h"
#include "race_fixture.h"
#include "race_tree.h"
#include "support/remove_tree.h"
#include "support/sys_error.h"
#include "support/tree_builder.h"

namespace ucopy_security {
namespace {

constexpr int kDirs = 8;
constexpr int kFillers = 20;

// src/dNNN/f: one inode with kDirs names, beside a few ordinary files.
void build_source(const std::string &src) {
  fresh_dir(src, 0755, true);
  for (int d = 0; d < kDirs; d++) {
    const std::string dir = src + "/" + numbered("d", d);
    ucopy_test::UniqueFd fd = ucopy_test::make_dir(AT_FDCWD, dir, 0755);
    for (int i = 0; i < kFillers; i++)
      ucopy_test::write_file(fd.get(), numbered("x", i), "filler", 0644);
    if (d == 0) ucopy_test::write_file(fd.get(), "f", "linked", 0644);
    else ucopy_test::make_hardlink(AT_FDCWD, src + "/d000/f", dir + "/f");
  }
  give_tree_to_attacker(src);
}

// The attacker's old backup (empty directories) and, per directory, a
// symlink to the root-only directory in its pool.
void build_round(const std::string &dst, const std::string &pool, const std::string &secret_dir) {
  fresh_dir(dst, 0755, true);
  fresh_dir(pool, 0755, true);
  for (int d = 0; d < kDirs; d++) {
    fresh_dir(dst + "/" + numbered("d", d), 0755, true);
    const std::string link = pool + "/" + numbered("d", d);
    if (symlink(secret_dir.c_str(), link.c_str()) != 0) ucopy_test::throw_errno("symlink " + link);
    give_to_attacker(link);
  }
}

// On the first "f" created in a destination directory, exchange that
// directory with the symlink of the same name in the pool.
void swap_first_dir(RaceShared &shared, const std::string &dst, const std::string &pool) {
  DirWatch watch;
  std::map<int, std::string> dirs;
  for (int d = 0; d < kDirs; d++)
    dirs[watch.add(dst + "/" + numbered("d", d), IN_CREATE)] = numbered("d", d);
  ucopy_test::UniqueFd dfd = ucopy_test::open_dir(dst);
  ucopy_test::UniqueFd pfd = ucopy_test::open_dir(pool);
  shared.ready.store(1);
  bool done = false;
  while (!shared.stopping() && !done) {
    if (!watch.wait_ms(5)) continue;
    watch.drain([&](int wd, uint32_t, const char *name) {
      if (done || std::string(name) != "f") return;
      const char *dir = dirs[wd].c_str();
      done = true;
      if (renameat2(dfd.get(), dir, pfd.get(), dir, RENAME_EXCHANGE) == 0)
        shared.swaps.fetch_add(1);
    });
  }
}

// Puts back every directory the attacker exchanged (as the attacker would,
// to make the next --update run walk them).
void restore_dirs(const std::string &dst, const std::string &pool) {
  for (int d = 0; d < kDirs; d++) {
    const std::string name = numbered("d", d);
    struct stat st {};
    if (lstat((dst + "/" + name).c_str(), &st) == 0 && S_ISLNK(st.st_mode))
      renameat2(AT_FDCWD, (dst + "/" + name).c_str(), AT_FDCWD, (pool + "/" + name).c_str(),
                RENAME_EXCHANGE);
  }
}

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
  for (int d = 0; d < kDirs; d++) {
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
    build_source(src);
    fresh_dir(secret_dir, 0700, false);
    make_victim(secret);
    const FileState before = file_state(secret);
    build_round(dst, pool, secret_dir);
    Attacker attacker([&](RaceShared &shared) { swap_first_dir(shared, dst, pool); });
    run_copy(CopySpec{}, src, dst);
    const RaceTally t = attacker.finish();
    const FileState after = file_state(secret);
    const uint64_t links = after.nlink > before.nlink ? after.nlink - before.nlink : 0;
    report.add_run(t.swaps, links,
                   std::to_string(links) + " names in the user's tree linked to root-only file");
    if (links > 0 && !followed_up) {
      followed_up = true;
      restore_dirs(dst, pool);
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
