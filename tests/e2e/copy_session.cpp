// SPDX-License-Identifier: MIT
#include "copy_session.h"

#include <poll.h>

#include <time.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include <cstring>
#include <sstream>
#include <stdexcept>

#include "support/path_text.h"

namespace ucopy_e2e {

namespace {

uint64_t monotonic_ns() {
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
}

std::string safe(const char *s) { return s ? std::string(s) : std::string("(null)"); }

// Length-prefixed fields: the pipe carries raw bytes, and paths may hold
// anything except NUL.
void put_raw(std::string &out, const void *p, size_t n) {
  out.append(static_cast<const char *>(p), n);
}
void put_str(std::string &out, const std::string &s) {
  uint64_t n = s.size();
  put_raw(out, &n, sizeof n);
  out += s;
}

class Reader {
 public:
  explicit Reader(const std::string &s) : s_(s) {}
  void raw(void *p, size_t n) {
    if (pos_ + n > s_.size()) throw std::runtime_error("truncated run record");
    std::memcpy(p, s_.data() + pos_, n);
    pos_ += n;
  }
  std::string str() {
    uint64_t n;
    raw(&n, sizeof n);
    if (pos_ + n > s_.size()) throw std::runtime_error("truncated run record");
    std::string out = s_.substr(pos_, n);
    pos_ += n;
    return out;
  }

 private:
  const std::string &s_;
  size_t pos_ = 0;
};

const char *event_type_name(uint32_t type) {
  switch (type) {
    case UCOPY_EVENT_ERROR: return "ERROR";
    case UCOPY_EVENT_WARNING: return "WARNING";
    case UCOPY_EVENT_SKIPPED: return "SKIPPED";
    case UCOPY_EVENT_COPIED: return "COPIED";
    case UCOPY_EVENT_DELETED: return "DELETED";
    default: return "?";
  }
}

}  // namespace

std::string code_text(int code) {
  return std::string(ucopy_error_name(code)) + " (" + std::to_string(code) + ")";
}

std::vector<RecordedEvent> RunRecord::events_of_type(uint32_t type) const {
  std::vector<RecordedEvent> out;
  for (const RecordedEvent &e : events)
    if (e.type == type) out.push_back(e);
  return out;
}

std::string RunRecord::describe_events() const {
  std::ostringstream out;
  out << "rc=" << code_text(rc) << " last_error='" << ucopy_test::printable(last_error) << "'\n";
  out << "stats: files=" << stats.files << " dirs=" << stats.dirs << " symlinks=" << stats.symlinks
      << " bytes=" << stats.bytes << " failures=" << stats.failures << " skipped=" << stats.skipped
      << " warnings=" << stats.warnings << "\n";
  size_t shown = 0;
  for (const RecordedEvent &e : events) {
    if (e.type == UCOPY_EVENT_COPIED) continue;
    if (++shown > 50) {
      out << "  ...\n";
      break;
    }
    out << "  " << event_type_name(e.type) << " " << code_text(e.code) << " op='" << e.op
        << "' src='" << ucopy_test::printable_path(e.src_path) << "' msg='"
        << ucopy_test::printable_path(e.message) << "'\n";
  }
  return out.str();
}

std::string RunRecord::serialize() const {
  std::string out;
  put_raw(out, &rc, sizeof rc);
  put_raw(out, &stats, sizeof stats);
  put_raw(out, &wall_ns, sizeof wall_ns);
  put_str(out, last_error);
  uint64_t n = events.size();
  put_raw(out, &n, sizeof n);
  for (const RecordedEvent &e : events) {
    put_raw(out, &e.type, sizeof e.type);
    put_raw(out, &e.code, sizeof e.code);
    put_raw(out, &e.file_type, sizeof e.file_type);
    put_raw(out, &e.bytes, sizeof e.bytes);
    put_str(out, e.src_path);
    put_str(out, e.dst_path);
    put_str(out, e.op);
    put_str(out, e.message);
    put_raw(out, &e.digest_type, sizeof e.digest_type);
    put_str(out, e.digest_hex);
  }
  n = progress.size();
  put_raw(out, &n, sizeof n);
  for (const ucopy_progress &p : progress) put_raw(out, &p, sizeof p);
  return out;
}

RunRecord RunRecord::deserialize(const std::string &bytes) {
  RunRecord r;
  Reader in(bytes);
  in.raw(&r.rc, sizeof r.rc);
  in.raw(&r.stats, sizeof r.stats);
  in.raw(&r.wall_ns, sizeof r.wall_ns);
  r.last_error = in.str();
  uint64_t n;
  in.raw(&n, sizeof n);
  for (uint64_t i = 0; i < n; ++i) {
    RecordedEvent e;
    in.raw(&e.type, sizeof e.type);
    in.raw(&e.code, sizeof e.code);
    in.raw(&e.file_type, sizeof e.file_type);
    in.raw(&e.bytes, sizeof e.bytes);
    e.src_path = in.str();
    e.dst_path = in.str();
    e.op = in.str();
    e.message = in.str();
    in.raw(&e.digest_type, sizeof e.digest_type);
    e.digest_hex = in.str();
    r.events.push_back(std::move(e));
  }
  in.raw(&n, sizeof n);
  r.progress.resize(n);
  for (uint64_t i = 0; i < n; ++i) in.raw(&r.progress[i], sizeof r.progress[i]);
  return r;
}

CopySession::CopySession(bool apply_defaults) {
  h_ = ucopy_new();
  if (!h_) throw std::runtime_error("ucopy_new returned NULL");
  if (ucopy_options_init(&options, sizeof options) != 0)
    throw std::runtime_error("ucopy_options_init failed");
  if (apply_defaults && apply() != 0) {
    ucopy_free(h_);
    throw std::runtime_error("ucopy_set_options rejected the defaults");
  }
}

CopySession::~CopySession() { ucopy_free(h_); }

int CopySession::apply() { return ucopy_set_options(h_, &options); }

int CopySession::event_trampoline(const ucopy_event *event, void *user) {
  auto *self = static_cast<CopySession *>(user);
  RecordedEvent e;
  e.type = event->type;
  e.code = event->code;
  e.file_type = event->file_type;
  e.src_path = safe(event->src_path);
  e.dst_path = safe(event->dst_path);
  e.op = safe(event->op);
  e.message = safe(event->message);
  e.bytes = event->bytes;
  e.digest_type = event->digest_type;
  static const char kHex[] = "0123456789abcdef";
  for (uint32_t i = 0; i < event->digest_len && i < sizeof event->digest; i++) {
    e.digest_hex += kHex[event->digest[i] >> 4];
    e.digest_hex += kHex[event->digest[i] & 15];
  }
  int decision = self->on_event ? self->on_event(e) : UCOPY_CONTINUE;
  if (self->current_) self->current_->events.push_back(std::move(e));
  return decision;
}

int CopySession::progress_trampoline(const ucopy_progress *progress, void *user) {
  auto *self = static_cast<CopySession *>(user);
  ucopy_progress copy{};
  std::memcpy(&copy, progress,
              std::min<size_t>(sizeof copy, progress->size ? progress->size : sizeof copy));
  if (self->current_) self->current_->progress.push_back(copy);
  return self->on_progress ? self->on_progress(copy) : 0;
}

RunRecord CopySession::run_cancelled_after(const std::string &src, const std::string &dst,
                                           uint64_t files, uint64_t *cancel_at_ns) {
  std::mutex mu;
  std::condition_variable cv;
  bool some_done = false;
  bool finished = false;
  *cancel_at_ns = 0;
  on_progress = [&](const ucopy_progress &p) {
    if (p.files_done >= files) {
      std::lock_guard<std::mutex> lock(mu);
      some_done = true;
      cv.notify_all();
    }
    return 0;
  };
  // Not from the callback itself: a cancel from another thread is the case
  // that needs the library's care.
  std::thread canceller([&] {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return some_done || finished; });
    if (finished) return;
    timespec ts;
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    *cancel_at_ns = uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
    ucopy_cancel(h_);
  });
  RunRecord r = run(src, dst);
  {
    std::lock_guard<std::mutex> lock(mu);
    finished = true;
    cv.notify_all();
  }
  canceller.join();
  on_progress = nullptr;
  return r;
}

