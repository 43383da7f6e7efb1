// SPDX-License-Identifier: MIT
#include "engine/engine.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <deque>
#include <memory>
#include <system_error>
#include <thread>
#include <vector>

#include "engine/roots.hpp"
#include "engine/write_behind.hpp"
#include "large/region_copy.hpp"
#include "run/run_context.hpp"
#include "worker/worker.hpp"

namespace ucopy_impl {

namespace {

using Clock = std::chrono::steady_clock;

CounterTotals sum(const RunContext &ctx) { return CounterTotals::sum(ctx.counters); }

struct WorkerThreads;

class Coordinator {
 public:
  Coordinator(ucopy &h, RunContext &ctx) : h_(h), ctx_(ctx), start_(Clock::now()) {}

  int run(const char *src, const char *dst);

 private:
  void start_workers(WorkerThreads &wt);
  std::unique_ptr<WriteBehind> start_write_behind() const;
  void serve_workers(const std::atomic<unsigned> &running, WriteBehind *write_behind);
  void finish_write_behind(std::unique_ptr<WriteBehind> &write_behind);
  void deliver_events();
  void sync_destination();
  void report_progress(bool finished);
  int finish(int setup_rc, const std::string &setup_message);
  uint64_t elapsed_ns() const {
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start_).count());
  }

  ucopy &h_;
  RunContext &ctx_;
  Clock::time_point start_;
  ucopy_progress last_{};
  uint64_t errors_skipped_ = 0;  // errors the callback chose to skip
  std::deque<EventRecord> batch_;
};

void Coordinator::deliver_events() {
  ctx_.events.take_all(batch_);
  for (EventRecord &r : batch_) {
    if (h_.event_cb == nullptr) continue;
    ucopy_event ev{};
    ev.size = sizeof ev;
    ev.type = r.type;
    ev.code = r.code;
    ev.file_type = r.file_type;
    ev.src_path = r.src.c_str();
    ev.dst_path = r.dst.c_str();
    ev.op = r.op.c_str();
    ev.message = r.message.c_str();
    ev.bytes = r.bytes;
    int decision = h_.event_cb(&ev, h_.event_user);
    if (decision == UCOPY_SKIP && r.type == UCOPY_EVENT_ERROR) errors_skipped_++;
    if (decision == UCOPY_ABORT) ctx_.request_stop(UCOPY_EABORTED);
  }
  batch_.clear();
}

void Coordinator::report_progress(bool finished) {
  if (h_.progress_cb == nullptr) return;
  // Once the run is stopping only the final report follows.
  if (!finished && ctx_.stop.load()) return;
  CounterTotals t = sum(ctx_);
  ucopy_progress p{};
  p.size = sizeof p;
  p.finished = finished ? 1 : 0;
  // Counters are read one after another while workers move on: clamp so
  // that nothing goes backwards and done never exceeds total.
  p.files_done = std::max(last_.files_done, t.entries_done);
  p.files_total = std::max({last_.files_total, t.entries_found, p.files_done});
  // Holes kept in sparse files count as done: the totals count them too.
  p.bytes_done = std::max(last_.bytes_done, t.bytes + t.bytes_sparse);
  p.bytes_total = std::max({last_.bytes_total, t.bytes_found, p.bytes_done});
  p.elapsed_ns = elapsed_ns();
  last_ = p;
  // A non-zero return from the final call still counts: bindings use it to
  // carry an exception raised there out of the run.
  if (h_.progress_cb(&p, h_.progress_user) != 0) ctx_.request_stop(UCOPY_EABORTED);
}

// UCOPY_F_FSYNC, last step: the directory holding the destination root (its
// name may be new), then the destination filesystem as a whole, which also
// carries the metadata set after each file was closed and synced.
void Coordinator::sync_destination() {
  const std::string &dst = ctx_.dst_root;
  const size_t slash = dst.find_last_of('/');
  const std::string parent =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : dst.substr(0, slash));
  for (const std::string *path : {&parent, &dst}) {
    int fd = open(path->c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 && path == &dst) fd = open(parent.c_str(), O_RDONLY | O_CLOEXEC);
    int rc = fd < 0 ? -errno : 0;
    if (rc == 0 && (path == &parent ? fsync(fd) : syncfs(fd)) != 0) rc = -errno;
    if (fd >= 0) close(fd);
    if (rc != 0) {
      ctx_.fatal(rc, format_message(path == &parent ? "fsync" : "syncfs", *path, rc));
      return;
    }
  }
}

// The worker threads of one run; `running` counts those not yet returned.
struct WorkerThreads {
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::thread> threads;
  std::atomic<unsigned> running{0};
};

// One worker per configured thread, each on counter block i + 1. A thread
// that cannot start stops the run; those started finish as usual.
void Coordinator::start_workers(WorkerThreads &wt) {
  std::atomic<unsigned> &running = wt.running;
  for (unsigned i = 0; i < ctx_.cfg.workers; i++) {
    wt.workers.push_back(std::make_unique<Worker>(ctx_, *ctx_.counters[i + 1]));
    Worker *w = wt.workers.back().get();
    running.fetch_add(1);
    try {
      wt.threads.emplace_back([this, w, &running] {
        w->run();
        running.fetch_sub(1);
        ctx_.events.notify();
      });
    } catch (const std::system_error &e) {
      running.fetch_sub(1);
      ctx_.fatal(-e.code().value(), std::string("cannot start a worker thread: ") + e.what());
      break;
    }
  }
}

