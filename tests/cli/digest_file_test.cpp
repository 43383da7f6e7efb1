// SPDX-License-Identifier: MIT
// --digest and --digest-file: the manifest checks out with sha256sum -c and
// xxhsum -c from the destination, escapes names as coreutils does, names
// files relative to the destination operand, and --json carries the
// digest; a bad algorithm is a usage error naming it.
#include <gtest/gtest.h>

#include <string>

#include "cli_runner.hpp"
#include "json_check.hpp"
#include "temp_tree.hpp"

using namespace cli_test;

namespace {

// Runs `tool -c --quiet MANIFEST` (or without --quiet for xxhsum, which
// has it too) in `dir`, as a user checking a backup would.
RunResult check_in(const std::string &dir, const std::string &tool, const std::string &manifest) {
  return run_program("/bin/sh",
                     {"-c", "cd \"$1\" && \"$2\" -c --quiet \"$3\"", "sh", dir, tool, manifest});
}

bool have(const std::string &tool) {
  return run_program("/bin/sh", {"-c", "command -v \"$1\" >/dev/null", "sh", tool}).exit_code == 0;
}

void make_tree(const TempDir &tmp, bool odd_names) {
  make_dir(tmp / "src");
  make_dir(tmp / "src/sub");
  write_file(tmp / "src/a", "hello");
  write_file(tmp / "src/empty", "");
  write_file(tmp / "src/sub/big", std::string(3 << 20, 'x') + "tail");
  if (odd_names) {
    write_file(tmp / "src/back\\slash", "b");
    write_file(tmp / "src/new\nline", "n");
  }
}

TEST(DigestFile, Sha256ManifestChecksFromTheDestination) {
  TempDir tmp;
  make_tree(tmp, true);
  const std::string manifest = tmp / "SHA256SUMS";
  const RunResult r =
      run_ucopy({"-a", "--digest=sha256", "--digest-file=" + manifest, tmp / "src", tmp / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const std::string text = read_file(manifest);
  EXPECT_NE(text.find("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824  a\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  sub/big\n"), std::string::npos) << text;
  // coreutils' escapes: a leading backslash, then \\ and \n in the name.
  EXPECT_TRUE(text[0] == '\\' || text.find("\n\\") != std::string::npos) << text;
  EXPECT_NE(text.find("  back\\\\slash\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  new\\nline\n"), std::string::npos) << text;
  const RunResult check = check_in(tmp / "dst", "sha256sum", manifest);
  EXPECT_EQ(check.exit_code, 0) << check.describe();
}

TEST(DigestFile, Xxh128ManifestChecksWithXxhsum) {
  if (!have("xxhsum")) GTEST_SKIP() << "xxhsum not installed (Debian package xxhash)";
  TempDir tmp;
  // xxhsum before 0.8.2 reads no escaped lines: plain names here.
  make_tree(tmp, false);
  make_dir(tmp / "into");
  const std::string manifest = tmp / "XXH128SUMS";
  // Into an existing directory: names start with the source's name.
  const RunResult r =
      run_ucopy({"-a", "--digest=xxh128", "--digest-file=" + manifest, tmp / "src", tmp / "into"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const std::string text = read_file(manifest);
  EXPECT_NE(text.find("b5e9c1ad071b3e7fc779cfaa5e523818  src/a\n"), std::string::npos) << text;
  const RunResult check = check_in(tmp / "into", "xxhsum", manifest);
  EXPECT_EQ(check.exit_code, 0) << check.describe();
}

TEST(DigestFile, JsonEventsCarryTheDigest) {
  TempDir tmp;
  write_file(tmp / "f", "hello");
  const RunResult r = run_ucopy({"--json", "--digest=sha256", tmp / "f", tmp / "g"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto lines = split_lines(r.out);
  ASSERT_GE(lines.size(), 2u) << r.out;
  const auto event = parse_json_object(lines[0], nullptr);
  ASSERT_TRUE(event) << lines[0];
  EXPECT_EQ(event->at("digest_algorithm").text, "sha256");
  EXPECT_EQ(event->at("digest").text,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
}

TEST(DigestFile, UnknownAlgorithmIsAUsageError) {
  TempDir tmp;
  write_file(tmp / "f", "x");
  const RunResult r = run_ucopy({"--digest=md5", tmp / "f", tmp / "g"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("invalid value for --digest: 'md5' (expected xxh128 or sha256)"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(exists(tmp / "g"));
}

TEST(DigestFile, UnwritableManifestFailsBeforeCopying) {
  TempDir tmp;
  write_file(tmp / "f", "x");
  const RunResult r =
      run_ucopy({"--digest-file=" + (tmp / "no/such/dir/SUMS"), tmp / "f", tmp / "g"});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_NE(r.err.find("cannot create digest file"), std::string::npos) << r.err;
  EXPECT_FALSE(exists(tmp / "g"));
}

}  // namespace
