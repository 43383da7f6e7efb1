// SPDX-License-Identifier: MIT
#include "progress_estimate.hpp"

#include <cmath>

namespace ucopy_cli {

namespace {
// The rate is an exponential average with this time constant: long enough
// that a burst of small files or one large file does not swing the ETA,
// short enough to follow a real change (a cold cache warming up).
constexpr double kSmoothingSeconds = 5.0;
// The fit of the ETA forgets with this time constant: long, since it needs
// intervals of different mixes of files and bytes to tell their costs apart.
constexpr double kFitSeconds = 30.0;
// det / (ff * bb) below this: files and bytes moved together, no fit.
constexpr double kIndependent = 1e-3;
constexpr double kMiB = 1048576.0;
}  // namespace

void ProgressEstimate::start(const ucopy_progress &p) {
  *this = ProgressEstimate();
  started_ = true;
  last_ns_ = p.elapsed_ns;
  last_bytes_ = p.bytes_done;
  last_files_ = p.files_done;
  if (p.elapsed_ns > 0)
    rate_ = static_cast<double>(p.bytes_done) * 1e9 / static_cast<double>(p.elapsed_ns);
}

void ProgressEstimate::update(const ucopy_progress &p) {
  if (!started_ || p.elapsed_ns < last_ns_ || p.bytes_done < last_bytes_ ||
      p.files_done < last_files_) {
    start(p);  // the first report, or a new run
    return;
  }
  const double dt = static_cast<double>(p.elapsed_ns - last_ns_) / 1e9;
  if (dt <= 0) return;
  const double now = static_cast<double>(p.bytes_done - last_bytes_) / dt;
  // Until one time constant has passed, the average since the start is the
  // better estimate (the exponential one still leans on its first value).
  const double elapsed = static_cast<double>(p.elapsed_ns) / 1e9;
  rate_ = elapsed < kSmoothingSeconds
              ? static_cast<double>(p.bytes_done) / elapsed
              : rate_ + (1.0 - std::exp(-dt / kSmoothingSeconds)) * (now - rate_);
  fit(static_cast<double>(p.files_done - last_files_),
      static_cast<double>(p.bytes_done - last_bytes_) / kMiB, dt);
  last_ns_ = p.elapsed_ns;
  last_bytes_ = p.bytes_done;
  last_files_ = p.files_done;
}

// One interval into the decayed least-squares sums.
void ProgressEstimate::fit(double files, double mib, double seconds) {
  const double keep = std::exp(-seconds / kFitSeconds);
  ff_ = ff_ * keep + files * files;
  fb_ = fb_ * keep + files * mib;
  bb_ = bb_ * keep + mib * mib;
  ft_ = ft_ * keep + files * seconds;
  bt_ = bt_ * keep + mib * seconds;
}

std::optional<double> ProgressEstimate::eta_seconds(const ucopy_progress &p) const {
  if (p.size < sizeof(ucopy_progress) || !p.totals_final || rate_ <= 0) return std::nullopt;
  const double mib_done = static_cast<double>(p.bytes_done) / kMiB;
  const double mib_left =
      static_cast<double>(p.bytes_total > p.bytes_done ? p.bytes_total - p.bytes_done : 0) / kMiB;
  const double files_done = static_cast<double>(p.files_done);
  const double files_left =
      static_cast<double>(p.files_total > p.files_done ? p.files_total - p.files_done : 0);
  // Seconds per file (a) and per MiB (b), fitted. Where files and bytes went
  // together in every interval (a tree of equal files) they cannot be told
  // apart, and a share of 0 or less means one of them explains nothing:
  // then bytes alone measure the work.
  const double det = ff_ * bb_ - fb_ * fb_;
  double a = 0;
  double b = 1;
  if (ff_ > 0 && bb_ > 0 && det > kIndependent * ff_ * bb_) {
    const double fa = (ft_ * bb_ - bt_ * fb_) / det;
    const double fb = (bt_ * ff_ - ft_ * fb_) / det;
    if (fa > 0 && fb > 0) {
      a = fa;
      b = fb;
    }
  }
  // The fit says what share of the work is done; the pace is the run's own
  // so far (steadier than the fit's figures from a few noisy intervals).
  const double done = a * files_done + b * mib_done;
  const double left = a * files_left + b * mib_left;
  if (done <= 0) return mib_left * kMiB / rate_;
  return static_cast<double>(p.elapsed_ns) / 1e9 * left / done;
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
