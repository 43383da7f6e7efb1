/* SPDX-License-Identifier: MIT */
// A fresh directory per test, removed with everything in it afterwards.
#pragma once

#include <string>

namespace ucopy_test {

// Created with mkdtemp under $UCOPY_TEST_TMPDIR (default /tmp); the
// destructor removes the whole tree, however deep or read-only it became.
class TempDir {
 public:
  explicit TempDir(const std::string &prefix = "ucopy-test");
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  ~TempDir();

  const std::string &path() const { return path_; }
  // path() + "/" + rel
  std::string operator/(const std::string &rel) const { return path_ + "/" + rel; }
  // An O_DIRECTORY fd of the directory; the caller closes it.
  int open_fd() const;

 private:
  std::string path_;
};

}  // namespace ucopy_test
