// SPDX-License-Identifier: MIT
#include "cli_options.hpp"

#include <getopt.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "digest_manifest.hpp"
#include "number_parse.hpp"
#include "pattern_file.hpp"

namespace ucopy_cli {

namespace {

// Values for the long options that have no short form.
enum LongOnly {
  kOverwrite = 256,
  kProgress,
  kJson,
  kStats,
  kWorkers,
  kQueueDepth,
  kFilesInFlight,
  kBufferSize,
  kCopyMethod,
  kReflink,
  kSparse,
  kVerify,
  kNoDirectIo,
  kNoWriteBehind,
  kNoPrescan,
  kRegions,
  kRegionThreshold,
  kRegionSize,
  kLinkMapLimit,
  kVersion,
  kPreserve,
  kNoPreserve,
  kSpecials,
  kDevices,
  kOwnerPolicy,
  kXattrExclude,
  kOpenNoatime,
  kUpdate,
  kDelete,
  kFsync,
  kExclude,
  kInclude,
  kExcludeFrom,
  kAtomic,
  kDryRun,
  kDigest,
  kDigestFile,
};

const struct option kLongOptions[] = {
    {"archive", no_argument, nullptr, 'a'},
    {"recursive", no_argument, nullptr, 'r'},
    {"dereference", no_argument, nullptr, 'L'},
    {"no-dereference", no_argument, nullptr, 'P'},
    {"dry-run", no_argument, nullptr, kDryRun},
    {"no-clobber", no_argument, nullptr, 'n'},
    {"target-directory", required_argument, nullptr, 't'},
    {"no-target-directory", no_argument, nullptr, 'T'},
    {"overwrite", required_argument, nullptr, kOverwrite},
    {"verbose", no_argument, nullptr, 'v'},
    {"progress", optional_argument, nullptr, kProgress},
    {"json", no_argument, nullptr, kJson},
    {"stats", no_argument, nullptr, kStats},
    {"workers", required_argument, nullptr, kWorkers},
    {"queue-depth", required_argument, nullptr, kQueueDepth},
    {"files-in-flight", required_argument, nullptr, kFilesInFlight},
    {"buffer-size", required_argument, nullptr, kBufferSize},
    {"preserve", optional_argument, nullptr, kPreserve},
    {"no-preserve", required_argument, nullptr, kNoPreserve},
    {"specials", no_argument, nullptr, kSpecials},
    {"devices", no_argument, nullptr, kDevices},
    {"owner-policy", required_argument, nullptr, kOwnerPolicy},
    {"xattr-exclude", required_argument, nullptr, kXattrExclude},
    {"open-noatime", no_argument, nullptr, kOpenNoatime},
    {"update", optional_argument, nullptr, kUpdate},
    {"delete", no_argument, nullptr, kDelete},
    {"fsync", no_argument, nullptr, kFsync},
    {"exclude", required_argument, nullptr, kExclude},
    {"include", required_argument, nullptr, kInclude},
    {"exclude-from", required_argument, nullptr, kExcludeFrom},
    {"one-file-system", no_argument, nullptr, 'x'},
    {"atomic", no_argument, nullptr, kAtomic},
    {"copy-method", required_argument, nullptr, kCopyMethod},
    {"reflink", optional_argument, nullptr, kReflink},
    {"sparse", required_argument, nullptr, kSparse},
    {"verify", no_argument, nullptr, kVerify},
    {"no-direct-io", no_argument, nullptr, kNoDirectIo},
    {"no-write-behind", no_argument, nullptr, kNoWriteBehind},
    {"no-prescan", no_argument, nullptr, kNoPrescan},
    {"regions", required_argument, nullptr, kRegions},
    {"region-threshold", required_argument, nullptr, kRegionThreshold},
    {"region-size", required_argument, nullptr, kRegionSize},
    {"digest", required_argument, nullptr, kDigest},
    {"digest-file", required_argument, nullptr, kDigestFile},
    {"link-map-limit", required_argument, nullptr, kLinkMapLimit},
    {"help", no_argument, nullptr, 'h'},
    {"version", no_argument, nullptr, kVersion},
    {nullptr, 0, nullptr, 0},
};

// Leading ':' makes getopt report a missing argument as ':' and keeps it
// quiet, so every message comes out in ucopy's own format.
const char kShortOptions[] = ":arRpLPHDnTt:vxh";

constexpr uint64_t kModeOwnerTimes =
    UCOPY_F_PRESERVE_MODE | UCOPY_F_PRESERVE_OWNER | UCOPY_F_PRESERVE_TIMES;

// The words of --preserve / --no-preserve: cp's, plus acl, specials and
// devices. "all" is every one of them.
std::optional<uint64_t> preserve_word(std::string_view word) {
  if (word == "mode") return UCOPY_F_PRESERVE_MODE;
  if (word == "ownership") return UCOPY_F_PRESERVE_OWNER;
  if (word == "timestamps") return UCOPY_F_PRESERVE_TIMES;
  if (word == "links") return UCOPY_F_PRESERVE_HARDLINKS;
  if (word == "xattr") return UCOPY_F_PRESERVE_XATTRS;
  if (word == "acl") return UCOPY_F_PRESERVE_ACLS;
  if (word == "specials") return UCOPY_F_COPY_SPECIALS;
  if (word == "devices") return UCOPY_F_COPY_DEVICES;
  if (word == "all")
    return kModeOwnerTimes | UCOPY_F_PRESERVE_HARDLINKS | UCOPY_F_PRESERVE_XATTRS |
           UCOPY_F_PRESERVE_ACLS | UCOPY_F_COPY_SPECIALS | UCOPY_F_COPY_DEVICES;
  return std::nullopt;
}

// A switch that asks for `bits`: they win over the modes and over an
// earlier switch that took them away.
void set_flags(CliOptions &o, uint64_t bits) {
  o.flags_set |= bits;
  o.flags_clear &= ~bits;
}

// A switch that takes `bits` away, the same way round.
void clear_flags(CliOptions &o, uint64_t bits) {
  o.flags_clear |= bits;
  o.flags_set &= ~bits;
}

// A comma-separated list of those words, or a message naming the bad one.
std::optional<std::string> parse_preserve_list(const char *option, std::string_view list,
                                               uint64_t &bits) {
  while (true) {
    const size_t comma = list.find(',');
    const std::string_view word = list.substr(0, comma);
    const auto bit = preserve_word(word);
    if (!bit)
      return std::string("invalid attribute '") + std::string(word) + "' for --" + option +
             " (expected a comma-separated list of mode, ownership, timestamps, links, xattr, "
             "acl, specials, devices or all)";
    bits |= *bit;
    if (comma == std::string_view::npos) return std::nullopt;
    list.remove_prefix(comma + 1);
  }
}

std::optional<uint32_t> parse_owner_policy(std::string_view word) {
  if (word == "warn") return UCOPY_OWNER_WARN;
  if (word == "fail") return UCOPY_OWNER_FAIL;
  if (word == "ignore") return UCOPY_OWNER_IGNORE;
  if (word == "warn-each") return UCOPY_OWNER_WARN_EACH;
  return std::nullopt;
}

std::optional<uint32_t> parse_overwrite(std::string_view word) {
  if (word == "fail") return UCOPY_OVERWRITE_FAIL;
  if (word == "replace") return UCOPY_OVERWRITE_REPLACE;
  if (word == "skip") return UCOPY_OVERWRITE_SKIP;
  return std::nullopt;
}

// A word from a fixed list, as its value in ucopy.h.
struct Word {
  const char *word;
  uint32_t value;
};

std::optional<uint32_t> parse_word(std::string_view text, std::initializer_list<Word> words) {
  for (const Word &w : words)
    if (text == w.word) return w.value;
  return std::nullopt;
}

// Sizes that may be 64-bit: the library checks alignment and range.
std::optional<uint64_t> parse_size64(const char *text) {
  const std::string_view t(text);
  if (t.empty() || t[0] < '0' || t[0] > '9') return std::nullopt;
  char *end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (errno != 0) return std::nullopt;
  uint64_t mult = 1;
  const std::string_view suffix(end);
  if (suffix == "K" || suffix == "k") mult = 1ull << 10;
  else if (suffix == "M" || suffix == "m") mult = 1ull << 20;
  else if (suffix == "G" || suffix == "g") mult = 1ull << 30;
  else if (suffix == "T" || suffix == "t") mult = 1ull << 40;
  else if (!suffix.empty()) return std::nullopt;
  if (v > UINT64_MAX / mult) return std::nullopt;
  return v * mult;
}

ParseResult usage_error(std::string message) { return {Action::usage_error, std::move(message)}; }

// Stores a knob value; 0 is refused because the CLI has no "default" value
// to spell out: leaving the option away asks for the default.
std::optional<std::string> store_knob(const char *name, const char *text, bool is_size,
                                      uint32_t &slot) {
  const auto value = is_size ? parse_size(text) : parse_count(text);
  if (!value)
    return std::string("invalid ") + (is_size ? "size" : "number") + " for --" + name + ": '" +
           text + "'";
  if (*value == 0)
    return std::string("--") + name + " must be at least 1 (leave the option out for the default)";
  slot = *value;
  return std::nullopt;
}

// Names the option getopt stopped at, for the error message.
std::string offending_option(char **argv, int index_after) {
  const char *arg = argv[index_after - 1];
  if (optopt != 0 && std::strncmp(arg, "--", 2) != 0) return std::string("-") + char(optopt);
  const char *equals = std::strchr(arg, '=');
  return equals ? std::string(arg, equals) : std::string(arg);
}

// What getopt could not match, as ucopy says it.
std::string bad_option_message(char **argv) {
  if (optopt >= kOverwrite)  // a known long option given "=value" it does not take
    return "option '" + offending_option(argv, optind) + "' doesn't allow an argument";
  return "unrecognized option '" + offending_option(argv, optind) + "'";
}

// What one option asks for, or nothing: a message for a usage error.
using OptionError = std::optional<std::string>;

// The parse's state beyond CliOptions: --help and --version are answered
// only once the whole command line is known to be valid.
struct ParseState {
  PatternReader read_patterns;
  bool wants_help = false;
  bool wants_version = false;
};

// The options without an argument. False for any other option.
bool apply_switch(int c, CliOptions &o, ParseState &state) {
  switch (c) {
    case 'a':
      // A mode, not a switch: it goes into `flags`, so that a --no-preserve
      // given before it still wins.
      o.archive = true;
      o.recursive = true;
      break;
    case 'r':
    case 'R': o.recursive = true; break;
    case 'p': set_flags(o, kModeOwnerTimes); break;
    case 'D': set_flags(o, UCOPY_F_COPY_SPECIALS | UCOPY_F_COPY_DEVICES); break;
    case kSpecials: set_flags(o, UCOPY_F_COPY_SPECIALS); break;
    case kDevices: set_flags(o, UCOPY_F_COPY_DEVICES); break;
    case kOpenNoatime: o.open_noatime = true; break;
    case kDelete: o.delete_extraneous = true; break;
    case kFsync: o.fsync = true; break;
    case 'x': o.one_file_system = true; break;
    case kAtomic: o.atomic = true; break;
    case 'L': o.dereference = Dereference::always; break;
    case 'P': o.dereference = Dereference::never; break;
    case 'H': o.dereference = Dereference::command_line_args; break;
    case kDryRun: o.dry_run = true; break;
    // cp's -n: existing files are kept (ucopy's dry run is --dry-run only).
    case 'n': o.overwrite = UCOPY_OVERWRITE_SKIP; break;
    case 'T': o.no_target_directory = true; break;
    case 'v': o.verbose = true; break;
    case 'h': state.wants_help = true; break;
    case kVersion: state.wants_version = true; break;
    case kJson: o.json = true; break;
    case kStats: o.stats = true; break;
    case kVerify: o.verify = true; break;
    case kNoDirectIo: o.no_direct_io = true; break;
    case kNoWriteBehind: o.no_write_behind = true; break;
    case kNoPrescan: o.no_prescan = true; break;
    default: return false;
  }
  return true;
}

// --include, --exclude, --exclude-from and --xattr-exclude.
OptionError apply_filter_option(int c, const char *arg, CliOptions &o,
                                PatternReader read_patterns) {
  switch (c) {
    case kExclude: o.filter_rules.push_back({UCOPY_FILTER_EXCLUDE, arg}); break;
    case kInclude: o.filter_rules.push_back({UCOPY_FILTER_INCLUDE, arg}); break;
    case kExcludeFrom: {
      std::vector<std::string> patterns;
      if (auto err = read_patterns(arg, patterns)) return err;
      for (std::string &p : patterns)
        o.filter_rules.push_back({UCOPY_FILTER_EXCLUDE, std::move(p)});
      break;
    }
    case kXattrExclude: o.xattr_excludes.emplace_back(arg); break;
    default: break;
  }
  return std::nullopt;
}

OptionError apply_update(const char *arg, CliOptions &o) {
  const std::string_view word = arg ? arg : "size-mtime";
  if (word == "size-mtime") o.update = UCOPY_UPDATE_SIZE_MTIME;
  else if (word == "checksum") o.update = UCOPY_UPDATE_CHECKSUM;
  else if (word == "never") o.update = UCOPY_UPDATE_NONE;
  else
    return std::string("invalid value for --update: '") + arg +
           "' (expected size-mtime, checksum or never)";
  return std::nullopt;
}

// What is kept of each entry and what happens to existing ones.
OptionError apply_policy_option(int c, const char *arg, CliOptions &o) {
  uint64_t bits = 0;
  OptionError error;
  switch (c) {
    case kUpdate: return apply_update(arg, o);
    case kPreserve:
      if (arg == nullptr) bits = kModeOwnerTimes;  // cp's default list
      else error = parse_preserve_list("preserve", arg, bits);
      set_flags(o, bits);
      return error;
    case kNoPreserve:
      error = parse_preserve_list("no-preserve", arg, bits);
      clear_flags(o, bits);
      return error;
    case kOwnerPolicy: {
      const auto policy = parse_owner_policy(arg);
      if (!policy)
        return std::string("invalid value for --owner-policy: '") + arg +
               "' (expected warn, warn-each, fail or ignore)";
      o.owner_policy = *policy;
      return std::nullopt;
    }
    case kOverwrite: {
      const auto policy = parse_overwrite(arg);
      if (!policy)
        return std::string("invalid value for --overwrite: '") + arg +
               "' (expected fail, replace or skip)";
      o.overwrite = *policy;
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

// --copy-method, --reflink and --sparse: a word each.
OptionError apply_method_option(int c, const char *arg, CliOptions &o) {
  if (c == kCopyMethod) {
    const auto m = parse_word(arg, {{"auto", UCOPY_COPY_AUTO},
                                    {"reflink", UCOPY_COPY_REFLINK},
                                    {"copy-file-range", UCOPY_COPY_FILE_RANGE},
                                    {"read-write", UCOPY_COPY_READ_WRITE}});
    if (!m)
      return std::string("invalid value for --copy-method: '") + arg +
             "' (expected auto, reflink, copy-file-range or read-write)";
    o.copy_method = *m;
  } else if (c == kReflink) {
    // Bare --reflink means always, as in cp.
    const auto m = arg == nullptr ? std::optional<uint32_t>(UCOPY_REFLINK_ALWAYS)
                                  : parse_word(arg, {{"auto", UCOPY_REFLINK_AUTO},
                                                     {"always", UCOPY_REFLINK_ALWAYS},
                                                     {"never", UCOPY_REFLINK_NEVER}});
    if (!m)
      return std::string("invalid value for --reflink: '") + arg +
             "' (expected auto, always or never)";
    o.reflink = *m;
  } else {
    const auto m = parse_word(arg, {{"auto", UCOPY_SPARSE_AUTO},
                                    {"always", UCOPY_SPARSE_ALWAYS},
                                    {"never", UCOPY_SPARSE_NEVER}});
    if (!m)
      return std::string("invalid value for --sparse: '") + arg +
             "' (expected auto, always or never)";
    o.sparse = *m;
  }
  return std::nullopt;
}

// --region-threshold and --region-size: 64-bit sizes.
OptionError apply_region_size(int c, const char *arg, CliOptions &o) {
  const auto v = parse_size64(arg);
  const char *name = c == kRegionSize ? "region-size" : "region-threshold";
  if (!v) return std::string("invalid size for --") + name + ": '" + arg + "'";
  if (c == kRegionSize) {
    if (*v == 0) return "--region-size must be at least 2M (leave the option out for the default)";
    o.region_size = *v;
  } else {
    o.region_threshold = *v;
    o.region_threshold_set = true;
  }
  return std::nullopt;
}

// --link-map-limit: 0 is unlimited, as leaving it out; the library checks
// the smallest limit.
OptionError apply_link_map_limit(const char *arg, CliOptions &o) {
  const auto v = parse_size64(arg);
  if (!v) return std::string("invalid size for --link-map-limit: '") + arg + "'";
  o.link_map_limit = *v;
  return std::nullopt;
}

// The tuning knobs: queues, buffers and how large files are copied.
OptionError apply_tuning_option(int c, const char *arg, CliOptions &o) {
  switch (c) {
    case kWorkers: return store_knob("workers", arg, false, o.workers);
    case kQueueDepth: return store_knob("queue-depth", arg, false, o.queue_depth);
    case kFilesInFlight: return store_knob("files-in-flight", arg, false, o.files_in_flight);
    case kBufferSize: return store_knob("buffer-size", arg, true, o.buffer_size);
    case kRegions: return store_knob("regions", arg, false, o.regions);
    case kCopyMethod:
    case kReflink:
    case kSparse: return apply_method_option(c, arg, o);
    case kRegionThreshold:
    case kRegionSize: return apply_region_size(c, arg, o);
    case kLinkMapLimit: return apply_link_map_limit(arg, o);
    default: return std::nullopt;
  }
}

OptionError apply_progress(const char *arg, CliOptions &o) {
  const std::string_view word = arg ? arg : "bar";
  if (word == "bar") o.progress = ProgressMode::kBar;
  else if (word == "json") o.progress = ProgressMode::kJson;
  else return std::string("invalid value for --progress: '") + arg + "' (expected bar or json)";
  return std::nullopt;
}

// --digest=ALG and --digest-file=FILE.
OptionError apply_digest_option(int c, const char *arg, CliOptions &o) {
  if (c == kDigestFile) {
    if (*arg == '\0') return std::string("--digest-file needs a file name");
    o.digest_file = arg;
    return std::nullopt;
  }
  const auto alg = parse_digest_name(arg);
  if (!alg)
    return std::string("invalid value for --digest: '") + arg + "' (expected xxh128 or sha256)";
  o.digest = *alg;
  return std::nullopt;
}

// One option getopt recognised, with its argument (or nullptr).
OptionError apply_option(int c, const char *arg, CliOptions &o, ParseState &state) {
  if (apply_switch(c, o, state)) return std::nullopt;
  switch (c) {
    case 't': o.target_directory = arg; return std::nullopt;
    case kProgress: return apply_progress(arg, o);
    case kExclude:
    case kInclude:
    case kExcludeFrom:
    case kXattrExclude: return apply_filter_option(c, arg, o, state.read_patterns);
    case kUpdate:
    case kPreserve:
    case kNoPreserve:
    case kOwnerPolicy:
    case kOverwrite: return apply_policy_option(c, arg, o);
    case kDigest:
    case kDigestFile: return apply_digest_option(c, arg, o);
    default: return apply_tuning_option(c, arg, o);
  }
}

// SRC... DST, once the options are read.
ParseResult take_operands(int argc, char **argv, CliOptions &o) {
  const int operands = argc - optind;
  if (operands == 0) return usage_error("missing file operand");
  if (o.target_directory) {  // -t DIR: every operand is a source
    if (o.no_target_directory)
      return usage_error("cannot combine --target-directory (-t) and --no-target-directory (-T)");
    o.sources.assign(argv + optind, argv + argc);
    o.destination = *o.target_directory;
    return {};
  }
  if (operands == 1)
    return usage_error(std::string("missing destination file operand after '") + argv[optind] +
                       "'");
  if (o.no_target_directory && operands > 2)
    return usage_error(std::string("extra operand '") + argv[optind + 2] + "'");
  o.sources.assign(argv + optind, argv + argc - 1);
  o.destination = argv[argc - 1];
  return {};
}

}  // namespace

ParseResult parse_command_line(int argc, char **argv, CliOptions &o, PatternReader read_patterns) {
  opterr = 0;
  // 0, not 1: glibc then forgets the state of an earlier parse as well (a
  // parse that stopped inside "-abc" keeps a pointer into that argv, which
  // a second parse, as in the fuzz target, would read after it is freed).
  optind = 0;
  ParseState state{read_patterns};
  for (;;) {
    const int c = getopt_long(argc, argv, kShortOptions, kLongOptions, nullptr);
    if (c == -1) break;
    // getopt_long returns an option's code from the tables above, or one of
    // these two for what it could not match.
    if (c == ':')
      return usage_error("option '" + offending_option(argv, optind) + "' requires an argument");
    if (c == '?') return usage_error(bad_option_message(argv));
    if (auto error = apply_option(c, optarg, o, state)) return usage_error(*error);
  }
  if (state.wants_help) return {Action::show_help, {}};
  if (state.wants_version) return {Action::show_version, {}};
  return take_operands(argc, argv, o);
}

ucopy_options to_library_options(const CliOptions &o) {
  ucopy_options lib;
  ucopy_options_init(&lib, sizeof lib);
  uint64_t modes = 0;
  if (o.archive) modes |= UCOPY_F_ARCHIVE;  // whatever this library version preserves
  // cp -r recreates FIFOs and devices rather than reading them.
  if (o.recursive) modes |= UCOPY_F_RECURSIVE | UCOPY_F_COPY_SPECIALS | UCOPY_F_COPY_DEVICES;
  // The switches without a counterpart that takes them away.
  uint64_t flags = o.flags_set;
  if (o.open_noatime) flags |= UCOPY_F_NOATIME;
  if (o.delete_extraneous) flags |= UCOPY_F_DELETE;
  if (o.fsync) flags |= UCOPY_F_FSYNC;
  if (o.one_file_system) flags |= UCOPY_F_ONE_FILE_SYSTEM;
  if (o.atomic) flags |= UCOPY_F_ATOMIC;
  if (dereference_of(o) == Dereference::always) flags |= UCOPY_F_DEREFERENCE;
  if (dereference_of(o) == Dereference::command_line_args) flags |= UCOPY_F_DEREFERENCE_ARGS;
  if (o.dry_run) flags |= UCOPY_F_DRY_RUN;
  if (o.verify) flags |= UCOPY_F_VERIFY;
  if (o.no_direct_io) flags |= UCOPY_F_NO_DIRECT_IO;
  if (o.no_write_behind) flags |= UCOPY_F_NO_WRITE_BEHIND;
  if (o.no_prescan) flags |= UCOPY_F_NO_PRESCAN;
  lib.flags = modes;
  lib.flags_set = flags;
  lib.flags_clear = o.flags_clear;
  lib.overwrite = o.overwrite;
  lib.owner_policy = o.owner_policy;
  lib.update = o.update;
  lib.workers = o.workers;
  lib.queue_depth = o.queue_depth;
  lib.files_in_flight = o.files_in_flight;
  lib.buffer_size = o.buffer_size;
  lib.copy_method = o.copy_method;
  lib.reflink = o.reflink;
  lib.sparse = o.sparse;
  lib.regions = o.regions;
  if (o.region_threshold_set) lib.region_threshold = o.region_threshold;
  lib.region_size = o.region_size;
  lib.digest = o.digest;
  if (lib.digest == UCOPY_DIGEST_NONE && !o.digest_file.empty()) lib.digest = UCOPY_DIGEST_SHA256;
  lib.link_map_limit = o.link_map_limit;
  return lib;
}

uint64_t run_flags(const ucopy_options &options) {
  return (options.flags | options.flags_set) & ~options.flags_clear;
}

Dereference dereference_of(const CliOptions &o) {
  if (o.dereference) return *o.dereference;
  return o.recursive ? Dereference::never : Dereference::command_line_args;
}

}  // namespace ucopy_cli
