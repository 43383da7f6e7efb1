// SPDX-License-Identifier: MIT
// A source file that grows or shrinks while it is copied. The run must end
// in bounded time. Afterwards either the destination is a consistent
// snapshot (a prefix of what the file ever held) or the library said it was
// not: an event with UCOPY_ECHANGED (a WARNING per the header; an ERROR is
// tolerated) for exactly that file.
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "e2e_fixture.h"
#include "support/file_io.h"
#include "support/prng.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

// Byte i of the changing file is always pattern[i % period], whichever
// writes and truncations happened: every state of the file is a prefix of
// one infinite sequence, so a consistent copy is recognisable.
constexpr size_t kPeriod = (1u << 20) + 4093;

const std::string &pattern() {
  static const std::string p = ucopy_test::random_bytes(kPeriod, 4242);
  return p;
}

void write_pattern(int fd, uint64_t from, uint64_t to) {
  const std::string &p = pattern();
  while (from < to) {
    size_t at = static_cast<size_t>(from % kPeriod);
    size_t n = static_cast<size_t>(std::min<uint64_t>(to - from, kPeriod - at));
    ssize_t w = ::pwrite(fd, p.data() + at, n, static_cast<off_t>(from));
    if (w <= 0) return;
    from += static_cast<uint64_t>(w);
  }
}

