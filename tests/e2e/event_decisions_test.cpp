// SPDX-License-Identifier: MIT
// What the event callback answers decides the fate of a failed entry:
// CONTINUE -> failed, SKIP -> skipped (run returns 0), ABORT -> the run stops
// with UCOPY_EABORTED soon. Errors come from UCOPY_OVERWRITE_FAIL conflicts,
// which root can provoke too.
#include <time.h>

#include <atomic>

#include "e2e_fixture.h"
#include "overwrite_setup.h"

namespace ucopy_e2e {
namespace {

class EventDecisions : public E2eTest {};

TEST_F(EventDecisions, ContinueCountsAFailure) {
  ExistingDestination existing = build_conflicting_trees(src, dst);
  protect_source();
  CopySession session;
  session.on_event = [](const RecordedEvent &) { return UCOPY_CONTINUE; };
  RunRecord r = session.run(src, dst);
  EXPECT_EQ(r.rc, UCOPY_EPARTIAL) << r.describe_events();
  EXPECT_EQ(r.stats.failures, existing.conflicts.size());
  EXPECT_EQ(r.stats.skipped, 0u);
  EXPECT_EQ(r.events_of_type(UCOPY_EVENT_ERROR).size(), existing.conflicts.size());
}

TEST_F(EventDecisions, SkipCountsSkippedAndRunSucceeds) {
  ExistingDestination existing = build_conflicting_trees(src, dst);
  protect_source();
  CopySession session;
  session.on_event = [](const RecordedEvent &e) {
    return e.type == UCOPY_EVENT_ERROR ? UCOPY_SKIP : UCOPY_CONTINUE;
  };
  RunRecord r = session.run(src, dst);
  EXPECT_EQ(r.rc, 0) << r.describe_events();
  EXPECT_EQ(r.stats.failures, 0u) << r.describe_events();
  EXPECT_EQ(r.stats.skipped, existing.conflicts.size()) << r.describe_events();
}

TEST_F(EventDecisions, AbortStopsSoon) {
  // Many entries, only a few of which fail: after ABORT most must be left.
  ExistingDestination existing = build_conflicting_trees(src, dst, 40, 60, 1);
  protect_source();
  CopySession session;
  std::atomic<uint64_t> abort_at{0};
  int errors_seen = 0;
  session.on_event = [&](const RecordedEvent &e) {
    if (e.type != UCOPY_EVENT_ERROR) return UCOPY_CONTINUE;
    if (++errors_seen == 1) abort_at = now_ns();
    return UCOPY_ABORT;
  };
  RunRecord r = session.run(src, dst);
  uint64_t end = now_ns();
  EXPECT_EQ(r.rc, UCOPY_EABORTED) << r.describe_events();
  ASSERT_NE(abort_at.load(), 0u) << "no error event was delivered";
  EXPECT_LT(end - abort_at.load(), 1000000000u) << "run took over 1 s to stop after ABORT";
  EXPECT_LT(r.stats.files, 40u * 60u - 40u) << "the run went on after ABORT";
}

TEST_F(EventDecisions, AbortOnACopiedEventStopsTheRun) {
  build_conflicting_trees(src, dst, 20, 50, 0);
  protect_source();
  CopySession session;
  session.on_event = [](const RecordedEvent &e) {
    return e.type == UCOPY_EVENT_COPIED ? UCOPY_ABORT : UCOPY_CONTINUE;
  };
  RunRecord r = session.run(src, dst);
  EXPECT_EQ(r.rc, UCOPY_EABORTED) << r.describe_events();
  EXPECT_LT(r.stats.files, 1000u) << "every file was copied despite ABORT";
}

}  // namespace
}  // namespace ucopy_e2e
