// SPDX-License-Identifier: MIT
// Every file in flight holds two plain descriptors (source and copy) for
// its metadata calls: a low RLIMIT_NOFILE must shrink the number in flight,
// not fail files with EMFILE.
#include <sys/resource.h>

#include <filesystem>
#include <fstream>

#include "e2e_fixture.h"

namespace ucopy_e2e {
namespace {

class FdLimit : public E2eTest {};

// Restores the soft limit when the test ends, whatever happens.
struct SoftNofile {
  rlimit saved{};
  explicit SoftNofile(rlim_t soft) {
    getrlimit(RLIMIT_NOFILE, &saved);
    rlimit low = saved;
    low.rlim_cur = soft;
    setrlimit(RLIMIT_NOFILE, &low);
  }
  ~SoftNofile() { setrlimit(RLIMIT_NOFILE, &saved); }
  SoftNofile(const SoftNofile &) = delete;
  SoftNofile &operator=(const SoftNofile &) = delete;
};

TEST_F(FdLimit, LowSoftLimitShrinksFilesInFlightInsteadOfFailing) {
  for (int d = 0; d < 4; ++d) {
    const std::filesystem::path dir = std::filesystem::path(src) / ("d" + std::to_string(d));
    std::filesystem::create_directories(dir);
    for (int f = 0; f < 300; ++f)
      std::ofstream(dir / ("f" + std::to_string(f))) << "file " << d << '/' << f << '\n';
  }
  protect_source();
  // 8 workers x 64 files x 2 descriptors would be 1024; the limit is 128.
  SoftNofile limit(128);
  CopySession session;
  session.options.workers = 8;
  session.options.files_in_flight = 64;
  ASSERT_EQ(session.apply(), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.files, 1200u) << r.describe_events();
  EXPECT_SAME_TREE(src, dst);
}

}  // namespace
}  // namespace ucopy_e2e