// Appends (and, if shrink, sometimes truncates) until stopped.
class Mutator {
 public:
  Mutator(const std::string &path, bool shrink, uint64_t initial)
      : fd_(::open(path.c_str(), O_WRONLY | O_CLOEXEC)), shrink_(shrink), size_(initial) {
    thread_ = std::thread([this] { loop(); });
  }
  ~Mutator() { stop(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  void wait_for_iterations(int n) {
    while (iterations_.load() < n) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

 private:
  void loop() {
    ucopy_test::Prng prng(7);
    while (!stop_) {
      if (shrink_ && (prng.next() & 1)) {
        // Only ever shrink: a truncate that extends would fill the file with
        // zeros that are not in the pattern, and a faithful copy of that
        // state would look inconsistent to check_pattern_prefix().
        const uint64_t to = prng.between(1u << 20, 24u << 20);
        if (to < size_) {
          size_ = to;
          if (::ftruncate(fd_.get(), static_cast<off_t>(size_)) != 0) return;
        }
      } else if (size_ < (256u << 20)) {
        uint64_t grow = prng.between(4096, 1u << 20);
        write_pattern(fd_.get(), size_, size_ + grow);
        size_ += grow;
      } else {
        // Cap reached (append-only mode): start over small to keep changing.
        size_ = 8u << 20;
        if (::ftruncate(fd_.get(), static_cast<off_t>(size_)) != 0) return;
      }
      ++iterations_;
      std::this_thread::yield();
    }
  }

  ucopy_test::UniqueFd fd_;
  bool shrink_;
  uint64_t size_;
  std::atomic<bool> stop_{false};
  std::atomic<int> iterations_{0};
  std::thread thread_;
};

// Cancels a run that takes too long, and aborts the process if even that
// does not end it: a hang must fail the test, not the CI job's patience.
class Watchdog {
 public:
  Watchdog(ucopy_t *h, int cancel_after_s, int abort_after_s) {
    thread_ = std::thread([=, this] {
      std::unique_lock<std::mutex> lock(mu_);
      if (cv_.wait_for(lock, std::chrono::seconds(cancel_after_s), [this] { return done_; }))
        return;
      fired_ = true;
      ucopy_cancel(h);
      if (cv_.wait_for(lock, std::chrono::seconds(abort_after_s), [this] { return done_; })) return;
      std::fprintf(stderr, "ucopy_run did not return even after ucopy_cancel: aborting\n");
      std::abort();
    });
  }
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  bool fired() const { return fired_; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::atomic<bool> fired_{false};
  std::thread thread_;
};

// True when the file at path is a prefix of the pattern.
std::string check_pattern_prefix(const std::string &path) {
  ucopy_test::UniqueFd fd = ucopy_test::open_for_reading(AT_FDCWD, path);
  if (!fd.valid()) return "cannot open " + path;
  const std::string &p = pattern();
  std::vector<char> buf(1 << 20);
  for (uint64_t off = 0;;) {
    ssize_t n = ucopy_test::read_full(fd.get(), buf.data(), buf.size());
    if (n <= 0) return n == 0 ? "" : "read failed";
    for (ssize_t i = 0; i < n; ++i)
      if (buf[static_cast<size_t>(i)] != p[(off + static_cast<uint64_t>(i)) % kPeriod])
        return "byte at offset " + std::to_string(off + static_cast<uint64_t>(i)) +
               " was never in the source (not a consistent snapshot)";
    off += static_cast<uint64_t>(n);
  }
}

class ChangingSource : public E2eTest, public ::testing::WithParamInterface<bool> {};

TEST_P(ChangingSource, RunEndsAndResultIsConsistentOrReported) {
  const bool shrink = GetParam();
  const uint64_t initial = 16u << 20;
  {
    ucopy_test::UniqueFd root = ucopy_test::make_dir(AT_FDCWD, src);
    for (int i = 0; i < 5; ++i)
      ucopy_test::write_random_file(root.get(), "stable" + std::to_string(i), 100000 + i, 50 + i);
    ucopy_test::UniqueFd f(::openat(root.get(), "changing", O_WRONLY | O_CREAT | O_TRUNC, 0644));
    write_pattern(f.get(), 0, initial);
  }
  Mutator mutator(src + "/changing", shrink, initial);
  mutator.wait_for_iterations(3);

  for (int round = 0; round < 4; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const std::string target = dst + std::to_string(round);
    CopySession session;
    session.options.flags = UCOPY_F_RECURSIVE | UCOPY_F_PRESERVE_MODE;  // times would differ anyway
    session.options.buffer_size = 64 * 1024;  // more reads per file, more chances to race
    ASSERT_EQ(session.apply(), 0);
    RunRecord r;
    bool watchdog_fired;
    {
      Watchdog watchdog(session.handle(), 20, 10);
      r = session.run(src, target);
      watchdog_fired = watchdog.fired();
    }
    ASSERT_FALSE(watchdog_fired) << "ucopy_run on a changing file took over 20 s";

    std::vector<RecordedEvent> changed;
    for (const RecordedEvent &e : r.events) {
      if (e.type == UCOPY_EVENT_ERROR || e.type == UCOPY_EVENT_WARNING) {
        EXPECT_EQ(e.code, UCOPY_ECHANGED) << e.message;
        EXPECT_EQ(e.src_path, src + "/changing") << e.message;
        changed.push_back(e);
      }
    }
    // In the log, so a reader can see which branch each round took.
    std::printf("round %d: rc=%s, %zu change report(s), warnings=%llu\n", round,
                code_text(r.rc).c_str(), changed.size(),
                static_cast<unsigned long long>(r.stats.warnings));
    if (changed.empty()) {
      EXPECT_EQ(r.rc, 0) << r.describe_events();
      EXPECT_EQ(check_pattern_prefix(target + "/changing"), "");
    } else if (changed[0].type == UCOPY_EVENT_WARNING) {
      EXPECT_EQ(r.rc, 0) << "a warning is not a failure\n" << r.describe_events();
      EXPECT_GE(r.stats.warnings, 1u) << r.describe_events();
    } else {
      EXPECT_EQ(r.rc, UCOPY_EPARTIAL) << r.describe_events();
      EXPECT_EQ(r.stats.failures, 1u) << r.describe_events();
    }
    // The files nobody touched are exact.
    for (int i = 0; i < 5; ++i) {
      std::string name = "stable" + std::to_string(i);
      ucopy_test::UniqueFd s = ucopy_test::open_dir(src), d = ucopy_test::open_dir(target);
      EXPECT_EQ(ucopy_test::compare_file_contents(s.get(), name, d.get(), name), "") << name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(GrowOrShrink, ChangingSource, ::testing::Values(false, true),
                         [](const auto &p) { return p.param ? "GrowingAndShrinking" : "Growing"; });

}  // namespace
}  // namespace ucopy_e2e
