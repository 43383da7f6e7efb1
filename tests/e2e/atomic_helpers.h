/* SPDX-License-Identifier: MIT */
// Helpers of the UCOPY_F_ATOMIC tests: finding temporary names in a
// destination, files whose content says which version they are, and the
// reader that checks what it sees while a copy replaces them.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace ucopy_e2e {

// Every name below `root` (relative paths) that starts with ".ucopy-tmp.".
std::vector<std::string> temp_names_below(const std::string &root);

// A versioned file: `size_of(version)` bytes, every one of them `version`.
uint64_t versioned_size(char version, uint64_t base);
void write_versioned_file(const std::string &path, char version, uint64_t base);

// What one open and read of a versioned file showed.
enum class Seen { kMissing, kComplete, kPartial };
// Reads `path` whole: kMissing for ENOENT, kComplete when it is all one
// version's byte at that version's size (its version in `*version`),
// kPartial for anything else (short, long, mixed).
Seen look_at_versioned_file(const std::string &path, uint64_t base, char *version = nullptr);

// A thread that opens and reads `paths` in turn until stopped, counting
// what it saw.
class VersionReader {
 public:
  VersionReader(std::vector<std::string> paths, uint64_t base);
  ~VersionReader();
  VersionReader(const VersionReader &) = delete;
  VersionReader &operator=(const VersionReader &) = delete;
  // Stops and joins the thread; the counts are final afterwards.
  void stop();

  uint64_t looks() const { return looks_.load(); }
  uint64_t missing() const { return missing_.load(); }
  uint64_t partial() const { return partial_.load(); }
  uint64_t complete(char version) const;
  std::string first_partial() const { return first_partial_; }

 private:
  std::vector<std::string> paths_;
  uint64_t base_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> looks_{0};
  std::atomic<uint64_t> missing_{0};
  std::atomic<uint64_t> partial_{0};
  std::atomic<uint64_t> a_{0};
  std::atomic<uint64_t> b_{0};
  std::string first_partial_;  // written by the thread before partial_ grows
  std::thread thread_;
};

}  // namespace ucopy_e2e
