// SPDX-License-Identifier: MIT
// The --help and --version texts. man/ucopy.1 must say the same (a test in
// tests/cli compares the option lists and the defaults).
#pragma once

namespace ucopy_cli {

extern const char kHelpText[];

// "ucopy X.Y.Z (libucopy A.B.C)\n..." to stdout.
void print_version();

}  // namespace ucopy_cli
