// SPDX-License-Identifier: MIT
// What the command line asks for, and the parser that fills it in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pattern_file.hpp"
#include "ucopy.h"

namespace ucopy_cli {

// --progress: none, a bar on stderr, or JSON objects on stdout.
enum class ProgressMode { kNone, kBar, kJson };

// -P / -H / -L: the last one given wins, as in cp.
enum class Dereference { never, command_line_args, always };

struct CliOptions;
// -L, -P or -H as given (the last wins); else cp's default: symlinks on the
// command line are followed unless the copy is recursive.
Dereference dereference_of(const CliOptions &o);

struct CliOptions {
  // The modes: -a (UCOPY_F_ARCHIVE, which may grow with the library) and
  // -r. They go into ucopy_options.flags, which the single switches below
  // override whatever the order.
  bool archive = false;
  bool recursive = false;
  // UCOPY_F_* bits asked for by -p, --preserve, --specials, ... and those
  // taken away by --no-preserve: ucopy_options.flags_set / flags_clear.
  // Each switch moves its bits into one and out of the other, so among
  // switches the last one given wins, as in cp.
  uint64_t flags_set = 0;
  uint64_t flags_clear = 0;
  bool open_noatime = false;
  uint32_t update = UCOPY_UPDATE_NONE;
  bool delete_extraneous = false;  // --delete
  bool fsync = false;
  bool atomic = false;
  uint32_t owner_policy = UCOPY_OWNER_WARN;
  std::vector<std::string> xattr_excludes;  // fnmatch(3) patterns
  // --include/--exclude/--exclude-from, in command-line order: the library
  // checks them in that order (first match wins).
  struct FilterRule {
    int action;  // UCOPY_FILTER_INCLUDE or UCOPY_FILTER_EXCLUDE
    std::string pattern;
  };
  std::vector<FilterRule> filter_rules;
  bool one_file_system = false;            // -x
  std::optional<Dereference> dereference;  // -L, -P or -H if given
  bool dry_run = false;
  // -T: DST is the copy's own name even when it is an existing directory,
  // so that a run repeated over the same SRC and DST merges into it.
  bool no_target_directory = false;
  // -t DIR: copy every operand into DIR, which must be a directory.
  std::optional<std::string> target_directory;
  // cp replaces existing files, so the CLI does too (the library's own
  // default is UCOPY_OVERWRITE_FAIL).
  uint32_t overwrite = UCOPY_OVERWRITE_REPLACE;

  bool verbose = false;
  ProgressMode progress = ProgressMode::kNone;  // --progress[=bar|json]
  bool json = false;
  bool stats = false;

  // 0 leaves the choice to the library; the parser never stores 0 from the
  // command line (an explicit 0 is a usage error).
  uint32_t workers = 0;
  uint32_t queue_depth = 0;
  uint32_t files_in_flight = 0;
  uint32_t buffer_size = 0;

  // Large files (values as in ucopy.h).
  uint32_t copy_method = UCOPY_COPY_AUTO;
  uint32_t reflink = UCOPY_REFLINK_AUTO;
  uint32_t sparse = UCOPY_SPARSE_AUTO;
  bool verify = false;
  bool no_direct_io = false;
  bool no_write_behind = false;
  bool no_prescan = false;  // --no-prescan
  uint32_t regions = 0;
  bool region_threshold_set = false;  // --region-threshold given (0 allowed: disables)
  uint64_t region_threshold = 0;
  uint64_t region_size = 0;
  uint64_t link_map_limit = 0;  // --link-map-limit; 0: unlimited

  // --digest=ALG (UCOPY_DIGEST_*) and --digest-file=FILE, which without
  // --digest means sha256.
  uint32_t digest = UCOPY_DIGEST_NONE;
  std::string digest_file;

  std::vector<std::string> sources;
  std::string destination;
};

enum class Action { run, show_help, show_version, usage_error };

struct ParseResult {
  Action action = Action::run;
  std::string error;  // for usage_error: what was wrong, without "ucopy: "
};

// Reads the patterns of --exclude-from=FILE; the fuzz target passes one
// that reads no file.
using PatternReader = std::optional<std::string> (*)(const std::string &path,
                                                     std::vector<std::string> &out);

// Fills `options` from the command line. Prints nothing and never exits:
// what went wrong is in the result.
ParseResult parse_command_line(int argc, char **argv, CliOptions &options,
                               PatternReader read_patterns = read_pattern_file);

// The library's view of the options (flags, overwrite policy and knobs).
ucopy_options to_library_options(const CliOptions &options);

// The UCOPY_F_* flags a run with `options` uses: (flags | flags_set) &
// ~flags_clear, as ucopy.h defines them.
uint64_t run_flags(const ucopy_options &options);

}  // namespace ucopy_cli
