// SPDX-License-Identifier: MIT
// `ucopy --help` and man/ucopy.1 must describe the same options with the
// same defaults.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "cli_runner.hpp"
#include "temp_tree.hpp"

using namespace cli_test;

namespace {

std::string collapse_spaces(const std::string &text) {
  return std::regex_replace(text, std::regex("\\s+"), " ");
}

// The man page as plain text: comments dropped, font and character escapes
// resolved, request names removed, lines joined.
std::string man_as_text(const std::string &roff) {
  std::string text;
  for (const std::string &raw : std::vector<std::string>{[&] {
         std::vector<std::string> lines;
         size_t start = 0;
         while (start <= roff.size()) {
           size_t end = roff.find('\n', start);
           if (end == std::string::npos) end = roff.size();
           lines.push_back(roff.substr(start, end - start));
           start = end + 1;
         }
         return lines;
       }()}) {
    if (raw.rfind(".\\\"", 0) == 0) continue;  // comment
    std::string line = raw;
    if (!line.empty() && line[0] == '.') {
      const size_t space = line.find(' ');
      line = space == std::string::npos ? "" : line.substr(space + 1);
      // .BR/.IR/.BI alternate fonts between words without spaces; quotes group.
      line = std::regex_replace(line, std::regex("\""), "");
    }
    text += line + "\n";
  }
  text = std::regex_replace(text, std::regex("\\\\f[BIRP]"), "");
  text = std::regex_replace(text, std::regex("\\\\-"), "-");
  text = std::regex_replace(text, std::regex("\\\\\\(dq"), "\"");
  text = std::regex_replace(text, std::regex("\\\\[~&]"), " ");
  return collapse_spaces(text);
}

std::set<std::string> long_options_in(const std::string &text) {
  std::set<std::string> names;
  const std::regex option("--[a-z][a-z0-9-]*");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), option);
       it != std::sregex_iterator(); ++it)
    names.insert(it->str());
  return names;
}

// Options in the tag lines of the OPTIONS section (the line after each .TP).
std::set<std::string> man_option_tags(const std::string &roff) {
  std::set<std::string> tags;
  const size_t begin = roff.find("\n.SH OPTIONS");
  const size_t end = roff.find("\n.SH ", begin + 1);
  const std::string section = roff.substr(begin, end - begin);
  const std::regex tag_line("\\n\\.TP\\n([^\\n]*)");
  for (auto it = std::sregex_iterator(section.begin(), section.end(), tag_line);
       it != std::sregex_iterator(); ++it)
    for (const std::string &name : long_options_in(man_as_text((*it)[1].str()))) tags.insert(name);
  return tags;
}

// Options in the help's option table (lines that start with spaces and '-').
std::set<std::string> help_option_tags(const std::string &help) {
  std::set<std::string> tags;
  const std::regex table_line("(^|\\n) +(-[^\\n]*)");
  for (auto it = std::sregex_iterator(help.begin(), help.end(), table_line);
       it != std::sregex_iterator(); ++it) {
    const std::string line = (*it)[2].str();
    const std::string tag = line.substr(0, line.find("  "));  // option column only
    for (const std::string &name : long_options_in(tag)) tags.insert(name);
  }
  return tags;
}

std::string join(const std::set<std::string> &names) {
  std::string text;
  for (const std::string &n : names) text += n + " ";
  return text;
}

class HelpAndMan : public ::testing::Test {
 protected:
  void SetUp() override {
    const RunResult r = run_ucopy({"--help"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    help = r.out;
    roff = read_file(UCOPY_MAN_PAGE);
  }
  std::string help, roff;
};

TEST_F(HelpAndMan, EveryHelpOptionIsDocumentedInTheManPage) {
  const auto help_tags = help_option_tags(help);
  const auto man_tags = man_option_tags(roff);
  ASSERT_GE(help_tags.size(), 15u) << "help table not found: " << join(help_tags);
  EXPECT_EQ(join(help_tags), join(man_tags));
}

TEST_F(HelpAndMan, ManPageMentionsNoOptionTheHelpLacks) {
  const auto help_tags = help_option_tags(help);
  for (const std::string &name : long_options_in(man_as_text(roff)))
    EXPECT_TRUE(help_tags.count(name)) << "ucopy.1 mentions " << name << ", --help does not";
  for (const std::string &name : long_options_in(help))
    EXPECT_TRUE(help_tags.count(name)) << "--help mentions " << name << " outside its table";
}

TEST_F(HelpAndMan, DefaultsAreWordedTheSame) {
  const std::string help_text = collapse_spaces(help);
  const std::string man_text = man_as_text(roff);
  const std::regex default_phrase("\\((default[^)]*)\\)");
  int defaults = 0;
  for (auto it = std::sregex_iterator(help_text.begin(), help_text.end(), default_phrase);
       it != std::sregex_iterator(); ++it, ++defaults)
    EXPECT_NE(man_text.find(it->str()), std::string::npos)
        << "ucopy.1 lacks the help's wording " << it->str();
  EXPECT_GE(defaults, 6) << help_text;
}

TEST_F(HelpAndMan, ManPageHasTheUsualSections) {
  for (const char *section : {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS",
                              ".SH EXIT STATUS", ".SH EXAMPLES", ".SH SEE ALSO"})
    EXPECT_NE(roff.find(section), std::string::npos) << section;
  for (const char *ref : {".BR libucopy (3)", ".BR cp (1)", ".BR rsync (1)"})
    EXPECT_NE(roff.find(ref), std::string::npos) << ref;
}

}  // namespace
