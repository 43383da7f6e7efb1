// SPDX-License-Identifier: MIT
#include "pattern_file.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

namespace ucopy_cli {

namespace {

class LineReader {
 public:
  LineReader(std::FILE *f, std::string name) : f_(f), name_(std::move(name)) {}

  // Reads the next line into `line`; false at the end or on an error,
  // which error() then describes.
  bool next(std::string &line);
  const std::optional<std::string> &error() const { return error_; }
  size_t line_number() const { return line_number_; }

 private:
  bool fail(const std::string &reason) {
    error_ = name_ + ":" + std::to_string(line_number_) + ": " + reason;
    return false;
  }

  std::FILE *f_;
  std::string name_;
  size_t line_number_ = 0;
  size_t bytes_ = 0;
  bool at_end_ = false;
  std::optional<std::string> error_;
};

bool LineReader::next(std::string &line) {
  if (at_end_) return false;
  line.clear();
  line_number_++;
  for (;;) {
    const int c = std::getc(f_);
    if (c == EOF) {
      at_end_ = true;
      if (std::ferror(f_) == 0) return !line.empty();
      // Options are parsed before the CLI starts any thread.
      // NOLINTNEXTLINE(concurrency-mt-unsafe)
      error_ = "cannot read patterns from '" + name_ + "': " + std::strerror(errno);
      return false;
    }
    if (++bytes_ > kPatternFileBytesMax)
      return fail("more than " + std::to_string(kPatternFileBytesMax >> 20) + " MiB of patterns");
    if (c == '\n') return true;
    if (c == '\0') return fail("NUL byte in pattern");
    // One more byte than a pattern may have, for a "\r" line ending.
    if (line.size() > kPatternLineMax)
      return fail("line longer than " + std::to_string(kPatternLineMax) + " bytes");
    line += static_cast<char>(c);
  }
}

}  // namespace

std::optional<std::string> read_pattern_stream(std::FILE *f, const std::string &name,
                                               std::vector<std::string> &out) {
  LineReader reader(f, name);
  std::string line;
  size_t patterns = 0;
  while (reader.next(line)) {
    // A file written on Windows ends its lines with "\r\n".
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() > kPatternLineMax)
      return name + ":" + std::to_string(reader.line_number()) + ": line longer than " +
             std::to_string(kPatternLineMax) + " bytes";
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (++patterns > kPatternsPerFileMax)
      return name + ":" + std::to_string(reader.line_number()) + ": more than " +
             std::to_string(kPatternsPerFileMax) + " patterns";
    out.push_back(line);
  }
  return reader.error();
}

std::optional<std::string> read_pattern_file(const std::string &path,
                                             std::vector<std::string> &out) {
  const bool from_stdin = path == "-";
  std::FILE *f = from_stdin ? stdin : std::fopen(path.c_str(), "re");
  // Options are parsed before the CLI starts any thread.
  // NOLINTNEXTLINE(concurrency-mt-unsafe)
  if (f == nullptr) return "cannot read patterns from '" + path + "': " + std::strerror(errno);
  auto error = read_pattern_stream(f, path, out);
  if (!from_stdin) std::fclose(f);
  return error;
}

}  // namespace ucopy_cli
