// SPDX-License-Identifier: MIT
#include "signal_cancel.hpp"

#include <signal.h>

#include <cerrno>

namespace ucopy_cli {

namespace {

ucopy_t *volatile g_handle = nullptr;
volatile sig_atomic_t g_signal = 0;

// Only async-signal-safe work here: ucopy_cancel() is documented as such.
void on_signal(int sig) {
  const int saved_errno = errno;
  if (g_signal == 0) g_signal = sig;
  if (g_handle) ucopy_cancel(g_handle);
  errno = saved_errno;
}

}  // namespace

void install_cancel_handlers(ucopy_t *handle) {
  g_handle = handle;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  sigset_t both;
  sigemptyset(&both);
  sigaddset(&both, SIGINT);
  sigaddset(&both, SIGTERM);
  sigprocmask(SIG_UNBLOCK, &both, nullptr);
}

int received_signal() { return g_signal; }

}  // namespace ucopy_cli
