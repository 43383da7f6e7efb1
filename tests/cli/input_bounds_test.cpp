// SPDX-License-Identifier: MIT
// Hostile input to the CLI: pattern files that never end or hold NUL
// bytes fail fast with the file and line named; file names with terminal
// escapes or newlines print escaped for humans and exact in --json.
#include <gtest/gtest.h>

#include <chrono>

#include "cli_runner.hpp"
#include "json_check.hpp"
#include "temp_tree.hpp"

using namespace cli_test;

namespace {

TEST(InputBounds, ExcludeFromDevZeroFailsFast) {
  TempDir tmp;
  make_dir(tmp / "src");
  const auto start = std::chrono::steady_clock::now();
  const RunResult r = run_ucopy({"-a", "--exclude-from=/dev/zero", tmp / "src", tmp / "dst"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("ucopy: /dev/zero:1: NUL byte in pattern"), std::string::npos)
      << r.describe();
  EXPECT_FALSE(exists(tmp / "dst"));
}

TEST(InputBounds, OverlongPatternLineNamesFileAndLine) {
  TempDir tmp;
  make_dir(tmp / "src");
  write_file(tmp / "pats", "*.o\n# comment\n" + std::string(5000, 'x') + "\n");
  const RunResult r =
      run_ucopy({"-a", "--exclude-from=" + (tmp / "pats"), tmp / "src", tmp / "dst"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find(tmp / "pats" + ":3: line longer than 4096 bytes"), std::string::npos)
      << r.describe();
}

TEST(InputBounds, OverlongExcludeOptionIsAUsageError) {
  TempDir tmp;
  make_dir(tmp / "src");
  const RunResult r =
      run_ucopy({"-a", "--exclude=" + std::string(5000, 'x'), tmp / "src", tmp / "dst"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("5000 bytes, longer than the limit of 4096"), std::string::npos)
      << r.describe();
}

const std::string kNastyName = "evil\n\x1b]0;owned\x07\x1b[2Jname\xe9";
const std::string kEscapedName = R"(evil\n\033]0;owned\a\033[2Jname\351)";

TEST(InputBounds, VerboseOutputEscapesNames) {
  TempDir tmp;
  make_dir(tmp / "src");
  write_file(tmp / "src" + "/" + kNastyName, "data");
  const RunResult r = run_ucopy({"-a", "-v", tmp / "src", tmp / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_TRUE(exists(tmp / "dst" + "/" + kNastyName));
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\x07'), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/" + kEscapedName + "' -> '"), std::string::npos) << r.out;
  // One line per entry: the root and the file.
  EXPECT_EQ(split_lines(r.out).size(), 2u) << r.out;
}

TEST(InputBounds, ErrorMessagesEscapeNames) {
  TempDir tmp;
  const RunResult r = run_ucopy({"-a", tmp / kNastyName, tmp / "dst"});
  EXPECT_NE(r.exit_code, 0) << r.describe();
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(kEscapedName), std::string::npos) << r.err;
}

TEST(InputBounds, JsonKeepsNamesExact) {
  TempDir tmp;
  make_dir(tmp / "src");
  write_file(tmp / "src" + "/" + kNastyName, "data");
  const RunResult r = run_ucopy({"-a", "--json", tmp / "src", tmp / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  bool found = false;
  for (const std::string &line : split_lines(r.out)) {
    std::string why;
    const auto obj = parse_json_object(line, &why);
    ASSERT_TRUE(obj) << why << ": " << line;
    const auto b64 = obj->find("src_b64");
    if (b64 == obj->end()) continue;
    EXPECT_EQ(base64_decode(b64->second.text).value_or(""), tmp / "src" + "/" + kNastyName);
    found = true;
  }
  EXPECT_TRUE(found) << r.out;
}

}  // namespace

namespace {

TEST(InputBounds, BufferMemoryOverTheLimitIsAUsageError) {
  TempDir tmp;
  make_dir(tmp / "src");
  const RunResult r = run_ucopy({"-a", "--workers=256", "--files-in-flight=4096",
                                 "--buffer-size=64M", tmp / "src", tmp / "dst"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("256 workers x 4096 files in flight x 67108864-byte buffers"),
            std::string::npos)
      << r.describe();
  EXPECT_NE(r.err.find("limit of 4096 MiB"), std::string::npos) << r.describe();
  EXPECT_FALSE(exists(tmp / "dst"));
}

}  // namespace
