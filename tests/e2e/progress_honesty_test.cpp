// SPDX-License-Identifier: MIT
// The judge of progress honesty on a large tree (50k entries, 500 MB): in
// the "large" executable and label, as it writes half a gigabyte.
#include <fcntl.h>
#include <sys/stat.h>

#include <cmath>
#include <fstream>
#include <string>

#include "e2e_fixture.h"
#include "support/prng.h"
#include "support/tree_builder.h"
#include "support/tree_counts.h"

namespace ucopy_e2e {
namespace {

using ucopy_test::count_tree;

// Bytes this process has caused to be written to storage (page cache
// dirtied or direct I/O), io_uring's kernel threads included: a measure of
// the copy's progress that does not come from the library.
uint64_t process_write_bytes() {
  std::ifstream io("/proc/self/io");
  std::string key;
  uint64_t value = 0;
  while (io >> key >> value)
    if (key == "write_bytes:") return value;
  return 0;
}

// 50 directories of 1000 files of 4 KiB and one of 6 MiB each: 50,101
// entries, 519 MB. Slices of one random block: random enough for the copy,
// and quick to write (a PRNG per file took 40 s here).
void build_honesty_tree(const std::string &root) {
  ASSERT_EQ(::mkdir(root.c_str(), 0755), 0);
  std::vector<char> block(size_t{8} << 20);
  ucopy_test::Prng(7).fill(block.data(), block.size());
  const size_t large = size_t{6} << 20;
  ucopy_test::UniqueFd top = ucopy_test::open_dir(root);
  for (int d = 0; d < 50; d++) {
    ucopy_test::UniqueFd dir = ucopy_test::make_dir(top.get(), "d" + std::to_string(d));
    for (int f = 0; f < 1000; f++) {
      const size_t at = (size_t(d) * 1000 + size_t(f)) * 64 % (block.size() - 4096);
      ucopy_test::write_file(dir.get(), "f" + std::to_string(f),
                             std::string_view(block.data() + at, 4096));
    }
    ucopy_test::write_file(dir.get(), "large", std::string_view(block.data() + d, large));
  }
}

struct Sample {
  ucopy_progress p{};
  uint64_t written = 0;  // process_write_bytes() since the run started
};

class LargeTree : public E2eTest {};

// The judge of honesty: on a tree of 50k entries and 500 MB, warm,
// the totals are final before half of the run's time, and from then on the
// percentage is within 5 points of the bytes the process has really written.
TEST_F(LargeTree, ProgressIsHonest) {
  build_honesty_tree(src);
  const ucopy_test::TreeCounts c = count_tree(src);
  ASSERT_GE(c.entries(), 50000u);
  ASSERT_GE(c.bytes, 500000000u);
  CopySession session;
  session.options.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MIN_MS;
  session.options.flags_set = UCOPY_F_NO_DIRECT_IO;  // all data through the page cache
  ASSERT_EQ(session.apply(), 0);
  std::vector<Sample> samples;
  const uint64_t written_before = process_write_bytes();
  session.on_progress = [&](const ucopy_progress &p) {
    samples.push_back(Sample{p, process_write_bytes() - written_before});
    return 0;
  };
  RunRecord r = session.run(src, dst);
  // The process also dirties metadata blocks (inodes, directories), about
  // 6% more than the data here, spread over the run like the files: the
  // real fraction is of everything the run wrote.
  const uint64_t written_in_all = process_write_bytes() - written_before;
  EXPECT_CLEAN_RUN(r);
  ASSERT_GE(written_in_all, c.bytes) << "/proc/self/io does not count this copy's writes";
  ASSERT_GE(samples.size(), 10u);
  const uint64_t run_ns = samples.back().p.elapsed_ns;
  const Sample *final_at = nullptr;
  for (const Sample &s : samples)
    if (s.p.totals_final && final_at == nullptr) final_at = &s;
  ASSERT_NE(final_at, nullptr);
  EXPECT_LT(final_at->p.elapsed_ns, run_ns / 2)
      << "totals final after " << final_at->p.elapsed_ns / 1000000 << " of " << run_ns / 1000000
      << " ms";
  EXPECT_EQ(final_at->p.bytes_total, c.bytes);
  int judged = 0;
  for (const Sample &s : samples) {
    if (!s.p.totals_final || s.p.finished) continue;
    const double reported = 100.0 * double(s.p.bytes_done) / double(s.p.bytes_total);
    const double real = 100.0 * double(s.written) / double(written_in_all);
    EXPECT_LE(std::fabs(reported - real), 5.0)
        << "at " << s.p.elapsed_ns / 1000000 << " ms: " << reported << "% reported, " << real
        << "% written";
    judged++;
  }
  EXPECT_GE(judged, 5);
  EXPECT_SAME_TREE(src, dst);
}

}  // namespace
}  // namespace ucopy_e2e
