// SPDX-License-Identifier: MIT
// Human-readable byte counts, rates and durations for progress and stats.
#pragma once

#include <cstdint>
#include <string>

namespace ucopy_cli {

// "0 B", "999 B", "1.5 KiB", "12.3 MiB", "4.00 GiB": binary units, about
// three significant digits.
std::string format_bytes(uint64_t bytes);

// format_bytes() of bytes per second, plus "/s".
std::string format_rate(double bytes_per_second);

// "0:07", "12:34", "1:02:03". Negative or absurd values give "--:--".
std::string format_duration(double seconds);

}  // namespace ucopy_cli
