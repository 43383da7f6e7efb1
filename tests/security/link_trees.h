/* SPDX-License-Identifier: MIT */
// Trees for the hard-link races: one user file with a name "f" in each of
// several source directories, an attacker-owned destination with the same
// directories, and a pool of symlinks to a root-only directory that the
// attacker exchanges a destination directory with.
#pragma once

#include <string>

#include "attacker.h"

namespace ucopy_security {

constexpr int kLinkDirs = 8;

// src/dNNN/f: one inode with kLinkDirs names, beside a few ordinary files.
void build_link_source(const std::string &src);

// The attacker's old backup: its directories, empty, or (old_names) each
// holding an outdated "f" of its own; and in `pool` a symlink per
// directory name to `secret_dir`.
void build_link_backup(const std::string &dst, const std::string &pool,
                       const std::string &secret_dir, bool old_names);

// Attacker body: on the first name ending in "f" that the copy makes in a
// destination directory (created or renamed there: an --atomic temporary
// name ends with its final name), exchange that directory with its symlink
// in the pool.
void swap_first_link_dir(RaceShared &shared, const std::string &dst, const std::string &pool);

// Puts back every directory the attacker exchanged.
void restore_link_dirs(const std::string &dst, const std::string &pool);

}  // namespace ucopy_security
