// SPDX-License-Identifier: MIT
#include "common/events.hpp"

#include <sys/eventfd.h>

#include <atomic>
#include <chrono>

namespace ucopy_impl {

bool EventQueue::push(EventRecord &&ev, const std::atomic<bool> &stopping) {
  std::unique_lock<std::mutex> lk(mu_);
  while (items_.size() >= capacity_) {
    if (stopping.load(std::memory_order_relaxed)) return false;
    has_room_.wait_for(lk, std::chrono::milliseconds(50));
  }
  items_.push_back(std::move(ev));
  wake_locked();
  return true;
}

void EventQueue::take_all(std::deque<EventRecord> &out) {
  std::lock_guard<std::mutex> lk(mu_);
  for (auto &e : items_) out.push_back(std::move(e));
  items_.clear();
  poked_ = false;
  has_room_.notify_all();
}

void EventQueue::notify() {
  std::lock_guard<std::mutex> lk(mu_);
  poked_ = true;
  wake_locked();
}

void EventQueue::rearm_wake_fd() {
  std::lock_guard<std::mutex> lk(mu_);
  fd_signalled_ = false;
}

// One eventfd write per round of the coordinator, not one per event.
void EventQueue::wake_locked() {
  has_items_.notify_one();
  if (wake_fd_ >= 0 && !fd_signalled_) {
    fd_signalled_ = true;
    eventfd_write(wake_fd_, 1);
  }
}

void EventQueue::wait(unsigned timeout_ms) {
  std::unique_lock<std::mutex> lk(mu_);
  has_items_.wait_for(lk, std::chrono::milliseconds(timeout_ms),
                      [&] { return !items_.empty() || poked_; });
}

}  // namespace ucopy_impl
