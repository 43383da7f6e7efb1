// SPDX-License-Identifier: MIT
#include "progress_display.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "human_units.hpp"

namespace ucopy_cli {

namespace {

constexpr uint64_t kPlainLineIntervalNs = 1000000000ull;  // at most one line a second
constexpr size_t kBarWidth = 20;

double seconds(uint64_t ns) { return static_cast<double>(ns) / 1e9; }

// Fraction done, by bytes when there are any, else by entries; totals grow
// while the walk discovers more, so this is an estimate.
double fraction_done(const ucopy_progress &p) {
  if (p.bytes_total > 0)
    return static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total);
  if (p.files_total > 0)
    return static_cast<double>(p.files_done) / static_cast<double>(p.files_total);
  return p.finished ? 1.0 : 0.0;
}

size_t terminal_width() {
  struct winsize ws;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

}  // namespace

std::string ProgressDisplay::describe(const ucopy_progress &p) {
  const double elapsed = seconds(p.elapsed_ns);
  const double rate = elapsed > 0 ? static_cast<double>(p.bytes_done) / elapsed : 0.0;
  std::string text = std::to_string(p.files_done) + "/" + std::to_string(p.files_total) +
                     " files, " + format_bytes(p.bytes_done) + "/" + format_bytes(p.bytes_total) +
                     ", " + format_rate(rate);
  if (p.finished) return text + ", done in " + format_duration(elapsed);
  const uint64_t bytes_left = p.bytes_total > p.bytes_done ? p.bytes_total - p.bytes_done : 0;
  return text + ", ETA " +
         (rate > 0 ? format_duration(static_cast<double>(bytes_left) / rate)
                   : std::string("--:--"));
}

void ProgressDisplay::draw_live(const ucopy_progress &p) {
  const double fraction = fraction_done(p);
  const size_t filled = std::min(kBarWidth, static_cast<size_t>(fraction * kBarWidth + 0.5));
  const std::string numbers =
      std::to_string(static_cast<int>(fraction * 100.0 + 0.5)) + "% " + describe(p);
  std::string bar;
  bar.reserve(kBarWidth + 3);
  bar += '[';
  bar.append(filled, '#');
  bar.append(kBarWidth - filled, '.');
  bar += "] ";
  // Never wrap: a wrapped line cannot be redrawn with \r. The bar goes first
  // when space is short, then the tail of the numbers.
  const size_t width = terminal_width();
  std::string line = bar.size() + numbers.size() < width ? bar + numbers : numbers;
  if (line.size() >= width) line.resize(width - 1);
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
  if (p.finished) {
    std::fputc('\n', stderr);
    bar_visible_ = false;
  } else {
    bar_visible_ = true;
  }
  std::fflush(stderr);
}

void ProgressDisplay::update(const ucopy_progress &p) {
  if (live_) {
    draw_live(p);
    return;
  }
  const bool due = !printed_plain_ || p.elapsed_ns - last_plain_ns_ >= kPlainLineIntervalNs;
  if (!p.finished && !due) return;
  std::fprintf(stderr, "ucopy: progress: %s\n", describe(p).c_str());
  printed_plain_ = true;
  last_plain_ns_ = p.elapsed_ns;
}

void ProgressDisplay::clear() {
  if (!bar_visible_) return;
  std::fputs("\r\033[K", stderr);
  bar_visible_ = false;
}

int progress_callback(const ucopy_progress *progress, void *user) {
  static_cast<ProgressDisplay *>(user)->update(*progress);
  return 0;
}

}  // namespace ucopy_cli
