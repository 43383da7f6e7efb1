/* SPDX-License-Identifier: MIT */
// One libucopy handle plus everything a test wants to look at after a run:
// the return code, the stats, every event and every progress call.
#pragma once

#include <ucopy.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ucopy_e2e {

struct RecordedEvent {
  uint32_t type = 0;
  int32_t code = 0;
  uint32_t file_type = 0;
  std::string src_path, dst_path, op, message;
  uint64_t bytes = 0;
  uint32_t digest_type = 0;  // UCOPY_DIGEST_*
  std::string digest_hex;    // ucopy_event.digest in lower-case hex; "" for none
};

struct RunRecord {
  int rc = 0;
  ucopy_stats stats{};
  std::string last_error;
  std::vector<RecordedEvent> events;
  std::vector<ucopy_progress> progress;
  uint64_t wall_ns = 0;

  std::vector<RecordedEvent> events_of_type(uint32_t type) const;
  // All events, one per line, for failure messages.
  std::string describe_events() const;
  // Packs the record into bytes (and back): results of a run in a child
  // process travel to the parent through a pipe.
  std::string serialize() const;
  static RunRecord deserialize(const std::string &bytes);
};

// Formats a status code as "NAME (value)".
std::string code_text(int code);

class CopySession {
 public:
  // apply_defaults: pass the library's defaults through ucopy_set_options()
  // right away, so tests about copying do not depend on what a fresh handle
  // holds (one test checks that separately).
  explicit CopySession(bool apply_defaults = true);
  CopySession(const CopySession &) = delete;
  CopySession &operator=(const CopySession &) = delete;
  ~CopySession();

  ucopy_t *handle() const { return h_; }
  // Starts from the library defaults; edit, then apply().
  ucopy_options options;
  int apply();

  // Decides what the library does after each event (default: CONTINUE).
  std::function<int(const RecordedEvent &)> on_event;
  // Called for each progress report; non-zero stops the run.
  std::function<int(const ucopy_progress &)> on_progress;

  // Runs src -> dst with all events and progress recorded.
  RunRecord run(const std::string &src, const std::string &dst);
  // The same through ucopy_start(), driven only by poll(2) on ucopy_fd()
  // and ucopy_poll(); `wakeups` gets the number of times poll returned.
  RunRecord run_polled(const std::string &src, const std::string &dst, unsigned *wakeups = nullptr);
  // The same as run(), with ucopy_cancel() called from another thread once progress
  // shows `files` entries done. *cancel_at_ns gets the monotonic time of the
  // cancel, or 0 when the run ended first. Replaces on_progress.
  RunRecord run_cancelled_after(const std::string &src, const std::string &dst, uint64_t files,
                                uint64_t *cancel_at_ns);

 private:
  static int event_trampoline(const ucopy_event *event, void *user);
  static int progress_trampoline(const ucopy_progress *progress, void *user);

  ucopy_t *h_ = nullptr;
  RunRecord *current_ = nullptr;
};

// Shorthand: a run with the given flags and default knobs.
RunRecord copy_with_flags(const std::string &src, const std::string &dst,
                          uint64_t flags = UCOPY_F_ARCHIVE);

}  // namespace ucopy_e2e
