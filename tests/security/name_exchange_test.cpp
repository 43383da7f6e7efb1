// SPDX-License-Identifier: MIT
// Race 4, names exchanged between the look and the open: the source holds
// pairs of a root-owned setuid file R (content "R...") and a user file U
// (content "U..."), and the attacker exchanges each pair's names
// (renameat2 RENAME_EXCHANGE) in a tight loop. A copy whose owner or mode
// comes from one inode and whose bytes come from the other is an escape:
// the user's bytes as a root setuid program, or with -L root-only bytes
// handed to the user.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cstdio>

#include <string>

#include "attacker.h"
#include "copy_runner.h"
#include "race_fixture.h"
#include "race_tree.h"
#include "support/remove_tree.h"
#include "support/sys_error.h"
#include "support/tree_builder.h"

namespace ucopy_security {
namespace {

constexpr int kPairs = 100;
constexpr size_t kSize = 4096;

// Root's file: setuid in the plain case, root-only (0600) under -L, where
// the point is leaking its bytes.
mode_t root_mode(bool deref) { return deref ? 0600 : 04755; }

// Makes rNNN (root) and uNNN (attacker) in `dir`, same size.
void make_pair(const std::string &dir, int i, bool deref) {
  root_file(dir + "/" + numbered("r", i), std::string(kSize, 'R'), root_mode(deref));
  const std::string u = dir + "/" + numbered("u", i);
  root_file(u, std::string(kSize, 'U'), 0644);
  give_to_attacker(u);
}

// Plain: the pairs sit in the source itself. -L: the source holds symlinks
// lr/lu to pairs in an attacker directory next to it.
void build_trees(const std::string &src, const std::string &targets, bool deref) {
  fresh_dir(src, 0755, true);
  fresh_dir(targets, 0755, true);
  for (int i = 0; i < kPairs; i++) {
    make_pair(deref ? targets : src, i, deref);
    if (!deref) continue;
    for (const char *kind : {"r", "u"}) {
      const std::string link = src + "/" + numbered(std::string("l") + kind, i);
      if (symlink((targets + "/" + numbered(kind, i)).c_str(), link.c_str()) != 0)
        ucopy_test::throw_errno("symlink " + link);
      give_to_attacker(link);
    }
  }
}

void exchange_forever(RaceShared &shared, const std::string &dir) {
  ucopy_test::UniqueFd fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  shared.ready.store(1);
  uint64_t swaps = 0;
  while (!shared.stopping()) {
    for (int i = 0; i < kPairs; i++) {
      if (renameat2(fd.get(), numbered("r", i).c_str(), fd.get(), numbered("u", i).c_str(),
                    RENAME_EXCHANGE) == 0)
        swaps++;
    }
  }
  shared.swaps.store(swaps);
}

// Counts the copies in `dst` whose owner/mode and bytes disagree.
uint64_t mixed_copies(const std::string &dst, bool deref, std::string &what) {
  uint64_t mixed = 0;
  ucopy_test::UniqueFd fd = ucopy_test::open_dir(dst);
  for (int i = 0; i < kPairs; i++) {
    for (const char *kind : {"r", "u"}) {
      const std::string name = numbered(deref ? std::string("l") + kind : kind, i);
      struct stat st {};
      if (fstatat(fd.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
        continue;  // not copied (a changed source may be skipped): no escape
      const std::string bytes = ucopy_test::read_file(fd.get(), name);
      const bool root_meta = st.st_uid == 0 && (st.st_mode & 07777) == root_mode(deref);
      const bool user_meta = st.st_uid == kAttackerUid && (st.st_mode & 07777) == 0644;
      const bool root_bytes = !bytes.empty() && bytes[0] == 'R';
      if ((root_meta && root_bytes) || (user_meta && !root_bytes && !bytes.empty())) continue;
      if (mixed++ == 0) {
        char buf[96];
        snprintf(buf, sizeof buf, "%s: uid %u mode 0%o with bytes '%c'", name.c_str(), st.st_uid,
                 st.st_mode & 07777, bytes.empty() ? '-' : bytes[0]);
        what = buf;
      }
    }
  }
  return mixed;
}

class NameExchange : public RaceTest {
 protected:
  void race(const std::string &name, bool deref) {
    const std::string src = path("src");
    const std::string targets = path("targets");
    const std::string dst = path("dst");
    CopySpec spec;
    if (deref) spec.flags |= UCOPY_F_DEREFERENCE;
    RaceReport report{name};
    RaceBudget budget(200, 10);
    // Built once: exchanged names still pair each inode's owner, mode and
    // bytes, and cheap rounds give the race many more starts.
    build_trees(src, targets, deref);
    while (budget.next_round()) {
      ucopy_test::remove_tree(dst);
      Attacker attacker(
          [&](RaceShared &shared) { exchange_forever(shared, deref ? targets : src); });
      run_copy(spec, src, dst);
      const RaceTally t = attacker.finish();
      std::string what;
      const uint64_t mixed = mixed_copies(dst, deref, what);
      report.add_run(t.swaps, mixed, std::to_string(mixed) + " mixed copies, e.g. " + what);
    }
    report.wall_s = budget.elapsed_s();
    conclude(report);
  }
};

TEST_F(NameExchange, PlainCopy) { race("name-exchange.plain", false); }

TEST_F(NameExchange, FollowingSymlinks) { race("name-exchange.dereference", true); }

}  // namespace
}  // namespace ucopy_security
