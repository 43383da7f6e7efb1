// SPDX-License-Identifier: MIT
// The public structs are an ABI: bindings declare them field by field, and
// programs built against today's header must keep working with later
// libraries. These checks pin the x86-64/aarch64 (LP64) layout so that an
// accidental reorder or type change fails here instead of in a binding.
#include <cstddef>
#include <cstdint>

#include <gtest/gtest.h>
#include <ucopy.h>

#include "c_side.h"

namespace {

constexpr bool kLp64 = sizeof(void *) == 8 && sizeof(long) == 8;

TEST(AbiLayout, Options) {
  if (!kLp64) GTEST_SKIP() << "layout pinned for LP64 only";
  EXPECT_EQ(sizeof(ucopy_options), 120u);
  EXPECT_EQ(offsetof(ucopy_options, size), 0u);
  EXPECT_EQ(offsetof(ucopy_options, version), 4u);
  EXPECT_EQ(offsetof(ucopy_options, flags), 8u);
  EXPECT_EQ(offsetof(ucopy_options, overwrite), 16u);
  EXPECT_EQ(offsetof(ucopy_options, workers), 20u);
  EXPECT_EQ(offsetof(ucopy_options, files_in_flight), 24u);
  EXPECT_EQ(offsetof(ucopy_options, queue_depth), 28u);
  EXPECT_EQ(offsetof(ucopy_options, buffer_size), 32u);
  EXPECT_EQ(offsetof(ucopy_options, progress_interval_ms), 36u);
  EXPECT_EQ(offsetof(ucopy_options, owner_policy), 40u);
  EXPECT_EQ(offsetof(ucopy_options, reserved0), 44u);
  EXPECT_EQ(offsetof(ucopy_options, copy_method), 48u);
  EXPECT_EQ(offsetof(ucopy_options, reflink), 52u);
  EXPECT_EQ(offsetof(ucopy_options, sparse), 56u);
  EXPECT_EQ(offsetof(ucopy_options, regions), 60u);
  EXPECT_EQ(offsetof(ucopy_options, region_threshold), 64u);
  EXPECT_EQ(offsetof(ucopy_options, region_size), 72u);
  EXPECT_EQ(offsetof(ucopy_options, update), 80u);
  EXPECT_EQ(offsetof(ucopy_options, reserved1), 84u);
  EXPECT_EQ(offsetof(ucopy_options, flags_set), 88u);
  EXPECT_EQ(offsetof(ucopy_options, flags_clear), 96u);
  // Version 4 appended these.
  EXPECT_EQ(offsetof(ucopy_options, digest), 104u);
  EXPECT_EQ(offsetof(ucopy_options, reserved2), 108u);
  EXPECT_EQ(offsetof(ucopy_options, link_map_limit), 112u);
}

TEST(AbiLayout, Progress) {
  if (!kLp64) GTEST_SKIP() << "layout pinned for LP64 only";
  EXPECT_EQ(sizeof(ucopy_progress), 88u);
  EXPECT_EQ(offsetof(ucopy_progress, finished), 4u);
  EXPECT_EQ(offsetof(ucopy_progress, files_done), 8u);
  EXPECT_EQ(offsetof(ucopy_progress, elapsed_ns), 40u);
  // 0.2 appended these; the first 48 bytes are 0.1's.
  EXPECT_EQ(offsetof(ucopy_progress, totals_final), 48u);
  EXPECT_EQ(offsetof(ucopy_progress, phase), 52u);
  EXPECT_EQ(offsetof(ucopy_progress, bytes_per_sec), 56u);
  EXPECT_EQ(offsetof(ucopy_progress, files_failed), 64u);
  EXPECT_EQ(offsetof(ucopy_progress, files_skipped), 72u);
  EXPECT_EQ(offsetof(ucopy_progress, current_path), 80u);
}

TEST(AbiLayout, Event) {
  if (!kLp64) GTEST_SKIP() << "layout pinned for LP64 only";
  EXPECT_EQ(sizeof(ucopy_event), 96u);
  EXPECT_EQ(offsetof(ucopy_event, code), 8u);
  EXPECT_EQ(offsetof(ucopy_event, file_type), 12u);
  EXPECT_EQ(offsetof(ucopy_event, src_path), 16u);
  EXPECT_EQ(offsetof(ucopy_event, message), 40u);
  EXPECT_EQ(offsetof(ucopy_event, bytes), 48u);
  // 0.2 appended the digest; the first 56 bytes are 0.1's.
  EXPECT_EQ(offsetof(ucopy_event, digest_len), 56u);
  EXPECT_EQ(offsetof(ucopy_event, digest_type), 60u);
  EXPECT_EQ(offsetof(ucopy_event, digest), 64u);
  EXPECT_EQ(sizeof(ucopy_event::digest), size_t{UCOPY_DIGEST_MAX_LEN});
}

TEST(AbiLayout, Stats) {
  if (!kLp64) GTEST_SKIP() << "layout pinned for LP64 only";
  EXPECT_EQ(sizeof(ucopy_stats), 184u);
  EXPECT_EQ(offsetof(ucopy_stats, files), 8u);
  EXPECT_EQ(offsetof(ucopy_stats, failures), 48u);
  EXPECT_EQ(offsetof(ucopy_stats, io_uring_enters), 88u);
  EXPECT_EQ(offsetof(ucopy_stats, files_reflinked), 96u);
  EXPECT_EQ(offsetof(ucopy_stats, bytes_read_write), 136u);
  EXPECT_EQ(offsetof(ucopy_stats, files_verified), 152u);
  EXPECT_EQ(offsetof(ucopy_stats, up_to_date), 160u);
  EXPECT_EQ(offsetof(ucopy_stats, deleted), 168u);
  EXPECT_EQ(offsetof(ucopy_stats, filtered), 176u);
}

// C and C++ must agree on every size, on any platform.
TEST(AbiLayout, CAndCxxAgree) {
  EXPECT_EQ(capi_c_sizeof_options(), sizeof(ucopy_options));
  EXPECT_EQ(capi_c_sizeof_progress(), sizeof(ucopy_progress));
  EXPECT_EQ(capi_c_sizeof_event(), sizeof(ucopy_event));
  EXPECT_EQ(capi_c_sizeof_stats(), sizeof(ucopy_stats));
  EXPECT_EQ(capi_c_offsetof_event_bytes(), offsetof(ucopy_event, bytes));
}

// Constants that are defined in terms of each other must stay consistent.
TEST(AbiLayout, DerivedConstants) {
  EXPECT_EQ(UCOPY_F_ARCHIVE, UCOPY_F_RECURSIVE | UCOPY_F_PRESERVE_MODE | UCOPY_F_PRESERVE_TIMES |
                                 UCOPY_F_PRESERVE_OWNER | UCOPY_F_PRESERVE_HARDLINKS |
                                 UCOPY_F_PRESERVE_XATTRS | UCOPY_F_PRESERVE_ACLS |
                                 UCOPY_F_COPY_SPECIALS | UCOPY_F_COPY_DEVICES);
  EXPECT_EQ(UCOPY_F_ARCHIVE & UCOPY_F_NOATIME, 0u) << "O_NOATIME is opt-in, as in rsync";
  EXPECT_EQ(UCOPY_F_ARCHIVE & UCOPY_F_ATOMIC, 0u) << "atomic replace is opt-in";
  EXPECT_EQ(UCOPY_EVENT_MASK_ERROR, 1u << UCOPY_EVENT_ERROR);
  EXPECT_EQ(UCOPY_EVENT_MASK_WARNING, 1u << UCOPY_EVENT_WARNING);
  EXPECT_EQ(UCOPY_EVENT_MASK_SKIPPED, 1u << UCOPY_EVENT_SKIPPED);
  EXPECT_EQ(UCOPY_EVENT_MASK_COPIED, 1u << UCOPY_EVENT_COPIED);
  EXPECT_EQ(UCOPY_EVENT_MASK_DELETED, 1u << UCOPY_EVENT_DELETED);
  // Every flag is one distinct bit.
  const uint64_t flags[] = {UCOPY_F_RECURSIVE,       UCOPY_F_PRESERVE_MODE,
                            UCOPY_F_PRESERVE_TIMES,  UCOPY_F_PRESERVE_OWNER,
                            UCOPY_F_DEREFERENCE,     UCOPY_F_DEREFERENCE_ARGS,
                            UCOPY_F_DRY_RUN,         UCOPY_F_PRESERVE_HARDLINKS,
                            UCOPY_F_PRESERVE_XATTRS, UCOPY_F_PRESERVE_ACLS,
                            UCOPY_F_COPY_SPECIALS,   UCOPY_F_COPY_DEVICES,
                            UCOPY_F_NOATIME,         UCOPY_F_VERIFY,
                            UCOPY_F_DELETE,          UCOPY_F_NO_DIRECT_IO,
                            UCOPY_F_FSYNC,           UCOPY_F_ONE_FILE_SYSTEM,
                            UCOPY_F_NO_WRITE_BEHIND, UCOPY_F_ATOMIC};
  uint64_t seen = 0;
  for (uint64_t f : flags) {
    EXPECT_EQ(f & (f - 1), 0u) << f << " is not a single bit";
    EXPECT_EQ(seen & f, 0u) << f << " reused";
    seen |= f;
  }
  EXPECT_EQ(UCOPY_BUFFER_SIZE_MIN % 4096, 0u);
  EXPECT_EQ(UCOPY_REGION_THRESHOLD_DEFAULT % UCOPY_REGION_ALIGN, 0u);
  EXPECT_GE(UCOPY_F_VERIFY, 0x10000u);  // bits below belong to the metadata flags
  EXPECT_EQ(UCOPY_BUFFER_SIZE_MAX % 4096, 0u);
}

}  // namespace
