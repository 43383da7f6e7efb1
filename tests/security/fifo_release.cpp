// SPDX-License-Identifier: MIT
#include "fifo_release.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "race_tree.h"
#include "support/dir_entries.h"
#include "support/sys_error.h"
#include "support/unique_fd.h"

namespace ucopy_security {

void poke_fifos(const std::vector<std::string> &dirs) {
  for (const std::string &dir : dirs) {
    ucopy_test::UniqueFd dfd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dfd.valid()) continue;  // gone or swapped meanwhile: nothing to poke there
    for (const std::string &name : ucopy_test::list_dir(dfd.get())) {
      struct stat st {};
      if (fstatat(dfd.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISFIFO(st.st_mode))
        continue;
      // ENXIO when no reader waits on this one: nothing to release.
      ucopy_test::UniqueFd w(
          openat(dfd.get(), name.c_str(), O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC));
    }
  }
}

void fill_fifo_pool(const std::string &pool, int count) {
  fresh_dir(pool, 0755, true);
  for (int i = 0; i < count; i++) {
    const std::string fifo = pool + "/" + numbered("p", i);
    if (mkfifo(fifo.c_str(), 0644) != 0) ucopy_test::throw_errno("mkfifo " + fifo);
    give_to_attacker(fifo);
  }
}

}  // namespace ucopy_security
