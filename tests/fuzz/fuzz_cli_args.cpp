// SPDX-License-Identifier: MIT
// Fuzzes the CLI's argument parser: the input is argv, split at NUL bytes
// (argv[0] is added). The parser must return a result, never crash, print
// or exit; --exclude-from=TEXT reads TEXT itself as the pattern file, so
// that the pattern-file reader is fuzzed too and no file is opened.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "pattern_file.hpp"

namespace {

std::optional<std::string> read_patterns_from_name(const std::string &text,
                                                   std::vector<std::string> &out) {
  std::string copy = text;
  std::FILE *f =
      copy.empty() ? std::fopen("/dev/null", "re") : fmemopen(copy.data(), copy.size(), "r");
  if (f == nullptr) std::abort();
  auto error = ucopy_cli::read_pattern_stream(f, "fuzz", out);
  std::fclose(f);
  return error;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::vector<std::string> args{"ucopy"};
  std::string current;
  for (size_t i = 0; i < size; i++) {
    if (data[i] == 0) {
      args.push_back(current);
      current.clear();
    } else {
      current += static_cast<char>(data[i]);
    }
  }
  if (!current.empty() || size == 0) args.push_back(current);
  std::vector<char *> argv;
  argv.reserve(args.size() + 1);
  for (std::string &a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  ucopy_cli::CliOptions options;
  const ucopy_cli::ParseResult r = ucopy_cli::parse_command_line(
      static_cast<int>(args.size()), argv.data(), options, read_patterns_from_name);
  if (r.action == ucopy_cli::Action::usage_error && r.error.empty()) std::abort();
  if (r.action == ucopy_cli::Action::run) {
    if (options.sources.empty()) std::abort();  // a run has SRC and DST
    (void)ucopy_cli::to_library_options(options);
  }
  return 0;
}
