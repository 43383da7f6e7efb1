// SPDX-License-Identifier: MIT
#include "large_file_helpers.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "support/prng.h"
#include "support/tree_compare.h"

namespace ucopy_e2e {

void write_sparse_file(const std::string &path, uint64_t size, const std::vector<Segment> &segments,
                       uint64_t seed) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0) << path << ": " << std::strerror(errno);
  ASSERT_EQ(ftruncate(fd, static_cast<off_t>(size)), 0) << std::strerror(errno);
  ucopy_test::Prng prng(seed);
  std::vector<char> buf(kMiB);
  for (const Segment &s : segments) {
    for (uint64_t done = 0; done < s.len;) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(kMiB, s.len - done));
      prng.fill(buf.data(), n);
      ASSERT_EQ(pwrite(fd, buf.data(), n, static_cast<off_t>(s.off + done)),
                static_cast<ssize_t>(n));
      done += n;
    }
  }
  ASSERT_EQ(fsync(fd), 0);  // allocation settled, so block counts mean something
  close(fd);
}

std::string content_difference(const std::string &a, const std::string &b) {
  return ucopy_test::compare_file_contents(AT_FDCWD, a, AT_FDCWD, b);
}

RunRecord copy_with(const std::string &src, const std::string &dst,
                    const std::function<void(ucopy_options &)> &edit) {
  CopySession session;
  edit(session.options);
  int rc = session.apply();
  EXPECT_EQ(rc, 0) << ucopy_last_error(session.handle());
  return session.run(src, dst);
}

std::vector<RecordedEvent> errors_for(const RunRecord &r, const std::string &name) {
  std::vector<RecordedEvent> out;
  for (const RecordedEvent &e : r.events_of_type(UCOPY_EVENT_ERROR)) {
    const std::string &p = e.src_path;
    if (p.size() >= name.size() && p.compare(p.size() - name.size(), name.size(), name) == 0)
      out.push_back(e);
  }
  return out;
}

}  // namespace ucopy_e2e
