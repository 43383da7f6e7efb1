// SPDX-License-Identifier: MIT
#include "engine/engine.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>

#include "engine/handle.hpp"

namespace ucopy_impl {

Engine::~Engine() {
  // ucopy_free() on a handle with a started run: stop it and serve it to
  // its end here (its callbacks still run), so that no thread outlives it.
  if (run_ != nullptr) {
    run_handle_->cancel_active();
    finish();
  }
  workers_.trim();
  helpers_.reset();
  for (int fd : {epoll_fd_, wake_fd_, timer_fd_})
    if (fd >= 0) close(fd);
}

int Engine::busy(ucopy &h) {
  h.last_error = "a run is already active on this handle";
  return -EBUSY;
}

int Engine::begin(ucopy &h, const char *src, const char *dst, int wake_fd) {
  if (run_ != nullptr) return busy(h);
  // Fewer regions than the helper threads a previous run started: the
  // pool starts again, so that the option's bound on memory holds.
  if (helpers_ != nullptr && helpers_->threads() > h.cfg.regions) helpers_.reset();
  if (helpers_ == nullptr) helpers_ = std::make_unique<HelperPool>();
  const uint64_t id = h.begin_run();
  run_ = std::make_unique<Coordinator>(h, workers_, *helpers_, id, identity());
  run_handle_ = &h;
  run_->start(src, dst, wake_fd);
  return 0;
}

int Engine::end(ucopy &h) {
  const int rc = run_->result();
  run_.reset();
  run_handle_ = nullptr;
  h.started_wake_fd.store(-1);
  h.end_run();
  if (timer_fd_ >= 0) arm_timer(0);
  return rc;
}

int Engine::run(ucopy &h, const char *src, const char *dst) {
  const int rc = begin(h, src, dst, -1);
  if (rc != 0) return rc;
  while (!run_->serve()) run_->wait(run_->tick());
  return end(h);
}

int Engine::start(ucopy &h, const char *src, const char *dst) {
  if (run_ != nullptr) return busy(h);
  const int rc = make_fds();
  if (rc != 0) return rc;
  drain_fds();
  // Every interval, with or without a progress callback: the serving
  // thread also feeds write-behind.
  arm_timer(h.cfg.progress_interval_ms);
  h.started_wake_fd.store(wake_fd_);
  const int begun = begin(h, src, dst, wake_fd_);
  // Ended already (could not start, or copied at once): say so through
  // the descriptor too.
  if (begun == 0 && run_->ended()) eventfd_write(wake_fd_, 1);
  return begun;
}

int Engine::fd() {
  const int rc = make_fds();
  return rc != 0 ? rc : epoll_fd_;
}

int Engine::poll() {
  if (run_ == nullptr) return -EINVAL;
  drain_fds();
  if (!run_->serve()) return UCOPY_RUNNING;
  return end(*run_handle_);
}

int Engine::finish() {
  if (run_ == nullptr) return -EINVAL;
  while (!run_->serve()) run_->wait(run_->tick());
  return end(*run_handle_);
}

const Identity &Engine::identity() {
  if (!identity_ || identity_->euid != geteuid() || identity_->egid != getegid())
    identity_ = Identity::current();
  return *identity_;
}

int Engine::trim() {
  if (run_ != nullptr) return -EBUSY;
  identity_.reset();
  workers_.trim();
  helpers_.reset();
  return 0;
}

// One epoll descriptor over an eventfd (the run's threads signal it) and
// a timerfd (progress intervals), so that callers watch a single one.
int Engine::make_fds() {
  if (epoll_fd_ >= 0) return 0;
  const int ep = epoll_create1(EPOLL_CLOEXEC);
  const int ev = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  const int tm = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  int rc = (ep < 0 || ev < 0 || tm < 0) ? -errno : 0;
  for (int fd : {ev, tm}) {
    epoll_event e{};
    e.events = EPOLLIN;
    e.data.fd = fd;
    if (rc == 0 && epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) != 0) rc = -errno;
  }
  if (rc != 0) {
    for (int fd : {ep, ev, tm})
      if (fd >= 0) close(fd);
    return rc;
  }
  epoll_fd_ = ep;
  wake_fd_ = ev;
  timer_fd_ = tm;
  return 0;
}

// Level-triggered readiness goes once both are read empty; what signalled
// them before is there for the round that follows (EventQueue::rearm).
void Engine::drain_fds() const {
  if (run_ != nullptr) run_->rearm_wake();
  uint64_t n;
  while (read(wake_fd_, &n, sizeof n) == sizeof n) {
  }
  while (read(timer_fd_, &n, sizeof n) == sizeof n) {
  }
}

void Engine::arm_timer(unsigned interval_ms) const {
  itimerspec t{};
  t.it_interval.tv_sec = interval_ms / 1000;
  t.it_interval.tv_nsec = static_cast<long>(interval_ms % 1000) * 1000000L;
  t.it_value = t.it_interval;
  timerfd_settime(timer_fd_, 0, &t, nullptr);
}

}  // namespace ucopy_impl
