// SPDX-License-Identifier: MIT
// struct ucopy: what a handle holds between calls, and what the engine
// runs with (the C entry points in api/ only fill it and read it).
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "common/config.hpp"
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
  // Lock-free, so ucopy_cancel() may set it from a signal handler.
  std::atomic<bool> cancel{false};
  static_assert(std::atomic<bool>::is_always_lock_free);
  ucopy_stats stats{};
  std::string last_error;
  // A stopped run returns without waiting for its write-back in progress;
  // the next run or ucopy_free() waits for it (and its descriptor).
  std::unique_ptr<ucopy_impl::WriteBehind> unfinished_write_back;
};
