// SPDX-License-Identifier: MIT
#include "dir_watch.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "support/sys_error.h"

namespace ucopy_security {

DirWatch::DirWatch() : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
  if (!fd_.valid()) ucopy_test::throw_errno("inotify_init1");
}

int DirWatch::add(const std::string &path, uint32_t mask) {
  const int wd = inotify_add_watch(fd_.get(), path.c_str(), mask | IN_ONLYDIR);
  if (wd < 0) ucopy_test::throw_errno("inotify_add_watch " + path);
  return wd;
}

bool DirWatch::wait_ms(int ms) const {
  pollfd p{fd_.get(), POLLIN, 0};
  return poll(&p, 1, ms) > 0;
}

int DirWatch::drain(const Handler &fn) {
  alignas(inotify_event) char buf[16384];
  int count = 0;
  for (;;) {
    const ssize_t n = read(fd_.get(), buf, sizeof buf);
    if (n <= 0) return count;  // EAGAIN: nothing more queued
    for (ssize_t off = 0; off < n;) {
      const auto *ev = reinterpret_cast<const inotify_event *>(buf + off);
      off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
      if (ev->len == 0) continue;  // about the directory itself
      fn(ev->wd, ev->mask, ev->name);
      count++;
    }
  }
}

}  // namespace ucopy_security
