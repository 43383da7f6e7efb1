// SPDX-License-Identifier: MIT
// ucopy: copy files and trees with libucopy, with cp's command-line habits.
#include <fnmatch.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "destination.hpp"
#include "digest_manifest.hpp"
#include "event_reporter.hpp"
#include "help_text.hpp"
#include "name_escape.hpp"
#include "process_setup.hpp"
#include "progress_display.hpp"
#include "signal_cancel.hpp"
#include "stats_report.hpp"
#include "ucopy.h"

using namespace ucopy_cli;

namespace {

constexpr int kExitSuccess = 0;
constexpr int kExitSomeFailed = 1;
constexpr int kExitUsage = 2;

int usage_error(const std::string &message) {
  // The message may quote an operand, a pattern or a file name: escaped.
  std::fprintf(stderr, "ucopy: %s\nTry 'ucopy --help' for more information.\n",
               escape_name(message).c_str());
  return kExitUsage;
}

struct HandleDeleter {
  void operator()(ucopy_t *h) const { ucopy_free(h); }
};
using Handle = std::unique_ptr<ucopy_t, HandleDeleter>;

// --xattr-exclude: an attribute matching any pattern is left out.
int exclude_xattrs(const char *name, void *user) {
  for (const std::string &pattern : *static_cast<const std::vector<std::string> *>(user))
    if (fnmatch(pattern.c_str(), name, 0) == 0) return 0;
  return 1;
}

// Copies one SRC with the library and accounts for the outcome.
void run_one(ucopy_t *handle, const CopyJob &job, EventReporter &reporter, RunTotals &totals) {
  reporter.take_error_count();
  const int rc = ucopy_run(handle, job.source.c_str(), job.destination.c_str());
  ucopy_stats stats{};
  stats.size = sizeof stats;
  ucopy_get_stats(handle, &stats, sizeof stats);
  totals.add_run(stats, rc);

  uint64_t failed = stats.failures;
  const bool run_failed = rc != 0 && rc != -ECANCELED;
  if (run_failed && failed == 0) failed = 1;  // e.g. a missing SRC: nothing was copied
  totals.failed_entries += failed;
  // A run that failed as a whole (missing SRC, DST inside SRC, ...) may not
  // have sent an error event; report the handle's last error as one, so that
  // --json consumers see it too.
  if (run_failed && reporter.take_error_count() == 0) {
    const char *why = ucopy_last_error(handle);
    reporter.report_cli_error(
        job.source, job.destination, UCOPY_TYPE_UNKNOWN, rc,
        why && *why ? why : "cannot copy '" + job.source + "': " + ucopy_strerror(rc));
  }
}

int exit_status_for(const RunTotals &totals) {
  if (const int sig = received_signal()) return 128 + sig;
  return totals.failed_entries > 0 ? kExitSomeFailed : kExitSuccess;
}

// Flushes stdout and reports a write error (full disk, closed pipe) the way
// coreutils do, since a truncated listing must not look like success.
int finish_stdout(int status) {
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "ucopy: write error: %s\n", std::strerror(errno));
    return status == kExitSuccess ? kExitSomeFailed : status;
  }
  return status;
}

// Copies each SRC in turn until a signal asks to stop.
RunTotals run_jobs(ucopy_t *handle, const CopyPlan &plan, const CliOptions &options,
                   EventReporter &reporter, DigestManifest *manifest) {
  RunTotals totals;
  // `ucopy a/1 b/1 c`: the second would replace what the first just made
  // (c/1), losing it without a word. cp refuses it the same way.
  std::set<std::string> made;
  for (const CopyJob &job : plan.jobs) {
    if (received_signal()) break;
    if (made.count(job.destination) != 0) {
      reporter.report_cli_error(
          job.source, job.destination, UCOPY_TYPE_FILE, -EEXIST,
          "will not overwrite just-created '" + job.destination + "' with '" + job.source + "'");
      ++totals.failed_entries;
      continue;
    }
    const std::string refusal = refusal_reason(job, options);
    if (!refusal.empty()) {
      reporter.report_cli_error(job.source, job.destination, UCOPY_TYPE_DIR, -EISDIR, refusal);
      ++totals.failed_entries;
      continue;
    }
    const std::string dangling = destination_refusal(job, options);
    if (!dangling.empty()) {
      reporter.report_cli_error(job.source, job.destination, UCOPY_TYPE_FILE, -ENOENT, dangling);
      ++totals.failed_entries;
      continue;
    }
    if (manifest != nullptr) manifest->begin_job(job.destination);
    run_one(handle, job, reporter, totals);
    made.insert(job.destination);
  }
  return totals;
}

