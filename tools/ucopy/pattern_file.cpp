#include "pattern_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ucopy_cli {

std::optional<std::string> read_pattern_file(const std::string &path,
                                             std::vector<std::string> &out) {
  const bool from_stdin = path == "-";
  FILE *f = from_stdin ? stdin : std::fopen(path.c_str(), "re");
  if (f == nullptr) return "cannot read patterns from '" + path + "': " + std::strerror(errno);
  std::string line;
  bool failed = false;
  for (;;) {
    const int c = std::getc(f);
    if (c != EOF && c != '\n') {
      line += static_cast<char>(c);
      continue;
    }
    // A file written on Windows ends its lines with "\r\n".
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] != '#' && line[0] != ';') out.push_back(line);
    line.clear();
    if (c == EOF) {
      failed = std::ferror(f) != 0;
      break;
    }
  }
  const int saved = errno;
  if (!from_stdin) std::fclose(f);
  if (failed) return "cannot read patterns from '" + path + "': " + std::strerror(saved);
  return std::nullopt;
}

}  // namespace ucopy_cli
