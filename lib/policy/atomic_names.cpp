// SPDX-License-Identifier: MIT
#include "policy/atomic_names.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <vector>

#include "policy/dir_names.hpp"

namespace ucopy_impl {

namespace {

std::atomic<uint64_t> g_counter{0};

// Drawn once per process; a clock reading where getrandom() cannot help.
uint64_t process_nonce() {
  static const uint64_t nonce = [] {
    uint64_t v = 0;
    if (getrandom(&v, sizeof v, GRND_NONBLOCK) != sizeof v || v == 0) {
      timespec ts{};
      clock_gettime(CLOCK_REALTIME, &ts);
      v = (static_cast<uint64_t>(ts.tv_sec) << 30) ^ static_cast<uint64_t>(ts.tv_nsec) ^
          (static_cast<uint64_t>(getpid()) << 40);
    }
    return v;
  }();
  return nonce;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// Reads "<digits>." at `p`, moving past it; false if `p` is not that.
bool take_field(const char *&p, bool hex, uint64_t &value) {
  const char *start = p;
  value = 0;
  for (; *p != '.' && *p != '\0'; p++) {
    if (hex ? !is_hex(*p) : (*p < '0' || *p > '9')) return false;
    if (p - start >= 16) return false;
    value = value * (hex ? 16 : 10) +
            static_cast<uint64_t>(hex && *p >= 'a' ? *p - 'a' + 10 : *p - '0');
  }
  if (*p != '.' || p == start) return false;
  p++;
  return true;
}

// Whether `name` is one of our temporary names whose maker is gone.
bool is_leftover(const char *name) {
  if (std::string_view(name).substr(0, kTempPrefix.size()) != kTempPrefix) return false;
  const char *p = name + kTempPrefix.size();
  uint64_t pid = 0;
  uint64_t nonce = 0;
  uint64_t n = 0;
  if (!take_field(p, false, pid) || !take_field(p, true, nonce) || !take_field(p, true, n))
    return false;
  if (pid == 0 || pid > INT_MAX) return false;
  const auto id = static_cast<pid_t>(pid);
  if (id == getpid()) return nonce != process_nonce();  // a dead process of our id
  // Another process: alive (or not ours to signal) means it may still be
  // writing. Processes in another pid namespace sharing the directory look
  // dead from here; ucopy(1) says so.
  return kill(id, 0) != 0 && errno == ESRCH;
}

}  // namespace

void make_temp_name(std::string_view name, std::string &out) {
  char head[96];
  const int len =
      snprintf(head, sizeof head, "%.*s%ld.%016llx.%llx.", static_cast<int>(kTempPrefix.size()),
               kTempPrefix.data(), static_cast<long>(getpid()),
               static_cast<unsigned long long>(process_nonce()),
               static_cast<unsigned long long>(g_counter.fetch_add(1)));
  out.assign(head, static_cast<size_t>(len));
  const size_t room = NAME_MAX - out.size();
  out.append(name.substr(0, room));
}

int commit_temp(int dirfd, const char *tmp, const char *name, bool replace) {
  if (replace) return renameat(dirfd, tmp, dirfd, name) == 0 ? 0 : -errno;
  if (renameat2(dirfd, tmp, dirfd, name, RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL) return -errno;
  // A filesystem without RENAME_NOREPLACE: a hard link never replaces
  // either; then the temporary name goes.
  if (linkat(dirfd, tmp, dirfd, name, 0) != 0) return -errno;
  unlinkat(dirfd, tmp, 0);
  return 0;
}

void remove_leftover_temps(int dirfd) {
  // Collected first: removing names while getdents64 is under way may make
  // it skip others.
  std::vector<std::string> names;
  for_each_dir_name(dirfd, [&](const struct dirent64 &d) {
    if (d.d_type != DT_DIR && is_leftover(d.d_name)) names.emplace_back(d.d_name);
  });
  // unlinkat without AT_REMOVEDIR never removes a directory (one with
  // an unknown d_type included).
  for (const std::string &n : names) unlinkat(dirfd, n.c_str(), 0);
}

}  // namespace ucopy_impl
