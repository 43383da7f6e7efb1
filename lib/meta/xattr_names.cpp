// SPDX-License-Identifier: MIT
#include "meta/xattr_names.hpp"

#include <chrono>

namespace ucopy_impl {

bool XattrNames::never_copied(std::string_view name) {
  return name.substr(0, 7) == "system." || name == "security.evm";
}

bool XattrNames::wanted(std::string_view name, const std::atomic<bool> &stop, EventQueue &wake) {
  if (never_copied(name)) return false;
  if (cb_ == nullptr) return true;
  std::unique_lock<std::mutex> lk(mu_);
  std::string key(name);
  auto it = known_.find(key);
  if (it != known_.end()) return it->second;
  bool already_asked = false;
  for (const auto &p : pending_) already_asked = already_asked || p == key;
  if (!already_asked) pending_.push_back(key);
  lk.unlock();
  wake.notify();
  lk.lock();
  for (;;) {
    it = known_.find(key);
    if (it != known_.end()) return it->second;
    if (stop.load(std::memory_order_relaxed)) return false;
    answered_.wait_for(lk, std::chrono::milliseconds(50));
  }
}

void XattrNames::answer_pending() {
  std::vector<std::string> ask;
  {
    std::lock_guard<std::mutex> lk(mu_);
    if (pending_.empty()) return;
    ask.swap(pending_);
  }
  // The filter runs without the lock: it may take its time.
  std::vector<bool> answers;
  answers.reserve(ask.size());
  for (const auto &name : ask) answers.push_back(cb_(name.c_str(), user_) != 0);
  {
    std::lock_guard<std::mutex> lk(mu_);
    for (size_t i = 0; i < ask.size(); i++) known_[ask[i]] = answers[i];
  }
  answered_.notify_all();
}

}  // namespace ucopy_impl
