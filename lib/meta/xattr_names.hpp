// SPDX-License-Identifier: MIT
// Which extended attributes are copied. The user's filter decides per name
// and runs on the caller's thread like every callback; a tree holds few
// distinct names, so each is asked once per run and the answer is kept.
// A worker meeting a new name waits for the coordinator to ask it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/events.hpp"
#include "ucopy.h"

namespace ucopy_impl {

class XattrNames {
 public:
  void set_filter(ucopy_xattr_filter_cb cb, void *user) {
    cb_ = cb;
    user_ = user;
  }

  // Whether a filter callback decides (answered on the serving thread).
  bool filtering() const { return cb_ != nullptr; }

  // Names the library never copies as plain xattrs: system.* (POSIX ACLs
  // have their own step, others such as NFSv4 ACLs are not portable) and
  // security.evm (computed by the kernel).
  static bool never_copied(std::string_view name);

  // Worker side. False for names left out, and when the run stops while
  // waiting for an answer.
  bool wanted(std::string_view name, const std::atomic<bool> &stop, EventQueue &wake);

  // Coordinator side: asks the filter about every name waiting for it.
  void answer_pending();

 private:
  ucopy_xattr_filter_cb cb_ = nullptr;
  void *user_ = nullptr;
  std::mutex mu_;
  std::condition_variable answered_;
  std::unordered_map<std::string, bool> known_;
  std::vector<std::string> pending_;
};

}  // namespace ucopy_impl
