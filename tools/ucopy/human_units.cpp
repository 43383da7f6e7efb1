// SPDX-License-Identifier: MIT
#include "human_units.hpp"

#include <cmath>
#include <cstdio>

namespace ucopy_cli {

std::string format_bytes(uint64_t bytes) {
  static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < sizeof units / sizeof units[0]) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  const int decimals = value < 10.0 ? 2 : value < 100.0 ? 1 : 0;
  std::snprintf(text, sizeof text, "%.*f %s", decimals, value, units[unit]);
  return text;
}

std::string format_rate(double bytes_per_second) {
  if (!(bytes_per_second >= 0.0) || std::isinf(bytes_per_second)) return "-- B/s";
  return format_bytes(static_cast<uint64_t>(bytes_per_second)) + "/s";
}

std::string format_duration(double seconds) {
  // Beyond 100 days an ETA says nothing useful.
  if (!(seconds >= 0.0) || seconds > 100.0 * 86400.0) return "--:--";
  const uint64_t total = static_cast<uint64_t>(seconds + 0.5);
  const uint64_t h = total / 3600, m = total / 60 % 60, s = total % 60;
  char text[32];
  if (h > 0)
    std::snprintf(text, sizeof text, "%llu:%02llu:%02llu", static_cast<unsigned long long>(h),
                  static_cast<unsigned long long>(m), static_cast<unsigned long long>(s));
  else
    std::snprintf(text, sizeof text, "%llu:%02llu", static_cast<unsigned long long>(m),
                  static_cast<unsigned long long>(s));
  return text;
}

}  // namespace ucopy_cli
