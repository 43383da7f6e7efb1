// SPDX-License-Identifier: MIT
// ucopy_options_init(), UCOPY_OPTIONS_INIT and ucopy_set_options(): the
// defaults, the range checks and the size-based compatibility rules.
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>

#include <gtest/gtest.h>
#include <ucopy.h>

#include "c_side.h"
#include "handle.hpp"

namespace {

using capi::new_handle;

ucopy_options defaults() {
  ucopy_options o = UCOPY_OPTIONS_INIT;
  return o;
}

TEST(OptionsInit, FunctionEqualsMacroByteForByte) {
  const ucopy_options macro = UCOPY_OPTIONS_INIT;
  ucopy_options fn;
  std::memset(&fn, 0xA5, sizeof fn);  // so that a skipped field shows
  ASSERT_EQ(ucopy_options_init(&fn, sizeof fn), 0);
  EXPECT_EQ(std::memcmp(&macro, &fn, sizeof fn), 0);
}

// The same comparison with the macro expanded by a C compiler.
TEST(OptionsInit, FunctionEqualsMacroFromC) {
  const ucopy_options macro = capi_c_options_macro();
  ucopy_options fn;
  std::memset(&fn, 0x5A, sizeof fn);
  ASSERT_EQ(ucopy_options_init(&fn, sizeof fn), 0);
  EXPECT_EQ(std::memcmp(&macro, &fn, sizeof fn), 0);
}

TEST(OptionsInit, DefaultsAreTheDocumentedOnes) {
  ucopy_options o;
  ASSERT_EQ(ucopy_options_init(&o, sizeof o), 0);
  EXPECT_EQ(o.size, sizeof(ucopy_options));
  EXPECT_EQ(o.version, static_cast<uint32_t>(UCOPY_OPTIONS_VERSION));
  EXPECT_EQ(o.flags, UCOPY_F_ARCHIVE);
  EXPECT_EQ(o.overwrite, static_cast<uint32_t>(UCOPY_OVERWRITE_FAIL));
  EXPECT_EQ(o.workers, 0u);
  EXPECT_EQ(o.files_in_flight, 0u);
  EXPECT_EQ(o.queue_depth, 0u);
  EXPECT_EQ(o.buffer_size, 0u);
  EXPECT_EQ(o.progress_interval_ms, 0u);
}

TEST(OptionsInit, RejectsNullAndTooSmall) {
  EXPECT_EQ(ucopy_options_init(nullptr, sizeof(ucopy_options)), -EINVAL);
  ucopy_options o;
  EXPECT_EQ(ucopy_options_init(&o, 0), -EINVAL);
  // Four bytes cannot even hold `size` and `version`.
  EXPECT_EQ(ucopy_options_init(&o, sizeof(uint32_t)), -EINVAL);
}

// An older caller's struct ends before the newest fields: the library must
// not write past its end, and `size` must say how large it really is (a
// larger value would make ucopy_set_options() read past the caller's struct).
TEST(OptionsInit, ShortStructIsNotOverrun) {
  const size_t short_size = offsetof(ucopy_options, workers);
  unsigned char buf[sizeof(ucopy_options) + 16];
  std::memset(buf, 0xEE, sizeof buf);
  auto *o = reinterpret_cast<ucopy_options *>(buf);
  ASSERT_EQ(ucopy_options_init(o, short_size), 0);
  for (size_t i = short_size; i < sizeof buf; i++)
    ASSERT_EQ(buf[i], 0xEE) << "byte " << i << " written past size " << short_size;
  EXPECT_EQ(o->size, short_size);
  EXPECT_EQ(o->version, static_cast<uint32_t>(UCOPY_OPTIONS_VERSION));
  EXPECT_EQ(o->flags, UCOPY_F_ARCHIVE);
}

TEST(SetOptions, AcceptsTheDefaults) {
  auto h = new_handle();
  ASSERT_TRUE(h);
  const ucopy_options o = defaults();
  EXPECT_EQ(ucopy_set_options(h.get(), &o), 0) << ucopy_last_error(h.get());
}

struct Knob {
  const char *field;
  std::function<void(ucopy_options &, uint64_t)> set;
};

const Knob kFlags{"flags", [](ucopy_options &o, uint64_t v) { o.flags = v; }};
const Knob kOverwrite{"overwrite",
                      [](ucopy_options &o, uint64_t v) { o.overwrite = static_cast<uint32_t>(v); }};
const Knob kWorkers{"workers",
                    [](ucopy_options &o, uint64_t v) { o.workers = static_cast<uint32_t>(v); }};
const Knob kFilesInFlight{"files_in_flight", [](ucopy_options &o, uint64_t v) {
                            o.files_in_flight = static_cast<uint32_t>(v);
                          }};
const Knob kQueueDepth{
    "queue_depth", [](ucopy_options &o, uint64_t v) { o.queue_depth = static_cast<uint32_t>(v); }};
const Knob kBufferSize{
    "buffer_size", [](ucopy_options &o, uint64_t v) { o.buffer_size = static_cast<uint32_t>(v); }};
const Knob kProgressMs{"progress_interval_ms", [](ucopy_options &o, uint64_t v) {
                         o.progress_interval_ms = static_cast<uint32_t>(v);
                       }};

const Knob kCopyMethod{
    "copy_method", [](ucopy_options &o, uint64_t v) { o.copy_method = static_cast<uint32_t>(v); }};
const Knob kReflink{"reflink",
                    [](ucopy_options &o, uint64_t v) { o.reflink = static_cast<uint32_t>(v); }};
const Knob kSparse{"sparse",
                   [](ucopy_options &o, uint64_t v) { o.sparse = static_cast<uint32_t>(v); }};
const Knob kRegions{"regions",
                    [](ucopy_options &o, uint64_t v) { o.regions = static_cast<uint32_t>(v); }};
const Knob kRegionSize{"region_size", [](ucopy_options &o, uint64_t v) { o.region_size = v; }};
const Knob kRegionThreshold{"region_threshold",
                            [](ucopy_options &o, uint64_t v) { o.region_threshold = v; }};
const Knob kLinkMapLimit{"link_map_limit",
                         [](ucopy_options &o, uint64_t v) { o.link_map_limit = v; }};

struct Case {
  const Knob *knob;
  uint64_t value;
};

// Values just outside each documented range, and the extremes.
const Case kBadValues[] = {
    {&kOverwrite, UCOPY_OVERWRITE_SKIP + 1},
    {&kOverwrite, UINT32_MAX},
    {&kWorkers, UCOPY_WORKERS_MAX + 1},
    {&kWorkers, UINT32_MAX},
    {&kFilesInFlight, UCOPY_FILES_IN_FLIGHT_MAX + 1},
    {&kFilesInFlight, UINT32_MAX},
    {&kQueueDepth, 1},
    {&kQueueDepth, UCOPY_QUEUE_DEPTH_MIN - 1},
    {&kQueueDepth, UCOPY_QUEUE_DEPTH_MAX + 1},
    {&kBufferSize, 1},
    {&kBufferSize, UCOPY_BUFFER_SIZE_MIN - 1},
    {&kBufferSize, UCOPY_BUFFER_SIZE_MIN + 1},                // not a multiple of 4096
    {&kBufferSize, uint64_t{UCOPY_BUFFER_SIZE_MIN} * 3 / 2},  // 6144: in range, not a multiple
    {&kBufferSize, UCOPY_BUFFER_SIZE_MAX + 4096},
    {&kBufferSize, UINT32_MAX},
    {&kProgressMs, 1},
    {&kProgressMs, UCOPY_PROGRESS_INTERVAL_MIN_MS - 1},
    {&kProgressMs, UCOPY_PROGRESS_INTERVAL_MAX_MS + 1},
    {&kCopyMethod, UCOPY_COPY_READ_WRITE + 1},
    {&kCopyMethod, UINT32_MAX},
    {&kReflink, UCOPY_REFLINK_NEVER + 1},
    {&kSparse, UCOPY_SPARSE_NEVER + 1},
    {&kRegions, UCOPY_REGIONS_MAX + 1},
    {&kRegionSize, 4096},
    {&kRegionSize, UCOPY_REGION_ALIGN + 1},
    {&kRegionSize, UCOPY_REGION_ALIGN / 2 * 3},
    {&kLinkMapLimit, 1},
    {&kLinkMapLimit, UCOPY_LINK_MAP_LIMIT_MIN - 1},
};

TEST(SetOptions, RejectsEachOutOfRangeKnobAndNamesIt) {
  auto h = new_handle();
  ASSERT_TRUE(h);
  for (const Case &c : kBadValues) {
    ucopy_options o = defaults();
    c.knob->set(o, c.value);
    SCOPED_TRACE(std::string(c.knob->field) + " = " + std::to_string(c.value));
    EXPECT_EQ(ucopy_set_options(h.get(), &o), -EINVAL);
    const std::string msg = ucopy_last_error(h.get());
    EXPECT_NE(msg.find(c.knob->field), std::string::npos) << "message: " << msg;
    EXPECT_NE(msg.find(std::to_string(c.value)), std::string::npos) << "message: " << msg;
  }
}

// Unknown flag bits are refused, not ignored: a flag from a newer header that
// this library cannot honour must not be dropped silently.
TEST(SetOptions, RejectsUnknownFlagBits) {
  auto h = new_handle();
  ASSERT_TRUE(h);
  // The bit above the highest flag this version knows, and far ones.
  for (uint64_t bit : {uint64_t{UCOPY_F_FSYNC} << 1, uint64_t{UCOPY_F_NO_PRESCAN} << 1,
                       uint64_t{1} << 31, uint64_t{1} << 63}) {
    ucopy_options o = defaults();
    o.flags |= bit;
    EXPECT_EQ(ucopy_set_options(h.get(), &o), -EINVAL) << std::hex << bit;
    EXPECT_NE(std::string(ucopy_last_error(h.get())).find("flags"), std::string::npos)
        << ucopy_last_error(h.get());
  }
}

const Case kBoundaryValues[] = {
    {&kFlags, 0},
    {&kFlags, UCOPY_F_ARCHIVE | UCOPY_F_DEREFERENCE | UCOPY_F_DEREFERENCE_ARGS | UCOPY_F_DRY_RUN},
    {&kOverwrite, UCOPY_OVERWRITE_FAIL},
    {&kOverwrite, UCOPY_OVERWRITE_REPLACE},
    {&kOverwrite, UCOPY_OVERWRITE_SKIP},
    {&kWorkers, 0},
    {&kWorkers, 1},
    {&kWorkers, UCOPY_WORKERS_MAX},
    {&kFilesInFlight, 0},
    {&kFilesInFlight, 1},
    {&kFilesInFlight, UCOPY_FILES_IN_FLIGHT_MAX},
    {&kQueueDepth, 0},
    {&kQueueDepth, UCOPY_QUEUE_DEPTH_MIN},
    {&kQueueDepth, UCOPY_QUEUE_DEPTH_MAX},
    {&kBufferSize, 0},
    {&kBufferSize, UCOPY_BUFFER_SIZE_MIN},
    {&kBufferSize, UCOPY_BUFFER_SIZE_MAX},
    {&kProgressMs, 0},
    {&kProgressMs, UCOPY_PROGRESS_INTERVAL_MIN_MS},
    {&kProgressMs, UCOPY_PROGRESS_INTERVAL_MAX_MS},
    {&kFlags, UCOPY_F_ARCHIVE | UCOPY_F_VERIFY | UCOPY_F_NO_DIRECT_IO},
    {&kCopyMethod, UCOPY_COPY_AUTO},
    {&kCopyMethod, UCOPY_COPY_READ_WRITE},
    {&kReflink, UCOPY_REFLINK_ALWAYS},
    {&kReflink, UCOPY_REFLINK_NEVER},
    {&kSparse, UCOPY_SPARSE_ALWAYS},
    {&kSparse, UCOPY_SPARSE_NEVER},
    {&kRegions, 0},
    {&kRegions, 1},
    {&kRegions, UCOPY_REGIONS_MAX},
    {&kRegionSize, 0},
    {&kRegionSize, UCOPY_REGION_ALIGN},
    {&kRegionSize, uint64_t{UCOPY_REGION_ALIGN} * 1000},
    {&kRegionThreshold, 0},  // disables the split
    {&kRegionThreshold, 1},
    {&kRegionThreshold, UINT64_MAX},
    {&kLinkMapLimit, 0},  // unlimited
    {&kLinkMapLimit, UCOPY_LINK_MAP_LIMIT_MIN},
    {&kLinkMapLimit, UINT64_MAX},
};

// A clone required and a method without clones cannot both hold.
TEST(SetOptions, RejectsReflinkAlwaysWithAMethodWithoutClones) {
  auto h = new_handle();
  ASSERT_TRUE(h);
  for (uint32_t method : {UCOPY_COPY_FILE_RANGE, UCOPY_COPY_READ_WRITE}) {
    ucopy_options o = defaults();
    o.reflink = UCOPY_REFLINK_ALWAYS;
    o.copy_method = method;
    EXPECT_EQ(ucopy_set_options(h.get(), &o), -EINVAL) << method;
    EXPECT_NE(std::string(ucopy_last_error(h.get())).find("reflink"), std::string::npos);
  }
}

// The one knob whose default is not 0: init and the macro both write it.
TEST(OptionsInit, RegionThresholdDefault) {
  ucopy_options o;
  ASSERT_EQ(ucopy_options_init(&o, sizeof o), 0);
  EXPECT_EQ(o.region_threshold, UCOPY_REGION_THRESHOLD_DEFAULT);
  const ucopy_options m = UCOPY_OPTIONS_INIT;
  EXPECT_EQ(m.region_threshold, UCOPY_REGION_THRESHOLD_DEFAULT);
  EXPECT_EQ(std::memcmp(&o, &m, sizeof o), 0);
}

TEST(SetOptions, AcceptsBoundaryValues) {
  auto h = new_handle();
  ASSERT_TRUE(h);
  for (const Case &c : kBoundaryValues) {
    ucopy_options o = defaults();
    // The largest buffers fit UCOPY_BUFFER_MEMORY_MAX only with few files
    // in flight: 64 of them per worker would take 4 GiB each.
    if (c.knob == &kBufferSize) o.files_in_flight = 1;
    c.knob->set(o, c.value);
    EXPECT_EQ(ucopy_set_options(h.get(), &o), 0)
        << c.knob->field << " = " << c.value << ": " << ucopy_last_error(h.get());
  }
}

// A caller built against an older, shorter ucopy_options: whatever lies past
// its `size` is not its data and must be neither read nor validated. Filling
// that tail with values that would be rejected proves it is ignored.
TEST(SetOptions, ShorterStructGetsDefaultsForTheRest) {
  auto h = new_handle();
  ASSERT_TRUE(h);
  const size_t sizes[] = {
      offsetof(ucopy_options, overwrite),       offsetof(ucopy_options, workers),
      offsetof(ucopy_options, files_in_flight), offsetof(ucopy_options, queue_depth),
      offsetof(ucopy_options, buffer_size),     offsetof(ucopy_options, progress_interval_ms),
      offsetof(ucopy_options, copy_method),     offsetof(ucopy_options, region_threshold),
      offsetof(ucopy_options, link_map_limit),
  };
  for (size_t size : sizes) {
    ucopy_options o = defaults();
    std::memset(reinterpret_cast<unsigned char *>(&o) + size, 0xFF, sizeof o - size);
    o.size = static_cast<uint32_t>(size);
    EXPECT_EQ(ucopy_set_options(h.get(), &o), 0)
        << "size " << size << ": " << ucopy_last_error(h.get());
  }
}

// The same rule the other way round: with the full size, the same tail bytes
// are read and must be refused; otherwise the test above proves nothing.
TEST(SetOptions, FullStructWithGarbageTailIsRejected) {
  auto h = new_handle();
  ASSERT_TRUE(h);
  ucopy_options o = defaults();
  const size_t from = offsetof(ucopy_options, progress_interval_ms);
  std::memset(reinterpret_cast<unsigned char *>(&o) + from, 0xFF, sizeof o - from);
  EXPECT_EQ(ucopy_set_options(h.get(), &o), -EINVAL);
}

}  // namespace
