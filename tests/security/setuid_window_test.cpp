// SPDX-License-Identifier: MIT
// Race 1, the setuid window: the user's setuid/setgid programs are copied by
// root into a fresh destination while the attacker watches every new name
// there. Any moment at which a destination file is owned by root (or group
// root) with setuid/setgid, or carries group/other bits before its final
// owner is in place, is an escape: a user could execute or open it then.
#include <fcntl.h>
#include <sys/stat.h>

#include <string>
#include <unordered_set>
#include <vector>

#include "attacker.h"
#include "copy_runner.h"
#include "dir_watch.h"
#include "race_fixture.h"
#include "race_tree.h"
#include "support/tree_builder.h"

namespace ucopy_security {
namespace {

constexpr int kFiles = 300;

// Every tenth file is setuid, every tenth (offset 5) setgid; they are
// larger, so that the copy writes for longer before it sets the owner.
void build_source(const std::string &src) {
  fresh_dir(src, 0755, true);
  ucopy_test::UniqueFd fd = ucopy_test::open_dir(src);
  for (int i = 0; i < kFiles; i++) {
    const bool suid = i % 10 == 0;
    const bool sgid = i % 10 == 5;
    const std::string name = numbered(suid ? "s" : (sgid ? "g" : "f"), i);
    ucopy_test::write_random_file(fd.get(), name, (suid || sgid) ? 200 * 1024 : 1024, i, 0644);
  }
  give_tree_to_attacker(src);
  // After the chown, which clears setuid/setgid.
  for (int i = 0; i < kFiles; i += 5)
    ucopy_test::set_mode(fd.get(), numbered(i % 10 == 0 ? "s" : "g", i),
                         i % 10 == 0 ? 04755 : 02755);
}

// Whether the entry, as the attacker sees it now, is more than it may be.
bool escapes(const struct stat &st, bool &severe) {
  severe = (st.st_uid == 0 && (st.st_mode & S_ISUID) != 0) ||
           (st.st_gid == 0 && (st.st_mode & S_ISGID) != 0);
  const bool owner_final = st.st_uid == kAttackerUid && st.st_gid == kAttackerGid;
  return severe || (!owner_final && (st.st_mode & 07077) != 0);
}

// A stat of `name` that a chown and chmod racing it cannot have torn: the
// kernel's generic_fillattr() reads owner and group before the mode, without
// a lock, so one stat can pair the owner from before a chown with the mode
// from after the chmod that follows it (seen here about once in 100 runs
// under load: uid 0 with 04755 for a copy that was chowned to 65534 before
// its chmod). A state counts only when two stats in a row agree on it.
bool steady_stat(int dirfd, const char *name, struct stat &st) {
  struct stat again {};
  if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return false;
  for (int tries = 0; tries < 100; tries++) {
    if (fstatat(dirfd, name, &again, AT_SYMLINK_NOFOLLOW) != 0) return false;
    if (again.st_uid == st.st_uid && again.st_gid == st.st_gid && again.st_mode == st.st_mode &&
        again.st_ino == st.st_ino)
      return true;
    st = again;
  }
  return true;  // changing all the time: the last look stands
}

// The observer: every name the copy makes is looked at again and again
// until it belongs to the user (or is gone), counting each name once.
void observe(RaceShared &shared, const std::string &dst) {
  DirWatch watch;
  watch.add(dst, IN_CREATE | IN_MOVED_TO | IN_ATTRIB | IN_CLOSE_WRITE);
  ucopy_test::UniqueFd dirfd(open(dst.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  shared.ready.store(1);
  std::unordered_set<std::string> settled;
  std::vector<std::string> pending;
  while (!shared.stopping()) {
    watch.wait_ms(pending.empty() ? 5 : 0);
    watch.drain([&](int, uint32_t, const char *name) {
      if (settled.insert(name).second) pending.emplace_back(name);
    });
    for (size_t i = 0; i < pending.size();) {
      struct stat st {};
      bool done = !steady_stat(dirfd.get(), pending[i].c_str(), st);
      bool severe = false;
      if (!done && escapes(st, severe)) {
        shared.observed.fetch_add(1);
        if (severe) shared.severe.fetch_add(1);
        done = true;
      }
      done = done || (st.st_uid == kAttackerUid && st.st_gid == kAttackerGid);
      if (done) {
        pending[i] = std::move(pending.back());
        pending.pop_back();
      } else {
        i++;
      }
    }
  }
}

class SetuidWindow : public RaceTest {
 protected:
  // `per_file`: one run per file on a reused handle (the single-file
  // path) instead of one run for the tree.
  void race(const std::string &name, const CopySpec &spec, bool per_file = false) {
    const std::string src = path("src");
    const std::string dst = path("dst");
    build_source(src);
    RaceReport report{name};
    RaceBudget budget(200, 10);
    while (budget.next_round()) {
      fresh_dir(dst, 0755, false);
      Attacker attacker([&](RaceShared &shared) { observe(shared, dst); });
      const CopyOutcome out =
          per_file ? run_copy_per_file(spec, src, dst) : run_copy(spec, src, dst);
      const RaceTally t = attacker.finish();
      ASSERT_EQ(out.rc, 0) << out.first_error;
      report.add_run(0, t.observed,
                     std::to_string(t.observed) + " files caught, " + std::to_string(t.severe) +
                         " of them root-owned with setuid/setgid");
      report.counts["root_setuid"] += t.severe;
    }
    report.wall_s = budget.elapsed_s();
    conclude(report);
  }
};

TEST_F(SetuidWindow, PlainCopy) { race("setuid-window.plain", CopySpec{}); }

// A backup tool copying a change list: each file a run of its own, copied
// on the calling thread by the single-file path.
TEST_F(SetuidWindow, OneFileAtATime) { race("setuid-window.per-file", CopySpec{}, true); }

TEST_F(SetuidWindow, AtomicCopy) {
  race("setuid-window.atomic", CopySpec{UCOPY_F_ARCHIVE | UCOPY_F_ATOMIC});
}

}  // namespace
}  // namespace ucopy_security
