// SPDX-License-Identifier: MIT
#include "progress_display.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "human_units.hpp"
#include "json_out.hpp"
#include "name_escape.hpp"

namespace ucopy_cli {

namespace {

// A terminal is redrawn at most 10 times a second.
constexpr uint64_t kRedrawNs = 100000000ull;
constexpr size_t kBarWidth = 20;

double seconds(uint64_t ns) { return static_cast<double>(ns) / 1e9; }

size_t terminal_width() {
  struct winsize ws;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

// Columns a string takes: one per UTF-8 sequence (escape_name() leaves
// nothing else to print).
size_t display_width(std::string_view s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

bool has_v2_fields(const ucopy_progress &p) { return p.size >= sizeof(ucopy_progress); }

// The end of `path` in at most `width` columns, "…" marking what was cut.
std::string tail_of(const std::string &path, size_t width) {
  if (width < 2) return "";
  if (display_width(path) <= width) return path;
  size_t start = path.size() - std::min(path.size(), width - 1);
  while (start < path.size() && (static_cast<unsigned char>(path[start]) & 0xC0) == 0x80) start++;
  std::string tail = "\u2026" + path.substr(start);
  while (display_width(tail) > width && tail.size() > 3) tail.erase(3, 1);
  return tail;
}

}  // namespace

std::string ProgressDisplay::describe(const ucopy_progress &p) const {
  const bool final = p.finished || (has_v2_fields(p) && p.totals_final);
  std::string text = std::to_string(p.files_done);
  if (final) text += "/" + std::to_string(p.files_total);
  text += " files, " + format_bytes(p.bytes_done);
  if (final) text += "/" + format_bytes(p.bytes_total);
  if (p.finished) {
    const double elapsed = seconds(p.elapsed_ns);
    const double rate = elapsed > 0 ? static_cast<double>(p.bytes_done) / elapsed : 0.0;
    return text + ", " + format_rate(rate) + ", done in " + format_duration(elapsed);
  }
  text += ", " + format_rate(estimate_.rate());
  if (!final) return text;
  const auto eta = estimate_.eta_seconds(p);
  return text + ", ETA " + (eta ? format_duration(*eta) : std::string("--:--"));
}

std::string ProgressDisplay::live_line(const ucopy_progress &p, size_t width) const {
  std::string line;
  if (p.finished || (has_v2_fields(p) && p.totals_final)) {
    const double fraction = std::min(1.0, fraction_done(p));
    const size_t filled = std::min(kBarWidth, static_cast<size_t>(fraction * kBarWidth + 0.5));
    line = "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "] " +
           std::to_string(static_cast<int>(fraction * 100.0)) + "% ";
  } else {
    line = "scanning\u2026 ";
  }
  line += describe(p);
  // The file in flight, or what the run is doing, in what space is left.
  std::string doing;
  if (has_v2_fields(p) && !p.finished) {
    if (p.phase == UCOPY_PHASE_SYNCING) doing = "syncing\u2026";
    else if (p.current_path != nullptr) doing = escape_name(p.current_path);
    if (p.phase == UCOPY_PHASE_DELETING || p.phase == UCOPY_PHASE_VERIFYING)
      doing = std::string(phase_name(p.phase)) + " " + doing;
  }
  const size_t used = display_width(line);
  if (!doing.empty() && used + 4 < width) line += "  " + tail_of(doing, width - used - 3);
  // Never wrap: a wrapped line cannot be redrawn with \r.
  while (display_width(line) >= width && !line.empty()) line.pop_back();
  return line;
}

std::string ProgressDisplay::json(const ucopy_progress &p) const {
  JsonObject o;
  const bool v2 = has_v2_fields(p);
  o.add_string("type", "progress")
      .add_uint("finished", p.finished)
      .add_uint("totals_final", v2 ? p.totals_final : p.finished)
      .add_string("phase", v2 ? phase_name(p.phase) : "")
      .add_uint("files_done", p.files_done)
      .add_uint("files_total", p.files_total)
      .add_uint("bytes_done", p.bytes_done)
      .add_uint("bytes_total", p.bytes_total)
      .add_uint("bytes_per_sec", v2 ? p.bytes_per_sec : 0)
      .add_uint("files_failed", v2 ? p.files_failed : 0)
      .add_uint("files_skipped", v2 ? p.files_skipped : 0)
      .add_uint("elapsed_ns", p.elapsed_ns);
  const auto eta = estimate_.eta_seconds(p);
  if (eta && !p.finished) o.add_uint("eta_ms", static_cast<uint64_t>(*eta * 1000.0));
  else o.add_null("eta_ms");
  if (v2 && p.current_path != nullptr) o.add_path("current_path", p.current_path);
  else o.add_null("current_path");
  return o.finish();
}

void ProgressDisplay::draw_live(const ucopy_progress &p) {
  std::fprintf(stderr, "\r%s\033[K", live_line(p, terminal_width()).c_str());
  if (p.finished) std::fputc('\n', stderr);
  bar_visible_ = !p.finished;
  std::fflush(stderr);
}

void ProgressDisplay::update(const ucopy_progress &p) {
  estimate_.update(p);
  if (mode_ == ProgressMode::kJson) {
    std::printf("%s\n", json(p).c_str());
    std::fflush(stdout);
    return;
  }
  if (!live_) {  // a log gets the outcome only
    if (p.finished) std::fprintf(stderr, "ucopy: progress: %s\n", describe(p).c_str());
    return;
  }
  const bool due =
      !drawn_ || p.elapsed_ns < last_draw_ns_ || p.elapsed_ns - last_draw_ns_ >= kRedrawNs;
  if (!p.finished && !due) return;
  drawn_ = true;
  last_draw_ns_ = p.elapsed_ns;
  draw_live(p);
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
