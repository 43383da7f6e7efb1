// SPDX-License-Identifier: MIT
#include "link_trees.h"

#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cstdio>

#include <map>

#include "dir_watch.h"
#include "race_tree.h"
#include "support/sys_error.h"
#include "support/tree_builder.h"

namespace ucopy_security {

namespace {
constexpr int kFillers = 20;
}  // namespace

void build_link_source(const std::string &src) {
  fresh_dir(src, 0755, true);
  for (int d = 0; d < kLinkDirs; d++) {
    const std::string dir = src + "/" + numbered("d", d);
    ucopy_test::UniqueFd fd = ucopy_test::make_dir(AT_FDCWD, dir, 0755);
    for (int i = 0; i < kFillers; i++)
      ucopy_test::write_file(fd.get(), numbered("x", i), "filler", 0644);
    if (d == 0) ucopy_test::write_file(fd.get(), "f", "linked", 0644);
    else ucopy_test::make_hardlink(AT_FDCWD, src + "/d000/f", dir + "/f");
  }
  give_tree_to_attacker(src);
}

void build_link_backup(const std::string &dst, const std::string &pool,
                       const std::string &secret_dir, bool old_names) {
  fresh_dir(dst, 0755, true);
  fresh_dir(pool, 0755, true);
  for (int d = 0; d < kLinkDirs; d++) {
    const std::string dir = dst + "/" + numbered("d", d);
    fresh_dir(dir, 0755, true);
    if (old_names) {
      root_file(dir + "/f", "old", 0644);
      give_to_attacker(dir + "/f");
    }
    const std::string link = pool + "/" + numbered("d", d);
    if (symlink(secret_dir.c_str(), link.c_str()) != 0) ucopy_test::throw_errno("symlink " + link);
    give_to_attacker(link);
  }
}

void swap_first_link_dir(RaceShared &shared, const std::string &dst, const std::string &pool) {
  DirWatch watch;
  std::map<int, std::string> dirs;
  for (int d = 0; d < kLinkDirs; d++)
    dirs[watch.add(dst + "/" + numbered("d", d), IN_CREATE | IN_MOVED_TO)] = numbered("d", d);
  ucopy_test::UniqueFd dfd = ucopy_test::open_dir(dst);
  ucopy_test::UniqueFd pfd = ucopy_test::open_dir(pool);
  shared.ready.store(1);
  bool done = false;
  while (!shared.stopping() && !done) {
    if (!watch.wait_ms(5)) continue;
    watch.drain([&](int wd, uint32_t, const char *name) {
      const std::string n(name);
      if (done || n.empty() || n.back() != 'f') return;
      const char *dir = dirs[wd].c_str();
      done = true;
      if (renameat2(dfd.get(), dir, pfd.get(), dir, RENAME_EXCHANGE) == 0)
        shared.swaps.fetch_add(1);
    });
  }
}

void restore_link_dirs(const std::string &dst, const std::string &pool) {
  for (int d = 0; d < kLinkDirs; d++) {
    const std::string name = numbered("d", d);
    const std::string in_dst = join(dst, name);
    const std::string in_pool = join(pool, name);
    struct stat st {};
    if (lstat(in_dst.c_str(), &st) == 0 && S_ISLNK(st.st_mode))
      renameat2(AT_FDCWD, in_dst.c_str(), AT_FDCWD, in_pool.c_str(), RENAME_EXCHANGE);
  }
}

}  // namespace ucopy_security
