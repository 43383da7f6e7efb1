// SPDX-License-Identifier: MIT
// ucopy_set_options() refuses every out-of-range knob with -EINVAL, names the
// field in the last error, and leaves the handle working with its old options.
#include <fcntl.h>

#include <cerrno>

#include "e2e_fixture.h"
#include "sample_trees.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

struct BadOption {
  const char *label;
  const char *field;  // expected in the last-error message
  void (*apply)(ucopy_options &);
};

const BadOption kBadOptions[] = {
    {"workers_too_many", "workers", [](ucopy_options &o) { o.workers = UCOPY_WORKERS_MAX + 1; }},
    {"files_in_flight_too_many", "files_in_flight",
     [](ucopy_options &o) { o.files_in_flight = UCOPY_FILES_IN_FLIGHT_MAX + 1; }},
    {"queue_depth_too_small", "queue_depth",
     [](ucopy_options &o) { o.queue_depth = UCOPY_QUEUE_DEPTH_MIN - 1; }},
    {"queue_depth_too_large", "queue_depth",
     [](ucopy_options &o) { o.queue_depth = UCOPY_QUEUE_DEPTH_MAX + 1; }},
    {"buffer_size_too_small", "buffer_size", [](ucopy_options &o) { o.buffer_size = 2048; }},
    {"buffer_size_not_multiple_of_4096", "buffer_size",
     [](ucopy_options &o) { o.buffer_size = 4096 + 512; }},
    {"buffer_size_too_large", "buffer_size",
     [](ucopy_options &o) { o.buffer_size = UCOPY_BUFFER_SIZE_MAX + 4096; }},
    {"progress_interval_too_small", "progress_interval_ms",
     [](ucopy_options &o) { o.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MIN_MS - 1; }},
    {"progress_interval_too_large", "progress_interval_ms",
     [](ucopy_options &o) { o.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MAX_MS + 1; }},
    {"overwrite_unknown", "overwrite", [](ucopy_options &o) { o.overwrite = 3; }},
    {"flags_unknown_bit", "flags", [](ucopy_options &o) { o.flags |= 1ull << 40; }},
};

class InvalidOptions : public E2eTest, public ::testing::WithParamInterface<BadOption> {};

TEST_P(InvalidOptions, RejectedAndHandleStillUsable) {
  const BadOption &bad = GetParam();
  build_sized_files(src);
  protect_source();
  CopySession session;
  // A valid, non-default setting that must survive the rejected call.
  session.options.overwrite = UCOPY_OVERWRITE_SKIP;
  session.options.workers = 1;
  ASSERT_EQ(session.apply(), 0);

  ucopy_options bad_opts = session.options;
  bad.apply(bad_opts);
  EXPECT_EQ(ucopy_set_options(session.handle(), &bad_opts), -EINVAL);
  std::string message = ucopy_last_error(session.handle());
  EXPECT_NE(message.find(bad.field), std::string::npos)
      << "last error should name the field '" << bad.field << "': '" << message << "'";

  // The handle still copies, with the earlier options: SKIP keeps a file
  // that FAIL (the default) would have reported.
  ucopy_test::UniqueFd d = ucopy_test::make_dir(AT_FDCWD, dst, 0755);
  ucopy_test::write_file(d.get(), "size-1", "X");
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.skipped, 1u) << "the rejected options replaced the previous ones";
  EXPECT_EQ(ucopy_test::read_file(d.get(), "size-1"), "X");
}

INSTANTIATE_TEST_SUITE_P(EachField, InvalidOptions, ::testing::ValuesIn(kBadOptions),
                         [](const auto &p) { return std::string(p.param.label); });

TEST(OptionsInit, RejectsNullAndTooSmall) {
  ucopy_options o;
  EXPECT_EQ(ucopy_options_init(nullptr, sizeof o), -EINVAL);
  EXPECT_EQ(ucopy_options_init(&o, 4), -EINVAL);
  EXPECT_EQ(ucopy_options_init(&o, sizeof o), 0);
}

}  // namespace
}  // namespace ucopy_e2e
