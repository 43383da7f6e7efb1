// SPDX-License-Identifier: MIT
// Bracket classes of filter patterns ("[a-z]", "[!0-9]", "[[:alpha:]_]"):
// where one ends and which bytes it holds.
#pragma once

#include <bitset>

namespace ucopy_impl {

// Past the ']' closing the class whose '[' is just before `p`, or nullptr
// when it is never closed before `end`. A ']' right after "[", "[!" or "[^"
// is a member; '\' escapes the next byte; "[:name:]" is one item.
const char *class_end(const char *p, const char *end);

// The bytes the class between `p` (just after its '[') and `close` (its
// ']', as class_end() found it) matches. A class never matches '/', as in
// rsync.
std::bitset<256> class_members(const char *p, const char *close);

}  // namespace ucopy_impl
