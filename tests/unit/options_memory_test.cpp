// SPDX-License-Identifier: MIT
// The bound on a run's buffer memory: each knob may be in range while
// their product is not; resolve_options() refuses that with a message that
// names the figures and the limit.
#include <gtest/gtest.h>

#include <string>

#include "common/config.hpp"

namespace {

using ucopy_impl::Config;
using ucopy_impl::resolve_options;

ucopy_options options(uint32_t workers, uint32_t files, uint32_t buffer, uint32_t regions) {
  ucopy_options o;
  ucopy_impl::default_options(&o);
  o.workers = workers;
  o.files_in_flight = files;
  o.buffer_size = buffer;
  o.regions = regions;
  return o;
}

TEST(OptionsMemory, DefaultsAndLargeSingleKnobsPass) {
  Config c;
  std::string err;
  const ucopy_options defaults = options(0, 0, 0, 0);
  EXPECT_TRUE(resolve_options(&defaults, c, err)) << err;
  const ucopy_options many_workers = options(UCOPY_WORKERS_MAX, 0, 0, UCOPY_REGIONS_MAX);
  EXPECT_TRUE(resolve_options(&many_workers, c, err)) << err;
  const ucopy_options big_buffers = options(1, 1, UCOPY_BUFFER_SIZE_MAX, 0);
  EXPECT_TRUE(resolve_options(&big_buffers, c, err)) << err;
}

TEST(OptionsMemory, EveryKnobAtItsMaximumIsRefusedWithTheFigures) {
  Config c;
  std::string err;
  const ucopy_options o =
      options(UCOPY_WORKERS_MAX, UCOPY_FILES_IN_FLIGHT_MAX, UCOPY_BUFFER_SIZE_MAX, 4);
  EXPECT_FALSE(resolve_options(&o, c, err));
  EXPECT_NE(err.find("256 workers x 4096 files in flight x 67108864-byte buffers + 4 regions x "
                     "2 MiB"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("limit of 4096 MiB (UCOPY_BUFFER_MEMORY_MAX)"), std::string::npos) << err;
}

TEST(OptionsMemory, TheLimitIsInclusive) {
  Config c;
  std::string err;
  // 4088 x 1 MiB + 4 helpers x 2 MiB = 4 GiB exactly.
  const ucopy_options at_limit = options(1, 4088, 1u << 20, 4);
  EXPECT_TRUE(resolve_options(&at_limit, c, err)) << err;
  const ucopy_options over = options(1, 4089, 1u << 20, 4);
  EXPECT_FALSE(resolve_options(&over, c, err));
  EXPECT_NE(err.find("4097 MiB"), std::string::npos) << err;
}

}  // namespace
