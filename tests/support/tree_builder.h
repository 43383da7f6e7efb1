/* SPDX-License-Identifier: MIT */
// Building source trees for copy tests. Every function works relative to a
// directory fd and takes a name (or a short relative path), so trees can grow
// deeper than PATH_MAX. All of them throw on failure.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "support/unique_fd.h"

namespace ucopy_test {

// Opens an existing directory (no symlink following at the last step).
UniqueFd open_dir(int dirfd, const std::string &name);
UniqueFd open_dir(const std::string &path);

// Creates (or truncates) a regular file holding exactly `bytes`, then sets
// `mode` explicitly so the umask does not matter.
void write_file(int dirfd, const std::string &name, std::string_view bytes, mode_t mode = 0644);

// A file of `size` bytes from Prng(seed), written in 1 MiB blocks so that
// even a GiB takes little memory.
void write_random_file(int dirfd, const std::string &name, uint64_t size, uint64_t seed,
                       mode_t mode = 0644);

// Creates a directory with exactly `mode` and returns an fd of it.
UniqueFd make_dir(int dirfd, const std::string &name, mode_t mode = 0755);

void make_symlink(int dirfd, const std::string &name, const std::string &target);

void make_fifo(int dirfd, const std::string &name, mode_t mode = 0644);

void make_hardlink(int dirfd, const std::string &existing, const std::string &name);

void set_mode(int dirfd, const std::string &name, mode_t mode);

// Times in nanoseconds; works on symlinks themselves (AT_SYMLINK_NOFOLLOW).
void set_times(int dirfd, const std::string &name, const timespec &atime, const timespec &mtime);

// Creates `depth` nested directories each called `component` below dirfd and
// returns an fd of the deepest one. Uses openat step by step, so the total
// path length is unlimited.
UniqueFd make_deep_chain(int dirfd, const std::string &component, int depth);

// Gives every entry below dirfd (and nothing above it) its own mtime and
// atime with non-zero nanoseconds, derived from `seed`. Times lie in the past
// except when atime_in_future is set: then atimes are an hour ahead, which
// keeps relatime from bumping them when the tree is read (a copy that keeps
// atimes can then be checked exactly). Directories are stamped after their
// contents, which is also what a faithful copy has to do.
void stamp_times(int dirfd, uint64_t seed, bool atime_in_future = false);

// stamp_times() below `root`, then `root` itself: the whole tree a copy starts at.
void stamp_tree_times(const std::string &root, uint64_t seed, bool atime_in_future = false);

// Reads a whole (small) file into memory.
std::string read_file(int dirfd, const std::string &name);

}  // namespace ucopy_test
