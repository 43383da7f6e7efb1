// SPDX-License-Identifier: MIT
#include "copy_runner.h"

#include <ctime>
#include <filesystem>
#include <vector>

#include <stdexcept>

#include "race_budget.h"

namespace ucopy_security {

namespace {

int count_event(const ucopy_event *ev, void *user) {
  auto *out = static_cast<CopyOutcome *>(user);
  if (ev->type == UCOPY_EVENT_WARNING) out->warnings++;
  if (ev->type == UCOPY_EVENT_ERROR) {
    if (out->errors++ == 0 && ev->message != nullptr) out->first_error = ev->message;
  }
  return UCOPY_CONTINUE;
}

ucopy_t *new_handle(const CopySpec &spec, CopyOutcome &outcome) {
  ucopy_t *h = ucopy_new();
  if (h == nullptr) throw std::runtime_error("ucopy_new failed");
  ucopy_options opts;
  ucopy_options_init(&opts, sizeof opts);
  opts.flags = spec.flags;
  opts.update = spec.update;
  opts.overwrite = spec.overwrite;
  if (ucopy_set_options(h, &opts) != 0) {
    const std::string why = ucopy_last_error(h);
    ucopy_free(h);
    throw std::runtime_error("ucopy_set_options: " + why);
  }
  ucopy_set_event_callback(h, count_event, &outcome,
                           UCOPY_EVENT_MASK_ERROR | UCOPY_EVENT_MASK_WARNING);
  return h;
}

}  // namespace

CopyOutcome run_copy(const CopySpec &spec, const std::string &src, const std::string &dst) {
  CopyOutcome out;
  ucopy_t *h = new_handle(spec, out);
  out.rc = ucopy_run(h, src.c_str(), dst.c_str());
  ucopy_free(h);
  return out;
}

CopyOutcome run_copy_per_file(const CopySpec &spec, const std::string &src,
                              const std::string &dst) {
  std::vector<std::string> names;
  for (const auto &e : std::filesystem::directory_iterator(src))
    if (e.symlink_status().type() == std::filesystem::file_type::regular)
      names.push_back(e.path().filename());
  CopyOutcome out;
  ucopy_t *h = new_handle(spec, out);
  for (const std::string &name : names) {
    const int rc = ucopy_run(h, (src + "/" + name).c_str(), (dst + "/" + name).c_str());
    if (out.rc == 0) out.rc = rc;
  }
  ucopy_free(h);
  return out;
}

WatchedCopy::WatchedCopy(const CopySpec &spec, const std::string &src, const std::string &dst)
    : state_(std::make_shared<State>()) {
  state_->handle = new_handle(spec, state_->outcome);
  // The thread shares the state, so that a detached one still has it.
  thread_ = std::thread([st = state_, src, dst] {
    st->outcome.rc = ucopy_run(st->handle, src.c_str(), dst.c_str());
    st->finished.store(true);
  });
}

WatchedCopy::~WatchedCopy() {
  if (!finished()) {
    thread_.detach();
    return;
  }
  thread_.join();
  ucopy_free(state_->handle);
}

bool WatchedCopy::wait_ms(int ms) const {
  const uint64_t until = monotonic_ns() + static_cast<uint64_t>(ms) * 1000000U;
  while (!finished()) {
    if (monotonic_ns() >= until) return false;
    timespec ts{0, 2000000};
    nanosleep(&ts, nullptr);
  }
  return true;
}

void WatchedCopy::cancel() const { ucopy_cancel(state_->handle); }

}  // namespace ucopy_security
