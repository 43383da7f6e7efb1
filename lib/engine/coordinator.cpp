// SPDX-License-Identifier: MIT
#include "engine/coordinator.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "engine/handle.hpp"
#include "engine/roots.hpp"
#include "engine/worker_pool.hpp"
#include "large/region_copy.hpp"
#include "ucopy.h"
#include "worker/single_file.hpp"

namespace ucopy_impl {

namespace {

CounterTotals sum(const RunContext &ctx) { return CounterTotals::sum(ctx.counters); }

// UCOPY_F_FSYNC: whether the files of the destination root's filesystem
// are synced in shared batches instead of one by one (run/sync_gate.hpp).
void choose_sync_batches(RunContext &ctx) {
  const int fd = ctx.dst_root_fd.fd;
  struct stat st {};
  if (!ctx.cfg.has(UCOPY_F_FSYNC) || ctx.cfg.has(UCOPY_F_DRY_RUN) || !SyncGate::batches_on(fd) ||
      fstat(fd, &st) != 0)
    return;
  ctx.sync_dev = st.st_dev;
  ctx.sync_gate.set_fd(fd);
  ctx.sync_in_batches = true;
}

// Measured on 100k files of 4 KiB to a fresh ext4 (bench/levers.json):
// 32 and 64 MiB gave the same; far larger steps leave more for the end.
constexpr uint64_t kWriteBehindStep = uint64_t{64} << 20;

}  // namespace

Coordinator::Coordinator(ucopy &h, WorkerPool &workers, HelperPool &helpers, uint64_t run_id,
                         const Identity &id)
    : h_(h), workers_(workers), helpers_(helpers), run_id_(run_id), start_(Clock::now()) {
  ctx_.cfg = h.cfg;
  ctx_.links.set_limit(ctx_.cfg.link_map_limit);
  ctx_.id = id;
  ctx_.event_mask = h.event_cb != nullptr ? h.event_mask : 0;
  ctx_.xattr_names.set_filter(h.xattr_filter_cb, h.xattr_filter_user);
  // A copy: a callback may change the handle's rules during the run.
  ctx_.filter_rules = h.filter_rules;
  ctx_.entry_filter.set_callback(h.filter_cb, h.filter_user);
  next_progress_ = start_ + std::chrono::milliseconds(ctx_.cfg.progress_interval_ms);
}

// A run is only ever destroyed once it has ended (ucopy_free() finishes a
// started one first), but the workers are waited for in any case: the
// context they use goes with this object.
Coordinator::~Coordinator() {
  if (workers_started_) workers_.wait_idle();
}

uint64_t Coordinator::elapsed_ns() const {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start_).count());
}

unsigned Coordinator::tick() const { return std::min(ctx_.cfg.progress_interval_ms, 50u); }

void Coordinator::start(const char *src, const char *dst, int wake_fd) {
  // One block per worker, one for setup, one for the large-file helpers.
  for (unsigned i = 0; i <= ctx_.cfg.workers + 1; i++) {
    ctx_.counters.push_back(std::make_unique<Counters>());
    ctx_.counters.back()->in_flight.ask();  // the first report names a file too
  }
  helpers_.bind(ctx_, *ctx_.counters.back());
  ctx_.helpers = &helpers_;
  ctx_.events.set_wake_fd(wake_fd);

  h_.unfinished_write_back.reset();  // a previous run's, if still going: wait for it
  std::string message;
  int rc = prepare_roots(ctx_, src, dst, message);
  if (rc != 0) {
    result_ = finish(rc, message);
    ended_ = true;
    return;
  }
  if (h_.cancelled_run.load() == run_id_) ctx_.request_stop(-ECANCELED);
  choose_sync_batches(ctx_);
  start_prescan();
  // A single small regular file is copied here, on this thread: waking the
  // workers would cost more than the copy (libucopy(3), "Cost model").
  if (!ctx_.stop.load() && copy_single_file(ctx_, *ctx_.counters.front())) {
    end_run();
    return;
  }
  workers_.start(ctx_);
  workers_started_ = true;
  if (!ctx_.cfg.has(UCOPY_F_NO_WRITE_BEHIND) && !ctx_.cfg.has(UCOPY_F_DRY_RUN) &&
      !ctx_.cfg.has(UCOPY_F_FSYNC))  // --fsync syncs every file itself
    write_behind_ = std::make_unique<WriteBehind>(ctx_.dst_root, kWriteBehindStep);
}