RunRecord CopySession::run(const std::string &src, const std::string &dst) {
  RunRecord record;
  current_ = &record;
  ucopy_set_event_callback(h_, &CopySession::event_trampoline, this, UCOPY_EVENT_MASK_ALL);
  ucopy_set_progress_callback(h_, &CopySession::progress_trampoline, this);
  uint64_t start = monotonic_ns();
  record.rc = ucopy_run(h_, src.c_str(), dst.c_str());
  record.wall_ns = monotonic_ns() - start;
  current_ = nullptr;
  record.stats.size = sizeof record.stats;
  ucopy_get_stats(h_, &record.stats, sizeof record.stats);
  record.last_error = safe(ucopy_last_error(h_));
  return record;
}

RunRecord CopySession::run_polled(const std::string &src, const std::string &dst,
                                  unsigned *wakeups) {
  RunRecord record;
  current_ = &record;
  ucopy_set_event_callback(h_, &CopySession::event_trampoline, this, UCOPY_EVENT_MASK_ALL);
  ucopy_set_progress_callback(h_, &CopySession::progress_trampoline, this);
  const int fd = ucopy_fd(h_);
  uint64_t start = monotonic_ns();
  record.rc = ucopy_start(h_, src.c_str(), dst.c_str());
  unsigned woken = 0;
  if (record.rc == 0) record.rc = UCOPY_RUNNING;
  while (record.rc == UCOPY_RUNNING) {
    // Ten seconds without the descriptor becoming readable is a hang.
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10000) != 1) {
      record.rc = -ETIMEDOUT;
      record.last_error = "ucopy_fd() did not become readable within 10 s";
      ucopy_cancel(h_);
      ucopy_finish(h_);
      break;
    }
    woken++;
    record.rc = ucopy_poll(h_);
  }
  record.wall_ns = monotonic_ns() - start;
  current_ = nullptr;
  if (wakeups != nullptr) *wakeups = woken;
  record.stats.size = sizeof record.stats;
  ucopy_get_stats(h_, &record.stats, sizeof record.stats);
  if (record.last_error.empty()) record.last_error = safe(ucopy_last_error(h_));
  return record;
}

RunRecord copy_with_flags(const std::string &src, const std::string &dst, uint64_t flags) {
  CopySession session;
  session.options.flags = flags;
  if (int rc = session.apply(); rc != 0)
    throw std::runtime_error("ucopy_set_options failed: " + code_text(rc));
  return session.run(src, dst);
}

}  // namespace ucopy_e2e
