// SPDX-License-Identifier: MIT
// Turns library events into output: error and warning messages on stderr,
// 'SRC' -> 'DST' lines for -v and --dry-run, or JSON lines for --json.
#pragma once

#include <cstdint>
#include <string>

#include "cli_options.hpp"
#include "digest_manifest.hpp"
#include "progress_display.hpp"
#include "ucopy.h"

namespace ucopy_cli {

class EventReporter {
 public:
  EventReporter(const CliOptions &options, ProgressDisplay *progress)
      : options_(options), progress_(progress) {}

  // The UCOPY_EVENT_MASK_* bits this reporter needs.
  uint32_t event_mask() const;

  void on_event(const ucopy_event &event);

  // --digest-file: copied files' digests go there too.
  void set_manifest(DigestManifest *manifest) { manifest_ = manifest; }

  // An error found by the CLI itself (e.g. "omitting directory"), reported
  // the same way as the library's errors.
  void report_cli_error(const std::string &source, const std::string &destination,
                        uint32_t file_type, int code, const std::string &message);

  // A message for stderr, prefixed with "ucopy: ", that keeps the progress
  // bar intact.
  void print_error(const std::string &message);

  // Error events seen since the last call; lets the caller know whether a
  // failed run has already been explained.
  uint64_t take_error_count() {
    const uint64_t n = errors_seen_;
    errors_seen_ = 0;
    return n;
  }

 private:
  void print_json(const ucopy_event &event);
  void print_text(const ucopy_event &event);
  bool shows_entries() const { return options_.json || options_.verbose || options_.dry_run; }

  const CliOptions &options_;
  ProgressDisplay *progress_;  // null without --progress
  DigestManifest *manifest_ = nullptr;
  uint64_t errors_seen_ = 0;
};

// The C callback; user is the EventReporter.
int event_callback(const ucopy_event *event, void *user);

// "error", "warning", "skipped", "copied" (or "unknown").
const char *event_type_name(uint32_t type);
// "file", "dir", "symlink", "special" (or "unknown").
const char *file_type_name(uint32_t file_type);

}  // namespace ucopy_cli
