/* SPDX-License-Identifier: MIT */
// The root side of a race: copies through the public C API, in process (a
// run of a few hundred files takes milliseconds, so a case can do hundreds).
#pragma once

#include <ucopy.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace ucopy_security {

struct CopySpec {
  uint64_t flags = UCOPY_F_ARCHIVE;
  uint32_t update = UCOPY_UPDATE_NONE;
  uint32_t overwrite = UCOPY_OVERWRITE_FAIL;
};

struct CopyOutcome {
  int rc = 0;
  uint64_t errors = 0;
  uint64_t warnings = 0;
  std::string first_error;  // the message of the first error event, for failures
};

// One run, src -> dst, with a fresh handle.
CopyOutcome run_copy(const CopySpec &spec, const std::string &src, const std::string &dst);

// The way a backup tool copies a change list: every regular file of `src`
// copied by a run of its own to the same name in `dst`, all on one reused
// handle (so through the single-file path). The outcome adds them up; rc is
// the first non-zero one.
CopyOutcome run_copy_per_file(const CopySpec &spec, const std::string &src, const std::string &dst);

// One run on a thread of its own, so that the test can notice a run that
// does not end, try ucopy_cancel() on it, and unblock it from outside.
class WatchedCopy {
 public:
  WatchedCopy(const CopySpec &spec, const std::string &src, const std::string &dst);
  WatchedCopy(const WatchedCopy &) = delete;
  WatchedCopy &operator=(const WatchedCopy &) = delete;
  // Joins a finished run; one that never ended is left behind (detached,
  // its handle leaked) rather than hanging the test.
  ~WatchedCopy();

  // Waits up to `ms` milliseconds; true once the run has returned.
  bool wait_ms(int ms) const;
  void cancel() const;
  bool finished() const { return state_->finished.load(); }
  const CopyOutcome &outcome() const { return state_->outcome; }

 private:
  struct State {
    ucopy_t *handle = nullptr;
    std::atomic<bool> finished{false};
    CopyOutcome outcome;
  };
  std::shared_ptr<State> state_;
  std::thread thread_;
};

}  // namespace ucopy_security
