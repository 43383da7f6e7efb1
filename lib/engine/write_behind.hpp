// SPDX-License-Identifier: MIT
// Write-behind: write-back of the destination filesystem started while the
// copy goes on, so that the device writes during the copy instead of after
// it (UCOPY_F_NO_WRITE_BEHIND turns it off).
//
// The kernel starts write-back on its own only after 30 s or when dirty
// pages pass a share of memory, so a copy of a few GiB otherwise ends with
// all of its data still to be written, by one flusher thread, while the
// copy's own threads sit idle. There is no call that starts write-back of a
// whole filesystem without waiting for it, and per-file sync_file_range()
// costs more than it gains (bench/levers.json), so a thread of its own
// calls syncfs() each time enough new data is dirty.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace ucopy_impl {

class WriteBehind {
 public:
  // `dst` is the destination's path; `threshold` the bytes written through
  // the page cache after which write-back is started again.
  WriteBehind(std::string dst, uint64_t threshold) : dst_(std::move(dst)), threshold_(threshold) {}
  WriteBehind(const WriteBehind &) = delete;
  WriteBehind &operator=(const WriteBehind &) = delete;
  ~WriteBehind() { finish(true); }

  // The coordinator's tick, with the bytes written through the page cache
  // so far in the run.
  void written(uint64_t total);

  // The run is over: no new write-back is started. With `wait`, one in
  // progress is waited for; without, it goes on and the destructor waits.
  // Returns the first syncfs() failure as a negative errno value, else 0.
  int finish(bool wait);

 private:
  struct Shared {
    std::mutex mu;
    std::condition_variable cv;
    bool requested = false;
    bool quit = false;
    int fd = -1;
    int err = 0;
  };
  static void loop(Shared &s);
  bool start();

  std::string dst_;
  uint64_t threshold_;
  uint64_t started_at_ = 0;  // `total` when write-back was last asked for
  bool failed_to_start_ = false;
  std::unique_ptr<Shared> shared_;
  std::thread thread_;
};

}  // namespace ucopy_impl
