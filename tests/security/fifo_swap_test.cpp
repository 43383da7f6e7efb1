// SPDX-License-Identifier: MIT
// Race 5, a FIFO swapped in for a regular file: (a) in the source between
// the look and the open, (b) in an existing destination under
// --update=checksum, which reads it to compare, (c) in a fresh destination
// under UCOPY_F_VERIFY, which reads the copy back. An open that waits for a
// writer blocks the run: a run not finished by the deadline
// (UCOPY_SECURITY_DEADLINE_MS) is an escape. Such a run is then given
// ucopy_cancel() and 1 s to return (not returning is counted as
// cancel_failed), and finally released by opening the FIFOs for writing.
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <cstdio>

#include <functional>
#include <string>
#include <vector>

#include "attacker.h"
#include "copy_runner.h"
#include "fifo_release.h"
#include "race_fixture.h"
#include "race_tree.h"
#include "support/remove_tree.h"
#include "support/tree_builder.h"
#include "swap_on_event.h"

namespace ucopy_security {
namespace {

constexpr int kFiles = 300;
// Each hang costs the deadline and the cancel's second: two prove it.
constexpr int kMaxHangs = 2;

void build_files(const std::string &dir) {
  fresh_dir(dir, 0755, true);
  ucopy_test::UniqueFd fd = ucopy_test::open_dir(dir);
  for (int i = 0; i < kFiles; i++)
    ucopy_test::write_file(fd.get(), numbered("f", i), std::string(4096, 'x'), 0644);
  give_tree_to_attacker(dir);
}

// Exchanges dir/fNNN with pool/pNNN over and over. Where the copy removed
// a FIFO (an outdated destination entry), a new one is made in its place.
void exchange_with_fifos(RaceShared &shared, const std::string &dir, const std::string &pool) {
  ucopy_test::UniqueFd d = ucopy_test::open_dir(dir);
  ucopy_test::UniqueFd p = ucopy_test::open_dir(pool);
  shared.ready.store(1);
  uint64_t swaps = 0;
  for (uint64_t round = 0; !shared.stopping(); round++) {
    for (int i = 0; i < kFiles; i++) {
      const std::string f = numbered("f", i);
      const std::string q = numbered("p", i);
      if (renameat2(d.get(), f.c_str(), p.get(), q.c_str(), RENAME_EXCHANGE) == 0) swaps++;
      struct stat st {};
      if (round % 64 == 0 && fstatat(p.get(), q.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          !S_ISFIFO(st.st_mode) && fstatat(d.get(), f.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          !S_ISFIFO(st.st_mode) && unlinkat(p.get(), q.c_str(), 0) == 0)
        mkfifoat(p.get(), q.c_str(), 0644);
    }
  }
  shared.swaps.store(swaps);
}

class FifoSwap : public RaceTest {
 protected:
  struct Hang {
    bool hung = false;
    bool cancel_failed = false;
    bool released = true;
  };

  // Runs one copy under the deadline; a stuck one gets ucopy_cancel(),
  // then its FIFOs poked (after the attacker stopped) until it returns.
  static Hang watched_run(const CopySpec &spec, const std::string &src, const std::string &dst,
                          Attacker &attacker, const std::vector<std::string> &fifo_dirs) {
    Hang h;
    WatchedCopy copy(spec, src, dst);
    h.hung = !copy.wait_ms(hang_deadline_ms());
    if (h.hung) {
      copy.cancel();
      h.cancel_failed = !copy.wait_ms(1000);
    }
    attacker.finish();
    for (int i = 0; i < 250 && !copy.finished(); i++) {
      poke_fifos(fifo_dirs);
      copy.wait_ms(20);
    }
    h.released = copy.finished();
    return h;
  }

  // setup(fresh) prepares a round and returns the attack; fresh is true for
  // the first round and after a hang. The FIFOs live in fifo_dirs.
  void race(const std::string &name, const CopySpec &spec,
            const std::function<AttackBody(bool fresh)> &setup,
            const std::vector<std::string> &fifo_dirs, double seconds = 10) {
    RaceReport report{name};
    RaceBudget budget(400, seconds);
    int hangs = 0;
    bool fresh = true;
    while (hangs < kMaxHangs && budget.next_round()) {
      const AttackBody body = setup(fresh);
      Attacker attacker(body);
      const Hang h = watched_run(spec, path("src"), path("dst"), attacker, fifo_dirs);
      const RaceTally t = attacker.finish();
      hangs += h.hung ? 1 : 0;
      fresh = h.hung;
      report.counts["cancel_failed"] += h.cancel_failed ? 1 : 0;
      report.add_run(t.swaps, h.hung ? 1 : 0,
                     std::string("no return within the deadline") +
                         (h.cancel_failed ? ", nor 1 s after ucopy_cancel()" : ", cancel worked"));
      if (!h.released) {
        report.detail += "; the run stayed blocked after the FIFOs were opened, left behind";
        break;
      }
    }
    report.wall_s = budget.elapsed_s();
    conclude(report);
  }
};

TEST_F(FifoSwap, InSource) {
  build_files(path("src"));
  race("fifo-swap.source", CopySpec{},
       [&](bool) {
         ucopy_test::remove_tree(path("dst"));
         fill_fifo_pool(path("pool"), kFiles);
         return [this](RaceShared &s) { exchange_with_fifos(s, path("src"), path("pool")); };
       },
       {path("src"), path("pool")});
}

TEST_F(FifoSwap, InDestinationUnderChecksumUpdate) {
  build_files(path("src"));
  race(
      "fifo-swap.update-checksum", CopySpec{UCOPY_F_ARCHIVE, UCOPY_UPDATE_CHECKSUM},
      [&](bool fresh) {
        // The same bytes, so the check must read both. Kept from run to run
        // (the attacker keeps its FIFOs coming): the window is narrow, so
        // runs must be cheap and many.
        if (fresh) {
          build_files(path("dst"));
          fill_fifo_pool(path("pool"), kFiles);
        }
        return [this](RaceShared &s) { exchange_with_fifos(s, path("dst"), path("pool")); };
      },
      // About one run in twenty hits: a longer budget (ends at the second hang).
      {path("dst"), path("pool")}, 20);
}

TEST_F(FifoSwap, InDestinationUnderVerify) {
  build_files(path("src"));
  race("fifo-swap.verify", CopySpec{UCOPY_F_ARCHIVE | UCOPY_F_VERIFY},
       [&](bool) {
         fresh_dir(path("dst"), 0755, true);
         fill_fifo_pool(path("pool"), kFiles);
         return [this](RaceShared &s) {
           swap_on_event(s, SwapPlan{{path("dst")}, IN_CREATE, path("pool"), kFiles, nullptr});
         };
       },
       {path("dst"), path("pool")});
}

}  // namespace
}  // namespace ucopy_security
