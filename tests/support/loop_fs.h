/* SPDX-License-Identifier: MIT */
// A real filesystem of a given type and size for one test: an image file,
// mkfs, a loop device and a mount, all undone by the destructor. Needs root
// (or CAP_SYS_ADMIN) and the mkfs tool; LoopFs::make() says why when it
// cannot, so that tests can GTEST_SKIP with that reason.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ucopy_test {

struct LoopFsOptions {
  std::vector<std::string> mkfs_args;  // extra arguments for mkfs.<type>
  std::string mount_options;           // extra -o options ("" for none)
  bool direct_io = false;              // loop device with --direct-io=on
};

class LoopFs {
 public:
  // Makes a `type` filesystem ("ext4", "xfs", "btrfs", ...) of `size` bytes
  // and mounts it on a fresh directory. Returns nullptr and the reason in
  // `why` when that is not possible here.
  static std::unique_ptr<LoopFs> make(const std::string &type, uint64_t size, std::string &why,
                                      const LoopFsOptions &options = {});
  LoopFs(const LoopFs &) = delete;
  LoopFs &operator=(const LoopFs &) = delete;
  ~LoopFs();  // unmounts, detaches the loop device, removes the image

  const std::string &path() const { return mnt_; }  // the mount point
  std::string operator/(const std::string &rel) const { return mnt_ + "/" + rel; }
  const std::string &type() const { return type_; }
  // Bytes used and free on the filesystem now (statvfs).
  uint64_t used_bytes() const;
  uint64_t free_bytes() const;

 private:
  LoopFs() = default;
  std::string base_;  // holds the image and the mount point
  std::string image_;
  std::string mnt_;
  std::string dev_;
  std::string type_;
  bool mounted_ = false;
};

// Runs argv[0] (searched in PATH) with stdin from /dev/null; returns its
// exit status (or -1 if it could not run) and its stdout and stderr in `output`.
int run_program(const std::vector<std::string> &argv, std::string *output = nullptr);

// Bytes allocated to a file (st_blocks x 512).
uint64_t allocated_bytes(const std::string &path);

}  // namespace ucopy_test
