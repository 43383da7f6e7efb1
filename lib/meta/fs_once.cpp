// SPDX-License-Identifier: MIT
#include "meta/fs_once.hpp"

#include <sys/stat.h>

namespace ucopy_impl {

bool OncePerFilesystem::first(int fd, const std::string &what) {
  struct stat st {};
  dev_t dev = fstat(fd, &st) == 0 ? st.st_dev : 0;
  std::lock_guard<std::mutex> lk(mu_);
  return seen_.emplace(dev, what).second;
}

}  // namespace ucopy_impl