// --digest-file: created before the copy starts, so that a name that
// cannot be written fails the command before any data moves.
bool open_manifest(const CliOptions &options, DigestManifest &manifest, EventReporter &reporter) {
  if (options.digest_file.empty()) return true;
  if (auto err = manifest.open(options.digest_file, options.destination)) {
    reporter.print_error(*err);
    return false;
  }
  reporter.set_manifest(&manifest);
  return true;
}

// The closing message, --stats and --json summaries, and the exit status.
int report_outcome(const RunTotals &totals, const CliOptions &options, EventReporter &reporter) {
  const int status = exit_status_for(totals);
  if (const int sig = received_signal())
    reporter.print_error(sig == SIGINT ? "interrupted by SIGINT" : "terminated by SIGTERM");
  else if (totals.failed_entries > 0)
    reporter.print_error(std::to_string(totals.failed_entries) +
                         (totals.failed_entries == 1 ? " entry" : " entries") +
                         " could not be copied");
  if (options.stats) print_stats_text(options.json ? stderr : stdout, totals);
  if (options.json) print_json_summary(stdout, totals, status);
  return finish_stdout(status);
}

}  // namespace

int main(int argc, char **argv) {
  CliOptions options;
  const ParseResult parsed = parse_command_line(argc, argv, options);
  switch (parsed.action) {
    case Action::usage_error: return usage_error(parsed.error);
    case Action::show_help: std::fputs(kHelpText, stdout); return finish_stdout(kExitSuccess);
    case Action::show_version: print_version(); return finish_stdout(kExitSuccess);
    case Action::run: break;
  }

  raise_open_file_limit();
  const ucopy_options library_options = to_library_options(options);
  Handle handle(ucopy_new());
  if (!handle) {
    std::fprintf(stderr, "ucopy: out of memory\n");
    return kExitSomeFailed;
  }
  if (ucopy_set_options(handle.get(), &library_options) != 0)
    return usage_error(ucopy_last_error(handle.get()));
  for (const CliOptions::FilterRule &rule : options.filter_rules)
    if (ucopy_add_filter_rule(handle.get(), rule.action, rule.pattern.c_str()) != 0)
      return usage_error(ucopy_last_error(handle.get()));
  if (!options.xattr_excludes.empty())
    ucopy_set_xattr_filter(handle.get(), exclude_xattrs, &options.xattr_excludes);

  const CopyPlan plan = plan_copies(options);
  if (!plan.usage_error.empty()) return usage_error(plan.usage_error);

  // Dry runs create nothing, so they keep the caller's umask.
  clear_umask_for_preserved_modes((run_flags(library_options) & UCOPY_F_PRESERVE_MODE) &&
                                  !options.dry_run);

  std::unique_ptr<ProgressDisplay> progress;
  if (options.progress != ProgressMode::kNone) {
    progress = std::make_unique<ProgressDisplay>(options.progress, isatty(STDERR_FILENO) == 1);
    ucopy_set_progress_callback(handle.get(), progress_callback, progress.get());
  }
  EventReporter reporter(options, progress.get());
  ucopy_set_event_callback(handle.get(), event_callback, &reporter, reporter.event_mask());
  install_cancel_handlers(handle.get());

  DigestManifest manifest;
  if (!open_manifest(options, manifest, reporter)) return kExitSomeFailed;
  RunTotals totals = run_jobs(handle.get(), plan, options, reporter,
                              options.digest_file.empty() ? nullptr : &manifest);
  if (progress) progress->clear();
  if (auto err = manifest.close()) {
    reporter.print_error(*err);
    ++totals.failed_entries;
  }

  return report_outcome(totals, options, reporter);
}