bool Coordinator::serve() {
  if (ended_) return true;
  // Events first: taking them clears the queue's wake-up, and a question a
  // worker posts after that wakes us again. Answering first lost such a
  // wake-up and left the worker waiting a whole tick (a filter callback on
  // /usr/share/doc, 5.2k files on tmpfs: 2.1 s against 0.2 s without it).
  deliver_events();
  ctx_.xattr_names.answer_pending();
  if (ctx_.entry_filter.answer_pending()) ctx_.request_stop(UCOPY_EABORTED);
  // Once: a stop wakes the serving thread, which would otherwise stop the
  // run again on every round while it winds down (busy polling).
  if (!ctx_.stop.load() && h_.cancelled_run.load() == run_id_) ctx_.request_stop(-ECANCELED);
  if (write_behind_) write_behind_->written(sum(ctx_).bytes_buffered);
  if (Clock::now() >= next_progress_) {
    report_progress(false);
    next_progress_ = Clock::now() + std::chrono::milliseconds(ctx_.cfg.progress_interval_ms);
  }
  if (workers_.running() > 0) return false;
  workers_.wait_idle();
  workers_started_ = false;
  end_run();
  return true;
}

void Coordinator::end_run() {
  if (prescan_) prescan_->stop();
  const bool syncs =
      ctx_.cfg.has(UCOPY_F_FSYNC) && !ctx_.cfg.has(UCOPY_F_DRY_RUN) && !ctx_.stop.load();
  if (syncs || write_behind_) {
    // Waiting for the disk may take a while: say so before.
    run_phase_ = UCOPY_PHASE_SYNCING;
    report_progress(false);
  }
  finish_write_behind();
  if (syncs) sync_destination();
  deliver_events();
  result_ = finish(0, "");
  ended_ = true;
}

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
    ev.digest_len = r.digest.len;
    ev.digest_type = r.digest.type;
    std::memcpy(ev.digest, r.digest.bytes, sizeof ev.digest);
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
  fill_totals(p, t, finished);
  p.elapsed_ns = elapsed_ns();
  if (p.elapsed_ns > last_.elapsed_ns)
    p.bytes_per_sec =
        static_cast<uint64_t>(static_cast<double>(p.bytes_done - last_.bytes_done) * 1e9 /
                              static_cast<double>(p.elapsed_ns - last_.elapsed_ns));
  // As the final statistics count them (finish()).
  p.files_failed = t.failures - std::min(t.failures, errors_skipped_);
  p.files_skipped = t.skipped + errors_skipped_;
  fill_in_flight(p);
  if (finished) p.current_path = nullptr;
  last_ = p;
  // A non-zero return from the final call still counts: bindings use it to
  // carry an exception raised there out of the run.
  if (h_.progress_cb(&p, h_.progress_user) != 0) ctx_.request_stop(UCOPY_EABORTED);
}

// The counting walk runs ahead of the copy on its own thread (a directory
// source only; a single entry's totals are known now).
void Coordinator::start_prescan() {
  // The walk cannot know what a filter callback will leave out.
  if (ctx_.cfg.has(UCOPY_F_NO_PRESCAN) || ctx_.entry_filter.active()) return;
  if (ctx_.src_root_fd.fd < 0) {
    single_entry_ = true;
    return;
  }
  try {
    prescan_ = std::make_unique<Prescan>(ctx_, ctx_.src_root_fd.fd, ctx_.src_root_st);
    ctx_.src_root_fd.fd = -1;  // the walk owns it now
  } catch (...) {
    // No thread to spare: the totals become final when the run ends.
    prescan_.reset();
  }
}

