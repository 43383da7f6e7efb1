// SPDX-License-Identifier: MIT
// The user's entry filter (ucopy_set_filter_callback). Like every callback
// it runs on the thread that called ucopy_run(); a round trip per entry
// would cost more than copying a small file, so a worker hands over a whole
// chunk of a directory's listing, already stat-ed, and waits once for all
// of its decisions.
#pragma once

#include <sys/stat.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "common/events.hpp"
#include "ucopy.h"

namespace ucopy_impl {

// One entry the callback decides on.
struct FilterQuery {
  std::string path;  // relative to the source root
  struct stat st {};
  int decision = UCOPY_CONTINUE;  // UCOPY_CONTINUE or UCOPY_SKIP once answered
};

// The struct stat the callback sees, from the statx a worker took.
void stat_from_statx(const struct statx &in, struct stat &out);

class EntryFilter {
 public:
  void set_callback(ucopy_filter_cb cb, void *user) {
    cb_ = cb;
    user_ = user;
  }
  bool active() const { return cb_ != nullptr; }

  // Worker side: posts `batch` to the coordinator and waits for its
  // decisions. False when the run stops before they were asked for.
  bool decide(std::vector<FilterQuery> &batch, const std::atomic<bool> &stop, EventQueue &wake);

  // Coordinator side: runs the callback on every batch waiting. Returns
  // true once the callback has answered UCOPY_ABORT (the entries after it
  // are left out).
  bool answer_pending();

 private:
  struct Request {
    std::vector<FilterQuery> *batch;
    bool taken = false;  // the coordinator is answering it: it must outlive that
    bool done = false;
  };

  ucopy_filter_cb cb_ = nullptr;
  void *user_ = nullptr;
  bool aborted_ = false;  // coordinator only
  std::mutex mu_;
  std::condition_variable answered_;
  std::vector<Request *> pending_;
};

}  // namespace ucopy_impl
