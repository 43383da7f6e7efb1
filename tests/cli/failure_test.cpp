// SPDX-License-Identifier: MIT
// One unreadable file: the rest is copied, the failure is named, exit 1.
// Root reads everything, so as root the CLI runs as nobody (65534).
#include <gtest/gtest.h>
#include <unistd.h>

#include "cli_runner.hpp"
#include "json_check.hpp"
#include "temp_tree.hpp"

using namespace cli_test;

namespace {

class UnreadableFile : public ::testing::Test {
 protected:
  void SetUp() override {
    make_dir(tmp / "src");
    write_file(tmp / "src/good1", "good one");
    write_file(tmp / "src/secret", "hidden", 0000);
    write_file(tmp / "src/good2", "good two");
    if (geteuid() == 0) {
      settings.as_user = true;
      if (!can_switch_user(settings.uid, settings.gid)) {
        skip_reason = "running as root but cannot switch to uid/gid 65534";
        return;
      }
      // The unprivileged CLI must be able to walk the source and write the copy.
      set_mode(tmp.path(), 0755);
      chown_tree(tmp.path(), settings.uid, settings.gid);
      if (user_can_read(settings.uid, settings.gid, tmp / "src/secret"))
        skip_reason = "uid 65534 can still read a mode-0000 file (capabilities?)";
    } else if (access((tmp / "src/secret").c_str(), R_OK) == 0) {
      skip_reason = "this user can read a mode-0000 file";
    }
  }
  TempDir tmp;
  RunSettings settings;
  std::string skip_reason;
};

TEST_F(UnreadableFile, OthersAreCopiedAndExitIsOne) {
  if (!skip_reason.empty()) GTEST_SKIP() << skip_reason;
  const RunResult r = run_ucopy({"-a", tmp / "src", tmp / "dst"}, settings);
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_EQ(read_file(tmp / "dst/good1"), "good one");
  EXPECT_EQ(read_file(tmp / "dst/good2"), "good two");
  EXPECT_NE(r.err.find("ucopy: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("secret"), std::string::npos) << "the message must name the file: " << r.err;
  EXPECT_NE(r.err.find("ucopy: 1 entry could not be copied"), std::string::npos) << r.err;
}

TEST_F(UnreadableFile, JsonReportsTheErrorEventAndSummary) {
  if (!skip_reason.empty()) GTEST_SKIP() << skip_reason;
  const RunResult r = run_ucopy({"-a", "--json", tmp / "src", tmp / "dst"}, settings);
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  bool saw_error = false, saw_summary = false;
  for (const std::string &line : split_lines(r.out)) {
    std::string why;
    const auto obj = parse_json_object(line, &why);
    ASSERT_TRUE(obj) << why << ": " << line;
    const std::string type = obj->at("type").text;
    if (type == "error") {
      saw_error = true;
      EXPECT_EQ(obj->at("error").text, "EACCES") << line;
      EXPECT_EQ(obj->at("code").text, "-13") << line;
      EXPECT_EQ(obj->at("src").text, tmp / "src/secret") << line;
      EXPECT_EQ(obj->at("file_type").text, "file") << line;
    }
    if (type == "summary") {
      saw_summary = true;
      EXPECT_EQ(obj->at("failures").text, "1") << line;
      EXPECT_EQ(obj->at("files").text, "2") << line;
      EXPECT_EQ(obj->at("exit_status").text, "1") << line;
      EXPECT_EQ(obj->at("return_error").text, "UCOPY_EPARTIAL") << line;
    }
  }
  EXPECT_TRUE(saw_error) << r.out;
  EXPECT_TRUE(saw_summary) << r.out;
}

}  // namespace
