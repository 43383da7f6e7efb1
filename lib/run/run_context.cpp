// SPDX-License-Identifier: MIT
#include "run/run_context.hpp"

#include <unistd.h>

#include <cerrno>

#include "ucopy.h"

namespace ucopy_impl {

RunContext::HeldFd::~HeldFd() {
  if (fd >= 0) close(fd);
}

std::string format_message(const char *op, const std::string &path, int code) {
  std::string m;
  if (op && *op) {
    m += op;
    m += ' ';
  }
  m += '\'';
  m += path;
  m += "': ";
  m += ucopy_strerror(code);
  return m;
}

void RunContext::request_stop(int code) {
  int expected = 0;
  stop_code.compare_exchange_strong(expected, code);
  stop.store(true);
  dirs.wake_all();
  events.notify();
}

void RunContext::fatal(int code, std::string message) {
  {
    std::lock_guard<std::mutex> lk(first_error_mu_);
    if (fatal_message_.empty()) fatal_message_ = std::move(message);
  }
  request_stop(code);
}

void RunContext::report(Counters &cnt, EventRecord &&ev) {
  switch (ev.type) {
    case UCOPY_EVENT_ERROR: {
      Counters::add(cnt.failures, 1);
      std::lock_guard<std::mutex> lk(first_error_mu_);
      if (first_error_.empty()) first_error_ = ev.message;
      break;
    }
    case UCOPY_EVENT_WARNING: Counters::add(cnt.warnings, 1); break;
    case UCOPY_EVENT_SKIPPED: Counters::add(cnt.skipped, 1); break;
    default: break;
  }
  if (wants(ev.type)) events.push(std::move(ev), stop);
}

void RunContext::report_error(Counters &cnt, int code, const char *op, uint32_t file_type,
                              std::string src, std::string dst) {
  EventRecord ev;
  ev.type = UCOPY_EVENT_ERROR;
  ev.code = code;
  ev.file_type = file_type;
  ev.op = op;
  // A failure to create or change the destination names the destination.
  bool about_dst = std::string_view(op) == "create" || std::string_view(op) == "write" ||
                   std::string_view(op) == "close" || std::string_view(op) == "chown" ||
                   std::string_view(op) == "chmod" || std::string_view(op) == "utimens" ||
                   std::string_view(op) == "replace" || std::string_view(op) == "mkdir" ||
                   std::string_view(op) == "link" || std::string_view(op) == "delete" ||
                   std::string_view(op) == "allocate" || std::string_view(op) == "clone" ||
                   std::string_view(op) == "verify" || std::string_view(op) == "fsync" ||
                   std::string_view(op) == "syncfs";
  ev.message = format_message(op, about_dst ? dst : src, code);
  ev.src = std::move(src);
  ev.dst = std::move(dst);
  report(cnt, std::move(ev));
}

bool RunContext::report_meta_found(Counters &cnt, const MetaResult &m, uint32_t file_type,
                                   std::string src, std::string dst) {
  if (m.code != 0) {
    report_error(cnt, m.code, m.op, file_type, std::move(src), std::move(dst));
    return false;
  }
  for (const MetaNotice &n : m.notices) {
    EventRecord ev;
    ev.type = UCOPY_EVENT_WARNING;
    ev.code = n.code;
    ev.file_type = file_type;
    ev.op = n.op;
    ev.message = format_message(n.op, n.about_src ? src : dst, n.code);
    if (!n.detail.empty()) ev.message += " (" + n.detail + ")";
    ev.src = src;
    ev.dst = dst;
    report(cnt, std::move(ev));
  }
  return true;
}

void RunContext::report_skipped_existing(Counters &cnt, uint32_t file_type, std::string src,
                                         std::string dst) {
  EventRecord ev;
  ev.type = UCOPY_EVENT_SKIPPED;
  ev.code = -EEXIST;
  ev.file_type = file_type;
  ev.op = "create";
  ev.message = format_message("skip existing", dst, -EEXIST);
  ev.src = std::move(src);
  ev.dst = std::move(dst);
  report(cnt, std::move(ev));
}

void RunContext::report_source_changed(Counters &cnt, uint64_t written, uint64_t size,
                                       std::string src, std::string dst) {
  EventRecord ev;
  ev.type = UCOPY_EVENT_WARNING;
  ev.code = UCOPY_ECHANGED;
  ev.file_type = UCOPY_TYPE_FILE;
  ev.bytes = written;
  if (wants(UCOPY_EVENT_WARNING)) {
    ev.op = "read";
    ev.message = format_message("read", src, UCOPY_ECHANGED) + " (copied " +
                 std::to_string(written) + " of " + std::to_string(size) + " bytes)";
    ev.src = std::move(src);
    ev.dst = std::move(dst);
  }
  report(cnt, std::move(ev));
}

void RunContext::dir_finished() {
  if (live_dirs.fetch_sub(1) == 1) {
    done.store(true);
    dirs.wake_all();
    events.notify();
  }
}

std::string RunContext::first_error() const {
  std::lock_guard<std::mutex> lk(first_error_mu_);
  return fatal_message_.empty() ? first_error_ : fatal_message_;
}

}  // namespace ucopy_impl
