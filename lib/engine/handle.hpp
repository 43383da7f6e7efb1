// SPDX-License-Identifier: MIT
// struct ucopy: what a handle holds between calls, and what the engine
// runs with (the C entry points in api/ only fill it and read it).
#pragma once

#include <sys/eventfd.h>

#include <atomic>
#include <memory>
#include <string>

#include "common/config.hpp"
#include "engine/engine.hpp"
#include "engine/write_behind.hpp"
#include "policy/filter_rules.hpp"
#include "ucopy.h"

struct ucopy {
  ucopy() {
    ucopy_options o;
    ucopy_impl::default_options(&o);
    std::string unused;
    ucopy_impl::resolve_options(&o, cfg, unused);
  }
  ucopy_impl::Config cfg;
  ucopy_progress_cb progress_cb = nullptr;
  void *progress_user = nullptr;
  ucopy_event_cb event_cb = nullptr;
  void *event_user = nullptr;
  uint32_t event_mask = 0;
  ucopy_xattr_filter_cb xattr_filter_cb = nullptr;
  void *xattr_filter_user = nullptr;
  ucopy_impl::FilterRules filter_rules;
  ucopy_filter_cb filter_cb = nullptr;
  void *filter_user = nullptr;
  // Runs are numbered; ucopy_cancel() marks the number of the run active
  // when it is called, so a late cancel never reaches a later run. Lock-
  // free, so that it may be called from a signal handler.
  std::atomic<uint64_t> active_run{0};  // 0: none
  std::atomic<uint64_t> cancelled_run{0};
  static_assert(std::atomic<uint64_t>::is_always_lock_free);
  uint64_t runs = 0;
  uint64_t begin_run() {
    active_run.store(++runs);
    return runs;
  }
  void end_run() { active_run.store(0); }
  // The eventfd behind ucopy_fd() while a started run is active, else -1:
  // a cancel wakes whoever polls it, so the stop is served at once.
  std::atomic<int> started_wake_fd{-1};
  void cancel_active() {
    const uint64_t r = active_run.load();
    if (r == 0) return;
    cancelled_run.store(r);
    const int fd = started_wake_fd.load();
    if (fd >= 0) eventfd_write(fd, 1);  // async-signal-safe: one write(2)
  }
  ucopy_stats stats{};
  std::string last_error;
  // A stopped run returns without waiting for its write-back in progress;
  // the next run or ucopy_free() waits for it (and its descriptor).
  std::unique_ptr<ucopy_impl::WriteBehind> unfinished_write_back;
  // Last: it goes first, finishing a started run while the rest is here.
  ucopy_impl::Engine engine;
};
