// SPDX-License-Identifier: MIT
// Events travel from workers to the thread that called ucopy_run(), which
// is the only one that calls the user's callbacks. The queue is bounded:
// a worker that finds it full waits, so memory does not grow with errors.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

#include "common/digest.hpp"

namespace ucopy_impl {

struct EventRecord {
  uint32_t type = 0;
  int code = 0;
  uint32_t file_type = 0;
  std::string src;
  std::string dst;
  std::string op;
  std::string message;
  uint64_t bytes = 0;
  DigestValue digest;  // a copied file's, under ucopy_options.digest
};

class EventQueue {
 public:
  explicit EventQueue(size_t capacity) : capacity_(capacity) {}

  // Called by workers. Returns false when the run is stopping and the
  // event was dropped instead of waiting for room.
  bool push(EventRecord &&ev, const std::atomic<bool> &stopping);
  // Called by the coordinator: moves everything queued into `out`.
  void take_all(std::deque<EventRecord> &out);
  // Wakes the coordinator (new events or workers finished).
  void notify();
  // Waits until events arrive, notify() is called or the timeout passes.
  void wait(unsigned timeout_ms);
  // An eventfd that push() and notify() also signal, so that a caller
  // polling ucopy_fd() wakes up; -1 (the default) for none. Set before the
  // run's threads start.
  void set_wake_fd(int fd) { wake_fd_ = fd; }
  // Called before the eventfd is drained: the next wake-up writes it again
  // (what came before the drain is there for the round that follows it).
  void rearm_wake_fd();

 private:
  void wake_locked();

  std::mutex mu_;
  std::condition_variable has_items_;
  std::condition_variable has_room_;
  std::deque<EventRecord> items_;
  size_t capacity_;
  bool poked_ = false;
  bool fd_signalled_ = false;  // written since the coordinator last took
  int wake_fd_ = -1;
};

}  // namespace ucopy_impl
