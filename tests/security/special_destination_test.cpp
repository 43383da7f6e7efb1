// SPDX-License-Identifier: MIT
// Not a race: a top-level destination that already exists as a FIFO or a
// character device is written into, as `cp FILE /dev/null` does, and is
// still the same FIFO or device afterwards (never replaced by a file).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <string>

#include "copy_runner.h"
#include "race_fixture.h"
#include "race_tree.h"
#include "support/sys_error.h"
#include "support/unique_fd.h"

namespace ucopy_security {
namespace {

// A plain `cp FILE DEST`: no metadata kept, an existing destination replaced.
const CopySpec kPlainReplace{0, UCOPY_UPDATE_NONE, UCOPY_OVERWRITE_REPLACE};

class SpecialDestination : public RaceTest {};

TEST_F(SpecialDestination, FifoIsWrittenInto) {
  const std::string file = path("file");
  const std::string fifo = path("fifo");
  root_file(file, "hello", 0644);
  if (mkfifo(fifo.c_str(), 0600) != 0) ucopy_test::throw_errno("mkfifo " + fifo);
  // A reader that is there already (O_NONBLOCK: no writer needed to open),
  // so that the copy's open for writing does not wait.
  ucopy_test::UniqueFd reader(open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  ASSERT_TRUE(reader.valid());
  const CopyOutcome out = run_copy(kPlainReplace, file, fifo);
  struct stat st {};
  ASSERT_EQ(lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode))
      << "the FIFO was replaced (mode 0" << std::oct << st.st_mode << ")";
  char buf[16] = {};
  const ssize_t n = read(reader.get(), buf, sizeof buf);
  EXPECT_EQ(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0), "hello")
      << "rc " << out.rc << ": " << out.first_error;
}

TEST_F(SpecialDestination, CharacterDeviceStaysADevice) {
  const std::string file = path("file");
  const std::string dev = path("null");  // a private /dev/null, never the real one
  root_file(file, "hello", 0644);
  if (mknod(dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) ucopy_test::throw_errno("mknod");
  const CopyOutcome out = run_copy(kPlainReplace, file, dev);
  struct stat st {};
  ASSERT_EQ(lstat(dev.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3))
      << "the device was replaced (mode 0" << std::oct << st.st_mode << ")";
  EXPECT_EQ(out.rc, 0) << out.first_error;
}

}  // namespace
}  // namespace ucopy_security