// Totals: the largest of what the workers have found, what the counting
// walk has counted and what is done, never less than reported before.
void Coordinator::fill_totals(ucopy_progress &p, const CounterTotals &t, bool finished) const {
  uint64_t counted_entries = 0;
  uint64_t counted_bytes = 0;
  bool final = finished || last_.totals_final != 0;
  if (prescan_) {
    const PrescanTotals &s = prescan_->totals();
    final = final || s.done.load(std::memory_order_acquire);
    counted_entries = s.entries.load(std::memory_order_relaxed);
    counted_bytes = s.bytes.load(std::memory_order_relaxed);
  } else if (single_entry_) {
    final = true;
    counted_entries = 1;
    counted_bytes = S_ISREG(ctx_.src_root_st.stx_mode) ? ctx_.src_root_st.stx_size : 0;
  }
  p.totals_final = final ? 1 : 0;
  // Counters are read one after another while workers move on: clamp so
  // that nothing goes backwards and done never exceeds total.
  p.files_done = std::max(last_.files_done, t.entries_done);
  p.files_total = std::max({last_.files_total, t.entries_found, p.files_done, counted_entries});
  // Holes kept in sparse files count as done: the totals count them too;
  // so do files settled without writing (up to date, kept).
  p.bytes_done = std::max(last_.bytes_done, t.bytes_moved + t.bytes_sparse + t.bytes_passed);
  p.bytes_total = std::max({last_.bytes_total, t.bytes_found, p.bytes_done, counted_bytes});
}

// The phase and one path in flight, from the workers in turn; each is asked
// for its next path now, which it gives when it starts a file.
void Coordinator::fill_in_flight(ucopy_progress &p) {
  p.phase = run_phase_;
  const unsigned n = ctx_.cfg.workers;
  if (!workers_started_ || n == 0 || run_phase_ != 0) {
    if (p.phase == 0) p.phase = last_.phase != 0 ? last_.phase : UCOPY_PHASE_COPYING;
    return;
  }
  current_path_.clear();
  uint32_t any_phase = 0;
  // The workers' blocks, then the helpers' (the last block): a large file's
  // path comes from the helpers moving its data.
  for (unsigned i = 0; i <= n; i++) {
    InFlight &w = ctx_.counters[1 + (next_reported_ + i) % (n + 1)]->in_flight;
    const uint32_t phase = w.phase.load(std::memory_order_relaxed);
    if (any_phase == 0) any_phase = phase;
    if (!current_path_.empty()) {
      w.ask();
      continue;
    }
    w.take(current_path_);
    if (!current_path_.empty() && phase != 0) p.phase = phase;
  }
  next_reported_ = (next_reported_ + 1) % (n + 1);
  if (p.phase == 0) p.phase = any_phase != 0 ? any_phase : UCOPY_PHASE_WALKING;
  p.current_path = current_path_.empty() ? nullptr : current_path_.c_str();
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

void Coordinator::finish_write_behind() {
  if (!write_behind_) return;
  if (ctx_.stop.load()) {
    // A stopped run returns soon: the handle keeps the write-back in
    // progress until the next run or ucopy_free().
    write_behind_->finish(false);
    h_.unfinished_write_back = std::move(write_behind_);
    return;
  }
  // A finished one waits for it: its failure means that data may not
  // have reached the disk.
  const int wb_rc = write_behind_->finish(true);
  write_behind_.reset();
  if (wb_rc != 0)
    ctx_.report_error(*ctx_.counters.front(), wb_rc, "syncfs", UCOPY_TYPE_DIR, ctx_.src_root,
                      ctx_.dst_root);
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
  return rc;
}

}  // namespace ucopy_impl
