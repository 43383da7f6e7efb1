// SPDX-License-Identifier: MIT
#include "progress_estimate.hpp"

#include <cmath>

namespace ucopy_cli {

namespace {
// The rate is an exponential average with this time constant: long enough
// that a burst of small files or one large file does not swing the ETA,
// short enough to follow a real change (a cold cache warming up).
constexpr double kSmoothingSeconds = 5.0;
}  // namespace

void ProgressEstimate::update(const ucopy_progress &p) {
  if (!started_ || p.elapsed_ns < last_ns_ || p.bytes_done < last_bytes_) {
    started_ = true;  // the first report, or a new run
    rate_ = 0;
    last_ns_ = p.elapsed_ns;
    last_bytes_ = p.bytes_done;
    if (p.elapsed_ns > 0)
      rate_ = static_cast<double>(p.bytes_done) * 1e9 / static_cast<double>(p.elapsed_ns);
    return;
  }
  const double dt = static_cast<double>(p.elapsed_ns - last_ns_) / 1e9;
  if (dt <= 0) return;
  const double now = static_cast<double>(p.bytes_done - last_bytes_) / dt;
  const double weight = 1.0 - std::exp(-dt / kSmoothingSeconds);
  // Until one time constant has passed, the average since the start is the
  // better estimate (the exponential one still leans on its first value).
  const double since_start =
      static_cast<double>(p.bytes_done) * 1e9 / static_cast<double>(p.elapsed_ns);
  rate_ = static_cast<double>(p.elapsed_ns) / 1e9 < kSmoothingSeconds
              ? since_start
              : rate_ + weight * (now - rate_);
  last_ns_ = p.elapsed_ns;
  last_bytes_ = p.bytes_done;
}

std::optional<double> ProgressEstimate::eta_seconds(const ucopy_progress &p) const {
  if (p.size < sizeof(ucopy_progress) || !p.totals_final || rate_ <= 0) return std::nullopt;
  const uint64_t left = p.bytes_total > p.bytes_done ? p.bytes_total - p.bytes_done : 0;
  return static_cast<double>(left) / rate_;
}

const char *phase_name(uint32_t phase) {
  switch (phase) {
    case UCOPY_PHASE_WALKING: return "walking";
    case UCOPY_PHASE_COPYING: return "copying";
    case UCOPY_PHASE_DELETING: return "deleting";
    case UCOPY_PHASE_VERIFYING: return "verifying";
    case UCOPY_PHASE_SYNCING: return "syncing";
    default: return "";
  }
}

double fraction_done(const ucopy_progress &p) {
  if (p.bytes_total > 0)
    return static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total);
  if (p.files_total > 0)
    return static_cast<double>(p.files_done) / static_cast<double>(p.files_total);
  return p.finished ? 1.0 : 0.0;
}

}  // namespace ucopy_cli
