// SPDX-License-Identifier: MIT
// UCOPY_F_ATOMIC: the temporary names entries are written under in their
// destination directory before they are renamed into place, and the removal
// of such names that an interrupted run (SIGKILL, power loss) left behind.
//
// A name is ".ucopy-tmp.<pid>.<nonce>.<n>.<entry name, cut to fit>": the
// process id, 16 hex digits drawn once per process, and a process-wide
// counter in hex, so that uniqueness never depends on the entry's name and
// names a dead process of the same id left cannot collide. The entry's name
// at the end only tells a person what the file was going to be.
#pragma once

#include <string>
#include <string_view>

namespace ucopy_impl {

// Every temporary name starts with this (documented in ucopy(1)).
inline constexpr std::string_view kTempPrefix = ".ucopy-tmp.";

// Sets `out` to a new temporary name, at most NAME_MAX bytes, for an entry
// to be called `name`.
void make_temp_name(std::string_view name, std::string &out);

// Moves the complete entry `tmp` in directory `dirfd` to `name` in the same
// directory with one rename, so that a reader sees either what was there or
// the whole new entry. `replace`: an existing non-directory is replaced;
// else it is kept and -EEXIST returned. 0 or -errno; `tmp` is left to the
// caller on failure.
int commit_temp(int dirfd, const char *tmp, const char *name, bool replace);

// Removes from directory `dirfd` the temporary names that an interrupted
// run left: only non-directories whose name has our exact format, and only
// when the process that made it is gone (a concurrent run's names stay).
// Best effort: whatever cannot be listed or removed stays, to be tried
// again by the next run, and nothing is reported.
void remove_leftover_temps(int dirfd);

}  // namespace ucopy_impl
