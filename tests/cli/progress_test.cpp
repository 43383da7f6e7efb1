// SPDX-License-Identifier: MIT
// --progress as users see it: on a terminal (a pseudo-terminal here) a bar
// that says "scanning" until the totals are known and a percentage after;
// in a log only the final line; --progress=json objects for programs.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "json_check.hpp"
#include "temp_tree.hpp"

namespace cli_test {
namespace {

// dirs x files small files: long enough a copy (one worker, one file at a
// time) for several redraws.
void build_many_files(const std::string &root, int dirs, int files) {
  make_dir(root);
  for (int d = 0; d < dirs; d++) {
    const std::string dir = root + "/d" + std::to_string(d);
    make_dir(dir);
    for (int f = 0; f < files; f++)
      write_file(dir + "/f" + std::to_string(f), pattern_bytes(8192, f));
  }
}

// Runs ucopy with stderr (and stdout) on a pseudo-terminal 100 columns
// wide; returns what the terminal received and sets *status.
std::string run_on_terminal(const std::vector<std::string> &args, int *status) {
  struct winsize ws {};
  ws.ws_col = 100;
  ws.ws_row = 24;
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, &ws);
  if (pid == 0) {
    std::vector<char *> argv;
    std::string prog = UCOPY_CLI_PATH;
    argv.push_back(prog.data());
    std::vector<std::string> copy = args;
    for (std::string &a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(UCOPY_CLI_PATH, argv.data());
    _exit(127);
  }
  std::string seen;
  if (pid < 0) return seen;
  char buf[4096];
  for (;;) {
    struct pollfd p {
      master, POLLIN, 0
    };
    if (poll(&p, 1, 60000) <= 0) break;
    const ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child has gone
    seen.append(buf, static_cast<size_t>(n));
  }
  close(master);
  waitpid(pid, status, 0);
  return seen;
}

// The redrawn lines: the text between carriage returns.
std::vector<std::string> frames(const std::string &terminal) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < terminal.size()) {
    size_t end = terminal.find_first_of("\r\n", start);
    if (end == std::string::npos) end = terminal.size();
    if (end > start) out.push_back(terminal.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

class Progress : public ::testing::Test {
 protected:
  TempDir tmp;
};

TEST_F(Progress, TerminalBarSaysScanningUntilTotalsAreKnown) {
  build_many_files(tmp / "src", 20, 200);
  int status = 0;
  const std::string seen = run_on_terminal({"-a", "--progress", "--no-prescan", "--workers=1",
                                            "--files-in-flight=1", tmp / "src", tmp / "dst"},
                                           &status);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << seen;
  const std::vector<std::string> lines = frames(seen);
  // A redraw at least, then the final line (0.6 s under ASan for 2,000 files).
  ASSERT_GE(lines.size(), 2u) << "too few redraws to judge: " << seen;
  size_t scanning = 0;
  for (size_t i = 0; i + 1 < lines.size(); i++) {
    if (lines[i].find("scanning") == std::string::npos) continue;
    scanning++;
    EXPECT_EQ(lines[i].find('%'), std::string::npos)
        << "a percentage before the totals: " << lines[i];
  }
  EXPECT_GE(scanning, 1u) << seen;
  EXPECT_NE(seen.find("100% 4021/4021 files"), std::string::npos) << "no final line: " << seen;
}

TEST_F(Progress, TerminalBarShowsPercentageOnceTheWalkHasCounted) {
  build_many_files(tmp / "src", 20, 200);
  int status = 0;
  const std::string seen = run_on_terminal(
      {"-a", "--progress", "--workers=1", "--files-in-flight=1", tmp / "src", tmp / "dst"},
      &status);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << seen;
  const std::vector<std::string> lines = frames(seen);
  // A redraw at least, then the final line (0.6 s under ASan for 2,000 files).
  ASSERT_GE(lines.size(), 2u) << "too few redraws to judge: " << seen;
  size_t with_percent = 0;
  for (size_t i = 0; i + 1 < lines.size(); i++) {
    EXPECT_LT(lines[i].size(), 100u * 3) << "wider than the terminal: " << lines[i];
    if (lines[i].find("% ") == std::string::npos) continue;
    with_percent++;
    EXPECT_NE(lines[i].find("/4021 files"), std::string::npos) << lines[i];
    EXPECT_NE(lines[i].find("ETA"), std::string::npos) << lines[i];
  }
  EXPECT_GE(with_percent, 1u) << "no percentage before the end: " << seen;
  EXPECT_NE(seen.find("/src/d"), std::string::npos) << "no file name in the bar: " << seen;
}

TEST_F(Progress, LogGetsOnlyTheFinalLine) {
  build_many_files(tmp / "src", 5, 100);
  const RunResult r = run_ucopy(
      {"-a", "--progress", "--workers=1", "--files-in-flight=1", tmp / "src", tmp / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  size_t lines = 0;
  for (const std::string &line : split_lines(r.err)) lines += line.find("ucopy: progress: ") == 0;
  EXPECT_EQ(lines, 1u) << r.err;
  EXPECT_NE(r.err.find("506/506 files"), std::string::npos) << r.err;
}

TEST_F(Progress, JsonObjectsForPrograms) {
  build_many_files(tmp / "src", 10, 100);
  const RunResult r = run_ucopy(
      {"-a", "--progress=json", "--workers=1", "--files-in-flight=1", tmp / "src", tmp / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  std::vector<JsonObjectMembers> reports;
  for (const std::string &line : split_lines(r.out)) {
    std::string error;
    auto obj = parse_json_object(line, &error);
    ASSERT_TRUE(obj) << error << ": " << line;
    if ((*obj)["type"].text == "progress") reports.push_back(*obj);
  }
  ASSERT_GE(reports.size(), 2u) << r.out;
  for (const char *field : {"finished", "totals_final", "phase", "files_done", "files_total",
                            "bytes_done", "bytes_total", "bytes_per_sec", "files_failed",
                            "files_skipped", "elapsed_ns", "eta_ms", "current_path"})
    EXPECT_TRUE(reports.front().count(field)) << "no " << field << " in " << r.out;
  JsonObjectMembers last = reports.back();
  EXPECT_EQ(last["finished"].text, "1");
  EXPECT_EQ(last["totals_final"].text, "1");
  EXPECT_EQ(last["files_done"].text, "1011");
  EXPECT_EQ(last["files_total"].text, "1011");
  EXPECT_EQ(last["current_path"].kind, JsonValue::null);
  EXPECT_TRUE(r.err.empty()) << "JSON progress goes to stdout only: " << r.err;
}

TEST_F(Progress, UnknownStyleIsAUsageError) {
  const RunResult r = run_ucopy({"--progress=fancy", "a", "b"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("invalid value for --progress: 'fancy' (expected bar or json)"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace cli_test
