// SPDX-License-Identifier: MIT
#include "support/temp_dir.h"

#include <fcntl.h>
#include <stdlib.h>

#include <cstdio>
#include <exception>
#include <vector>

#include "support/remove_tree.h"
#include "support/sys_error.h"

namespace ucopy_test {

TempDir::TempDir(const std::string &prefix) {
  const char *base = ::getenv("UCOPY_TEST_TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/" + prefix + ".XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) throw_errno("mkdtemp " + tmpl);
  path_ = buf.data();
}

TempDir::~TempDir() {
  try {
    remove_tree(path_);
  } catch (const std::exception &e) {
    // A destructor must not throw; leaving litter is better than aborting.
    std::fprintf(stderr, "warning: could not remove %s: %s\n", path_.c_str(), e.what());
  }
}

int TempDir::open_fd() const {
  int fd = ::open(path_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_errno("open " + path_);
  return fd;
}

}  // namespace ucopy_test