std::unique_ptr<WriteBehind> Coordinator::start_write_behind() const {
  // Measured on 100k files of 4 KiB to a fresh ext4 (bench/levers.json):
  // 32 and 64 MiB gave the same; far larger steps leave more for the end.
  constexpr uint64_t kWriteBehindStep = uint64_t{64} << 20;
  if (!ctx_.cfg.has(UCOPY_F_NO_WRITE_BEHIND) && !ctx_.cfg.has(UCOPY_F_DRY_RUN) &&
      !ctx_.cfg.has(UCOPY_F_FSYNC))  // --fsync syncs every file itself
    return std::make_unique<WriteBehind>(ctx_.dst_root, kWriteBehindStep);
  return nullptr;
}

// On the caller's thread until the workers are done: answers their
// questions (xattr names, the entry filter), delivers events, watches for
// cancel, feeds write-behind and reports progress every interval.
void Coordinator::serve_workers(const std::atomic<unsigned> &running, WriteBehind *write_behind) {
  const unsigned interval = ctx_.cfg.progress_interval_ms;
  const unsigned tick = std::min(interval, 50u);
  auto next_progress = Clock::now() + std::chrono::milliseconds(interval);
  while (running.load() > 0) {
    ctx_.events.wait(tick);
    ctx_.xattr_names.answer_pending();
    if (ctx_.entry_filter.answer_pending()) ctx_.request_stop(UCOPY_EABORTED);
    deliver_events();
    if (h_.cancel.load()) ctx_.request_stop(-ECANCELED);
    if (write_behind != nullptr) write_behind->written(sum(ctx_).bytes_buffered);
    if (Clock::now() >= next_progress) {
      report_progress(false);
      next_progress = Clock::now() + std::chrono::milliseconds(interval);
    }
  }
}

void Coordinator::finish_write_behind(std::unique_ptr<WriteBehind> &write_behind) {
  if (!write_behind) return;
  if (ctx_.stop.load()) {
    // A stopped run returns soon: the handle keeps the write-back in
    // progress until the next run or ucopy_free().
    write_behind->finish(false);
    h_.unfinished_write_back = std::move(write_behind);
    return;
  }
  // A finished one waits for it: its failure means that data may not
  // have reached the disk.
  const int wb_rc = write_behind->finish(true);
  if (wb_rc != 0)
    ctx_.report_error(*ctx_.counters.front(), wb_rc, "syncfs", UCOPY_TYPE_DIR, ctx_.src_root,
                      ctx_.dst_root);
}

int Coordinator::run(const char *src, const char *dst) {
  // One block per worker, one for setup, one for the large-file helpers.
  for (unsigned i = 0; i <= ctx_.cfg.workers + 1; i++)
    ctx_.counters.push_back(std::make_unique<Counters>());
  // Declared before the worker threads: it outlives them.
  HelperPool helpers(ctx_, *ctx_.counters.back());
  ctx_.helpers = &helpers;

  h_.unfinished_write_back.reset();  // a previous run's, if still going: wait for it
  std::string message;
  int rc = prepare_roots(ctx_, src, dst, message);
  if (rc != 0) return finish(rc, message);
  if (h_.cancel.load()) ctx_.request_stop(-ECANCELED);

  WorkerThreads workers;
  start_workers(workers);
  std::unique_ptr<WriteBehind> write_behind = start_write_behind();
  serve_workers(workers.running, write_behind.get());
  for (auto &t : workers.threads) t.join();
  finish_write_behind(write_behind);
  if (ctx_.cfg.has(UCOPY_F_FSYNC) && !ctx_.cfg.has(UCOPY_F_DRY_RUN) && !ctx_.stop.load())
    sync_destination();
  deliver_events();
  return finish(0, "");
}

int Coordinator::finish(int setup_rc, const std::string &setup_message) {
  ctx_.dirs.clear();
  CounterTotals t = sum(ctx_);
  ucopy_stats &s = h_.stats;
  s = ucopy_stats{};
  s.size = sizeof s;
  t.copy_to(s);
  // Entries whose error a callback turned into a skip count as skipped.
  s.failures = t.failures - std::min(t.failures, errors_skipped_);
  s.skipped = t.skipped + errors_skipped_;
  s.elapsed_ns = elapsed_ns();
  // The final report comes even when the run could not start, as the
  // header promises: callers may rely on it to close their display.
  report_progress(true);
  if (setup_rc == 0) deliver_events();

  int rc = setup_rc;
  if (rc != 0) {
    h_.last_error = setup_message;
  } else if (ctx_.stop.load()) {
    rc = ctx_.stop_code.load();
    std::string first = ctx_.first_error();
    if (rc == -ECANCELED) h_.last_error = "copy of '" + ctx_.src_root + "' cancelled";
    else if (rc == UCOPY_EABORTED)
      h_.last_error = "copy of '" + ctx_.src_root + "' stopped by a callback";
    else h_.last_error = first;
  } else if (s.failures > 0) {
    rc = UCOPY_EPARTIAL;
    h_.last_error = std::to_string(s.failures) + (s.failures == 1 ? " entry" : " entries") +
                    " could not be copied; the first: " + ctx_.first_error();
  }
  h_.cancel.store(false);
  return rc;
}

}  // namespace

int run_copy(ucopy &h, const char *src, const char *dst) {
  RunContext ctx;
  ctx.cfg = h.cfg;
  ctx.id = Identity::current();
  ctx.event_mask = h.event_cb != nullptr ? h.event_mask : 0;
  ctx.xattr_names.set_filter(h.xattr_filter_cb, h.xattr_filter_user);
  // A copy: a callback may change the handle's rules during the run.
  ctx.filter_rules = h.filter_rules;
  ctx.entry_filter.set_callback(h.filter_cb, h.filter_user);
  Coordinator c(h, ctx);
  return c.run(src, dst);
}

}  // namespace ucopy_impl
