// SPDX-License-Identifier: MIT
// A temporary directory under /tmp that removes itself, and small helpers to
// build test trees in it.
#pragma once

#include <sys/types.h>

#include <string>

namespace cli_test {

class TempDir {
 public:
  TempDir();  // mkdtemp("/tmp/ucopy-cli-XXXXXX"); throws on failure
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  const std::string &path() const { return path_; }
  // path() + "/" + relative
  std::string operator/(const std::string &relative) const { return path_ + "/" + relative; }

 private:
  std::string path_;
};

// Each throws std::runtime_error naming the path on failure.
void write_file(const std::string &path, const std::string &content, mode_t mode = 0644);
std::string read_file(const std::string &path);
void make_dir(const std::string &path, mode_t mode = 0755);
void make_symlink(const std::string &target, const std::string &path);
// Sets atime and mtime (not following symlinks).
void set_times(const std::string &path, time_t seconds, long nanoseconds);
// chmod after creation, so the umask does not interfere.
void set_mode(const std::string &path, mode_t mode);
bool exists(const std::string &path);  // lstat succeeds
bool is_dir(const std::string &path);  // lstat says directory
// chown -R (not following symlinks).
void chown_tree(const std::string &path, uid_t uid, gid_t gid);
// Number of entries in a directory, without "." and "..".
size_t count_entries(const std::string &dir);
// Bytes that are not all printable, for file contents of several sizes.
std::string pattern_bytes(size_t size, unsigned seed);

}  // namespace cli_test
