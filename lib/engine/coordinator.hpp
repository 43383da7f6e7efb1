// SPDX-License-Identifier: MIT
// One run on a handle, from its start to its result. start() sets up the
// roots and hands the tree to the handle's workers; serve() is one round of
// what the thread that serves the run does (the caller of ucopy_run(), or
// of ucopy_poll()/ucopy_finish()): answer the workers' questions, deliver
// events, watch for cancel, feed write-behind, report progress; the round
// that finds the workers done collects the result.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "engine/write_behind.hpp"
#include "run/run_context.hpp"
#include "worker/prescan.hpp"

struct ucopy;

namespace ucopy_impl {

class WorkerPool;
class HelperPool;

class Coordinator {
 public:
  // `run_id`: the handle's number for this run; a cancel for it stops it.
  // `id`: who the process is (Engine keeps it between runs).
  Coordinator(ucopy &h, WorkerPool &workers, HelperPool &helpers, uint64_t run_id,
              const Identity &id);
  ~Coordinator();
  Coordinator(const Coordinator &) = delete;
  Coordinator &operator=(const Coordinator &) = delete;

  // Sets the run up and starts it; `wake_fd` (or -1) is signalled when the
  // run has something to serve. The run may have ended here already (it
  // could not start, or a single small file was copied on this thread).
  void start(const char *src, const char *dst, int wake_fd);
  // One round, without waiting. True once the run has ended: result() and
  // the handle's stats and last error are then the run's.
  bool serve();
  // Waits up to `ms` for something to serve.
  void wait(unsigned ms) { ctx_.events.wait(ms); }
  // Before the caller drains the descriptor it waits on (EventQueue).
  void rearm_wake() { ctx_.events.rearm_wake_fd(); }
  int result() const { return result_; }
  bool ended() const { return ended_; }
  // The longest a serving thread should sleep: the progress interval,
  // at most 50 ms (a cancel is seen within it).
  unsigned tick() const;

 private:
  using Clock = std::chrono::steady_clock;
  void deliver_events();
  void report_progress(bool finished);
  void start_prescan();
  void fill_totals(ucopy_progress &p, const CounterTotals &t, bool finished) const;
  void fill_in_flight(ucopy_progress &p);
  void sync_destination();
  void finish_write_behind();
  void end_run();
  int finish(int setup_rc, const std::string &setup_message);
  uint64_t elapsed_ns() const;

  ucopy &h_;
  WorkerPool &workers_;
  HelperPool &helpers_;
  uint64_t run_id_;
  RunContext ctx_;
  Clock::time_point start_;
  Clock::time_point next_progress_;
  bool workers_started_ = false;
  bool ended_ = false;
  int result_ = 0;
  ucopy_progress last_{};
  std::unique_ptr<Prescan> prescan_;  // the counting walk, for a tree
  bool single_entry_ = false;         // a top-level non-directory: totals known
  uint32_t run_phase_ = 0;            // UCOPY_PHASE_SYNCING at the end, else 0
  unsigned next_reported_ = 0;        // the worker whose path is reported next
  std::string current_path_;          // what progress.current_path points to
  uint64_t errors_skipped_ = 0;       // errors the callback chose to skip
  std::deque<EventRecord> batch_;
  std::unique_ptr<WriteBehind> write_behind_;
};

}  // namespace ucopy_impl
