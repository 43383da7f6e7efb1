/* SPDX-License-Identifier: MIT */
// Comparing a copied tree with its source, entry by entry, through dirfds
// (openat/fstatat/readlinkat/getdents64), so depth beyond PATH_MAX is fine.
// The result is a list of readable differences; a faithful copy gives none.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

namespace ucopy_test {

struct CompareOptions {
  bool mode = true;    // all 07777 bits (not for symlinks, whose mode is fixed)
  bool mtime = true;   // nanoseconds, for every entry type including symlinks
  bool atime = false;  // nanoseconds; only meaningful if reading did not bump them
  bool owner = true;   // uid and gid
  // Every extended attribute, name and value, POSIX ACLs included.
  bool xattrs = true;
  // Compare with what the source's symlinks point to, as a copy made with
  // UCOPY_F_DEREFERENCE must look.
  bool follow_source_symlinks = false;
  // For a destination left by a stopped run: entries may be missing, and a
  // regular file is only checked when its mtime already equals the source's
  // (it claims to be complete, so it has to be). Directory metadata is not
  // checked. Entries the source does not have are still reported.
  bool partial_destination = false;
  // With partial_destination: hold every regular file that exists to the
  // source's full size and content, whatever its mtime (for engines that
  // promise to remove partial files).
  bool partial_files_complete = false;
  // Relative paths (as in the messages, without a leading "./") left out on
  // both sides, subtree included.
  std::set<std::string> ignore;
  // Stop collecting after this many differences.
  size_t max_differences = 100;
};

// Compares the entry at `src` with the entry at `dst` (files, links or whole
// trees). Every difference is one line naming the relative path ("." is the
// root) and both values.
std::vector<std::string> compare_trees(const std::string &src, const std::string &dst,
                                       const CompareOptions &options = {});

// Compares two regular files by streaming both; "" when equal, else where
// they first differ. Memory use is constant, so it suits very large files.
std::string compare_file_contents(int src_dirfd, const std::string &src_name, int dst_dirfd,
                                  const std::string &dst_name, bool follow_src = false);

// The differences one per line, for a failure message.
std::string describe(const std::vector<std::string> &differences);

}  // namespace ucopy_test
