// SPDX-License-Identifier: MIT
// The worker threads of a handle, kept between its runs. Each thread owns a
// WorkerSlot (its ring and buffers) and runs one Worker per run; between
// runs it sleeps on a condition variable. Threads start on a run's first
// need and stop at trim(), when a run wants fewer of them, or with the
// handle: what a handle holds is bounded by its options, as before, only
// no longer given back after each run.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "run/run_context.hpp"
#include "worker/worker_slot.hpp"

namespace ucopy_impl {

class WorkerPool {
 public:
  WorkerPool() = default;
  WorkerPool(const WorkerPool &) = delete;
  WorkerPool &operator=(const WorkerPool &) = delete;
  ~WorkerPool() { trim(); }

  // Runs a Worker of `ctx` on each of ctx.cfg.workers threads, the i-th on
  // counter block i + 1. A thread that cannot be started makes the run
  // fatal; those started run as usual.
  void start(RunContext &ctx);
  // Workers of the current run that have not returned.
  unsigned running() const { return running_.load(); }
  // Waits until every worker of the current run has let go of it: after
  // this the run's context may go.
  void wait_idle();
  // Stops every thread and gives back its ring and buffers. Between runs.
  void trim() { shrink(0); }

 private:
  struct Thread {
    WorkerSlot slot;
    RunContext *ctx = nullptr;  // the run to serve, null between runs
    Counters *cnt = nullptr;
    bool quit = false;
    std::thread thread;
  };
  void main(Thread &t);
  void shrink(size_t n);

  std::mutex mu_;
  std::condition_variable wake_;  // a thread has a run or must quit
  std::condition_variable idle_;  // a thread let go of its run
  std::vector<std::unique_ptr<Thread>> threads_;
  std::atomic<unsigned> running_{0};
};

}  // namespace ucopy_impl
