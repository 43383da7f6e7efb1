// SPDX-License-Identifier: MIT
// File names (and messages that carry them) made safe for a terminal, as
// `ls -b` shows them: a name under a user's control must not be able to
// move the cursor, change colours, retitle the window or start a fake
// line of output.
#pragma once

#include <string>
#include <string_view>

namespace ucopy_cli {

// `text` with C-style escapes: "\n", "\t", "\r", "\a", "\b", "\f", "\v",
// "\\" for a backslash, and "\ooo" (three octal digits) for every other
// control byte, DEL, byte that is not part of well-formed UTF-8, and for
// each byte of the UTF-8 characters that control a terminal or reorder
// text (C1 controls, line and paragraph separators, bidirectional
// overrides and isolates). Printable ASCII and other UTF-8 pass through.
std::string escape_name(std::string_view text);

}  // namespace ucopy_cli
