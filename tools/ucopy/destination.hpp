// SPDX-License-Identifier: MIT
// cp's destination rules: which name each SRC gets.
#pragma once

#include <string>
#include <vector>

#include "cli_options.hpp"

namespace ucopy_cli {

struct CopyJob {
  std::string source;       // as given on the command line (trailing slashes kept)
  std::string destination;  // the name the copy gets
};

struct CopyPlan {
  std::vector<CopyJob> jobs;
  std::string usage_error;  // non-empty when the operands cannot work at all
};

// If DST is an existing directory (a symlink to one counts) or there are
// several SRCs, each SRC goes to DST/basename(SRC); otherwise SRC goes to DST.
CopyPlan plan_copies(const CliOptions &options);

// The last component of `path`, trailing slashes ignored; "" for paths whose
// last component names no new entry ("/", ".", ".."): such a source is
// merged into DST itself.
std::string last_component(const std::string &path);

// Why cp would refuse to copy this source at all (a directory without -r),
// or "" when it may be handed to the library.
std::string refusal_reason(const CopyJob &job, const CliOptions &options);

// Why cp would refuse this destination: a symlink that points nowhere, which
// cp will not write through and the library would replace. "" otherwise.
std::string destination_refusal(const CopyJob &job, const CliOptions &options);

}  // namespace ucopy_cli
