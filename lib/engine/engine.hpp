// SPDX-License-Identifier: MIT
// What a handle keeps between its runs: the worker threads with their
// rings and buffers, the large-file helper threads, the descriptor that
// ucopy_fd() gives out, and the run in progress. ucopy_run() is a run
// started and served to its end on the calling thread; ucopy_start() a run
// served by whoever calls poll() or finish().
#pragma once

#include <memory>
#include <optional>

#include "engine/coordinator.hpp"
#include "engine/worker_pool.hpp"
#include "large/region_copy.hpp"

struct ucopy;

namespace ucopy_impl {

class Engine {
 public:
  Engine() = default;
  ~Engine();
  Engine(const Engine &) = delete;
  Engine &operator=(const Engine &) = delete;

  // ucopy_run(): the whole run on the calling thread; its result.
  int run(ucopy &h, const char *src, const char *dst);
  // ucopy_start(): 0, -EBUSY while a run is active, or -errno when the
  // descriptor for waking the poller cannot be made.
  int start(ucopy &h, const char *src, const char *dst);
  // ucopy_fd(): made on first use, the same for the handle's life.
  int fd();
  // ucopy_poll(): UCOPY_RUNNING, the run's result, or -EINVAL (no run).
  int poll();
  // ucopy_finish(): the run's result, or -EINVAL (no run).
  int finish();
  // ucopy_trim(): 0, or -EBUSY while a run is active.
  int trim();
  bool active() const { return run_ != nullptr; }

 private:
  // -EBUSY, with the handle's last error saying why.
  static int busy(ucopy &h);
  int begin(ucopy &h, const char *src, const char *dst, int wake_fd);
  int end(ucopy &h);
  int make_fds();
  void drain_fds() const;
  void arm_timer(unsigned interval_ms) const;

  // Who the process is: read at the first run and again when the
  // effective ids change or after trim(). The umask it holds comes from
  // /proc/self/status (reading it through umask() would race with other
  // threads), four system calls that were a fifth of a 4 KiB copy.
  const Identity &identity();
  std::optional<Identity> identity_;
  WorkerPool workers_;
  std::unique_ptr<HelperPool> helpers_;
  std::unique_ptr<Coordinator> run_;
  ucopy *run_handle_ = nullptr;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;   // eventfd: the run has something to serve
  int timer_fd_ = -1;  // timerfd: a progress interval has passed
};

}  // namespace ucopy_impl
