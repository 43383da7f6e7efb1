// SPDX-License-Identifier: MIT
#include "digest_helpers.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <ucopy.h>
#include <unistd.h>

namespace ucopy_e2e {

namespace {

// Runs `tool` with `arg` (may be null) reading `path`; its first word.
std::string first_word_of(const char *tool, const char *arg, const std::string &path) {
  const int in = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  int out[2];
  if (in < 0 || pipe2(out, O_CLOEXEC) != 0) {
    if (in >= 0) close(in);
    return "";
  }
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in, 0);
    dup2(out[1], 1);
    execlp(tool, tool, arg, static_cast<char *>(nullptr));
    _exit(127);
  }
  close(in);
  close(out[1]);
  std::string text;
  char buf[256];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) text.append(buf, size_t(n));
  close(out[0]);
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return "";
  return text.substr(0, text.find_first_of(" \n"));
}

}  // namespace

std::string tool_digest(uint32_t type, const std::string &path) {
  if (type == UCOPY_DIGEST_SHA256) return first_word_of("sha256sum", nullptr, path);
  if (type == UCOPY_DIGEST_XXH128) return first_word_of("xxhsum", "-H2", path);
  return "";
}

bool have_xxhsum() { return !first_word_of("xxhsum", "-H2", "/dev/null").empty(); }

}  // namespace ucopy_e2e
