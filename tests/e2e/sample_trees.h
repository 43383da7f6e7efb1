/* SPDX-License-Identifier: MIT */
// The source trees the end-to-end tests copy. Each builder creates `root`
// (which must not exist yet) and everything below it, and stamps distinct
// nanosecond times on every entry so a copy that drops or rounds times shows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ucopy_e2e {

// Sizes around page (4096), default buffer (128 KiB) and MiB boundaries.
const std::vector<uint64_t> &interesting_file_sizes();

// Regular files of every interesting size, named "size-<n>".
void build_sized_files(const std::string &root);

// Empty files, empty directories, and a directory holding only empty things.
void build_empties(const std::string &root);

// Names that break naive code: newline, tab, spaces, leading dash, glob
// characters, backslash, non-UTF-8 bytes (\xff\xfe ...), 255-byte names; as
// files, directories and symlink targets.
void build_odd_names(const std::string &root);
const std::vector<std::string> &odd_names();

// Symlinks: relative, absolute (pointing outside the tree), dangling, to a
// directory, to a link; plus the files and directory they point at.
// `with_dangling` false leaves the dangling ones out (for dereferencing).
void build_symlinks(const std::string &root, bool with_dangling = true);

// `depth` nested directories named `component`, a file at the bottom and a
// symlink halfway; with the defaults the path exceeds 6000 bytes (> PATH_MAX).
void build_deep_chain(const std::string &root, int depth = 130,
                      const std::string &component = std::string(45, 'd'));

// dirs x files_per_dir small files (0..2 KiB) in directories d000.. .
void build_many_small(const std::string &root, int dirs = 100, int files_per_dir = 100);

// Modes (all 07777 bits incl. setuid/setgid/sticky, read-only and 0000
// entries), foreign owners and groups.
void build_modes_and_owners(const std::string &root);

// The tree most tests use: a little of everything above, a few MiB in all.
void build_mid_tree(const std::string &root);

// A tree that takes a while to copy (thousands of files and some large
// ones), for cancellation.
void build_large_tree(const std::string &root);

}  // namespace ucopy_e2e
