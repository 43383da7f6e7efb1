// SPDX-License-Identifier: MIT
#include "swap_on_event.h"

#include <fcntl.h>
#include <unistd.h>

#include <map>
#include <set>
#include <utility>

#include "dir_watch.h"
#include "race_tree.h"
#include "support/sys_error.h"
#include "support/unique_fd.h"

namespace ucopy_security {

namespace {

ucopy_test::UniqueFd open_dir_fd(const std::string &path) {
  ucopy_test::UniqueFd fd(open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) ucopy_test::throw_errno("open " + path);
  return fd;
}

}  // namespace

void swap_on_event(RaceShared &shared, const SwapPlan &plan) {
  DirWatch watch;
  std::map<int, ucopy_test::UniqueFd> dirs;  // watch id -> the directory
  for (const std::string &d : plan.watch_dirs)
    dirs.emplace(watch.add(d, plan.mask), open_dir_fd(d));
  ucopy_test::UniqueFd pool = open_dir_fd(plan.pool);
  shared.ready.store(1);
  std::set<std::pair<int, std::string>> swapped;
  int next = 0;
  while (!shared.stopping()) {
    if (!watch.wait_ms(5)) continue;
    watch.drain([&](int wd, uint32_t, const char *name) {
      auto dir = dirs.find(wd);
      if (dir == dirs.end() || next >= plan.pool_size) return;
      if (plan.wanted && !plan.wanted(name)) return;
      if (!swapped.emplace(wd, name).second) return;
      if (renameat(pool.get(), numbered("p", next++).c_str(), dir->second.get(), name) == 0)
        shared.swaps.fetch_add(1);
    });
  }
}

void fill_symlink_pool(const std::string &pool, int count, const std::string &target) {
  fresh_dir(pool, 0755, true);
  for (int i = 0; i < count; i++) {
    const std::string link = pool + "/" + numbered("p", i);
    if (symlink(target.c_str(), link.c_str()) != 0) ucopy_test::throw_errno("symlink " + link);
    give_to_attacker(link);
  }
}

}  // namespace ucopy_security
