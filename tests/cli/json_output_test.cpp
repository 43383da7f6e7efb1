// SPDX-License-Identifier: MIT
// --json: every stdout line is one valid JSON object, the last one is the
// summary, and file names that are not UTF-8 survive the copy and the JSON.
#include <gtest/gtest.h>
#include <unistd.h>

#include "cli_runner.hpp"
#include "json_check.hpp"
#include "sample_tree.hpp"
#include "temp_tree.hpp"

using namespace cli_test;

namespace {

std::vector<JsonObjectMembers> parse_all(const std::string &out) {
  std::vector<JsonObjectMembers> objects;
  for (const std::string &line : split_lines(out)) {
    std::string why;
    auto obj = parse_json_object(line, &why);
    EXPECT_TRUE(obj) << why << " in line: " << line;
    if (obj) objects.push_back(std::move(*obj));
  }
  return objects;
}

// The exact bytes of a path member: name_b64 when present, else the text.
std::string path_bytes(const JsonObjectMembers &obj, const std::string &name) {
  const auto b64 = obj.find(name + "_b64");
  if (b64 == obj.end()) return obj.at(name).text;
  const auto decoded = base64_decode(b64->second.text);
  EXPECT_TRUE(decoded) << "bad base64 in " << name << "_b64";
  return decoded.value_or("");
}

TEST(JsonOutput, EventsAndSummaryParse) {
  TempDir tmp;
  build_sample_tree(tmp / "src");
  const RunResult r = run_ucopy({"-a", "--json", tmp / "src", tmp / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto objects = parse_all(r.out);
  ASSERT_FALSE(objects.empty());

  int copied_files = 0;
  for (size_t i = 0; i + 1 < objects.size(); ++i) {
    const auto &e = objects[i];
    for (const char *member :
         {"type", "code", "error", "file_type", "src", "dst", "op", "message", "bytes"})
      EXPECT_TRUE(e.count(member)) << "event lacks " << member;
    EXPECT_EQ(e.at("type").text, "copied");
    if (e.at("file_type").text == "file") ++copied_files;
    if (e.at("src").text == tmp / "src/big.bin") {
      EXPECT_EQ(e.at("bytes").text, std::to_string((1 << 20) + 3));
    }
  }
  EXPECT_EQ(copied_files, kSampleTreeFiles);

  const auto &summary = objects.back();
  EXPECT_EQ(summary.at("type").text, "summary");
  for (const char *member :
       {"files", "dirs", "symlinks", "specials", "bytes", "failures", "skipped", "warnings",
        "elapsed_ns", "sqes_submitted", "io_uring_enters", "exit_status", "return_code"})
    EXPECT_TRUE(summary.count(member)) << "summary lacks " << member;
  EXPECT_EQ(summary.at("files").text, std::to_string(kSampleTreeFiles));
  EXPECT_EQ(summary.at("dirs").text, "3");
  EXPECT_EQ(summary.at("symlinks").text, "1");
  EXPECT_EQ(summary.at("failures").text, "0");
  EXPECT_EQ(summary.at("exit_status").text, "0");
  EXPECT_EQ(summary.at("return_code").text, "0");
}

TEST(JsonOutput, NonUtf8NamesAreCopiedAndStayValidJson) {
  TempDir tmp;
  const std::string bad = "bad\xff\xfe-name\x80";       // not UTF-8 at all
  const std::string overlong = "over\xc0\xaflong";      // overlong '/'
  const std::string good = "caf\xc3\xa9 \"quoted\"\t";  // valid UTF-8, needs escapes
  make_dir(tmp / "src");
  write_file(tmp / "src" + "/" + bad, "bad bytes");
  write_file(tmp / "src" + "/" + overlong, "overlong");
  write_file(tmp / "src" + "/" + good, "good");

  const RunResult r = run_ucopy({"-a", "--json", tmp / "src", tmp / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(tmp / "dst" + "/" + bad), "bad bytes");
  EXPECT_EQ(read_file(tmp / "dst" + "/" + overlong), "overlong");
  EXPECT_EQ(read_file(tmp / "dst" + "/" + good), "good");

  int found = 0;
  for (const auto &e : parse_all(r.out)) {
    if (e.at("type").text != "copied") continue;
    const std::string src = path_bytes(e, "src");
    const std::string dst = path_bytes(e, "dst");
    for (const std::string *name : {&bad, &overlong, &good}) {
      if (src != tmp / "src" + "/" + *name) continue;
      ++found;
      EXPECT_EQ(dst, tmp / "dst" + "/" + *name);
      const bool is_utf8 = name == &good;
      EXPECT_EQ(e.count("src_b64"), is_utf8 ? 0u : 1u);
      if (!is_utf8) {
        EXPECT_NE(e.at("src").text.find("\xef\xbf\xbd"), std::string::npos)
            << "invalid bytes should show as U+FFFD";
      }
    }
  }
  EXPECT_EQ(found, 3) << r.out;
}

// A second opinion from a parser we did not write, when python3 is there.
TEST(JsonOutput, PythonAcceptsEveryLine) {
  std::string python;
  for (const char *candidate : {"/usr/bin/python3", "/usr/local/bin/python3"})
    if (access(candidate, X_OK) == 0) python = candidate;
  if (python.empty()) GTEST_SKIP() << "python3 not found in /usr/bin or /usr/local/bin";

  TempDir tmp;
  make_dir(tmp / "src");
  write_file(tmp / "src/plain", "p");
  write_file(tmp / "src/x\xff\x01y", "q");
  const RunResult r = run_ucopy({"-a", "--json", tmp / "src", tmp / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const RunResult check =
      run_program(python,
                  {"-c",
                   "import sys, json\n"
                   "n = 0\n"
                   "for line in sys.stdin.buffer.read().decode('utf-8', 'strict').splitlines():\n"
                   "    obj = json.loads(line)\n"
                   "    assert isinstance(obj, dict), line\n"
                   "    n += 1\n"
                   "assert n >= 2, n\n"
                   "assert obj['type'] == 'summary', obj\n"},
                  r.out);
  EXPECT_EQ(check.exit_code, 0) << check.describe() << "\nJSON was:\n" << r.out;
}

}  // namespace

namespace {

// A source that cannot be copied at all still shows up as an error event.
TEST(JsonOutput, RunThatFailsAsAWholeGivesAnErrorEvent) {
  TempDir tmp;
  make_dir(tmp / "into");
  const RunResult r = run_ucopy({"--json", tmp / "missing", tmp / "into"});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  const auto objects = parse_all(r.out);
  ASSERT_EQ(objects.size(), 2u) << r.out;
  EXPECT_EQ(objects[0].at("type").text, "error");
  EXPECT_EQ(objects[0].at("error").text, "ENOENT");
  EXPECT_EQ(objects[0].at("src").text, tmp / "missing");
  EXPECT_NE(objects[0].at("message").text.find("missing"), std::string::npos);
  EXPECT_EQ(objects[1].at("type").text, "summary");
  EXPECT_EQ(objects[1].at("exit_status").text, "1");
  EXPECT_EQ(objects[1].at("failed_entries").text, "1");
  EXPECT_EQ(objects[1].at("return_error").text, "ENOENT");
  EXPECT_NE(r.err.find("ucopy: "), std::string::npos) << "humans still get the message";
}

}  // namespace
