/* SPDX-License-Identifier: MIT */
// The commonest attack: as soon as the copy makes (or touches) a name in a
// watched destination directory, rename a prepared entry from the
// attacker's pool over it, so that the copy's next step by that name lands
// on the attacker's entry (a symlink to a victim, a FIFO, ...).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "attacker.h"

namespace ucopy_security {

struct SwapPlan {
  std::vector<std::string> watch_dirs;  // directories the copy writes into
  uint32_t mask = 0;                    // inotify events that trigger a swap
  std::string pool;                     // holds the replacements "p000", "p001", ...
  int pool_size = 0;
  // Which names to swap (each at most once per directory); default: all.
  std::function<bool(const std::string &name)> wanted;
};

// The attacker body for a SwapPlan (see Attacker): counts every rename that
// worked in shared.swaps.
void swap_on_event(RaceShared &shared, const SwapPlan &plan);

// Fills `pool` (made afresh, attacker-owned) with `count` symlinks
// "p000".. to `target`.
void fill_symlink_pool(const std::string &pool, int count, const std::string &target);

}  // namespace ucopy_security
