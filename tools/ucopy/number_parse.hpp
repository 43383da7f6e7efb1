// SPDX-License-Identifier: MIT
// Parsing of the numeric option values (--workers=N, --buffer-size=SIZE).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ucopy_cli {

// A plain decimal count ("64"). No sign, no spaces, no suffix; must fit in
// 32 bits. nullopt when the text is not such a number.
std::optional<uint32_t> parse_count(std::string_view text);

// A byte size with an optional binary suffix: "4096", "128K", "1M", "1G"
// (case-insensitive, K = 1024). nullopt on junk or overflow of 32 bits.
std::optional<uint32_t> parse_size(std::string_view text);

}  // namespace ucopy_cli
