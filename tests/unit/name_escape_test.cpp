// SPDX-License-Identifier: MIT
// escape_name(): what the CLI prints for humans cannot carry a terminal
// escape sequence, a fake line or reordered text; ordinary names, UTF-8
// included, print as they are.
#include "name_escape.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using ucopy_cli::escape_name;

TEST(NameEscape, PrintableNamesPassThrough) {
  EXPECT_EQ(escape_name("dir/file name.txt"), "dir/file name.txt");
  EXPECT_EQ(escape_name("caf\xc3\xa9/\xe6\x97\xa5\xe6\x9c\xac"),
            "caf\xc3\xa9/\xe6\x97\xa5\xe6\x9c\xac");
  EXPECT_EQ(escape_name("emoji \xf0\x9f\x98\x80"), "emoji \xf0\x9f\x98\x80");
  EXPECT_EQ(escape_name("'quoted' \"too\""), "'quoted' \"too\"");
  EXPECT_EQ(escape_name(""), "");
}

TEST(NameEscape, ControlBytesGetCEscapes) {
  EXPECT_EQ(escape_name("a\nb"), "a\\nb");
  EXPECT_EQ(escape_name("a\tb\rc"), "a\\tb\\rc");
  EXPECT_EQ(escape_name("\a\b\f\v"), "\\a\\b\\f\\v");
  EXPECT_EQ(escape_name("back\\slash"), "back\\\\slash");
  EXPECT_EQ(escape_name("\x1b[31mred"), "\\033[31mred");
  EXPECT_EQ(escape_name(std::string("nul\0x", 5)), "nul\\000x");
  EXPECT_EQ(escape_name("del\x7f"), "del\\177");
  EXPECT_EQ(escape_name("\x01\x1f"), "\\001\\037");
}

TEST(NameEscape, InvalidUtf8BytesAreOctal) {
  EXPECT_EQ(escape_name("caf\xe9"), "caf\\351");              // Latin-1
  EXPECT_EQ(escape_name("\xc0\xaf"), "\\300\\257");           // overlong '/'
  EXPECT_EQ(escape_name("\xed\xa0\x80"), "\\355\\240\\200");  // a surrogate
  EXPECT_EQ(escape_name("\xe6\x97"), "\\346\\227");           // cut short
  EXPECT_EQ(escape_name("\xff\xfe"), "\\377\\376");
}

// The bidirectional characters are the point of this test.
// NOLINTBEGIN(misc-misleading-bidirectional)
TEST(NameEscape, TerminalAndBidiCharactersAreOctal) {
  EXPECT_EQ(escape_name("\xc2\x9b"
                        "31m"),
            "\\302\\233"
            "31m");                                  // U+009B CSI
  EXPECT_EQ(escape_name("\xc2\x85"), "\\302\\205");  // U+0085 NEL
  EXPECT_EQ(escape_name("a\xe2\x80\xa8"
                        "b"),
            "a\\342\\200\\250b");  // U+2028
  EXPECT_EQ(escape_name("\xe2\x80\xae"
                        "gpj.exe"),
            "\\342\\200\\256gpj.exe");                        // U+202E
  EXPECT_EQ(escape_name("\xe2\x81\xa6"), "\\342\\201\\246");  // U+2066
  EXPECT_EQ(escape_name("\xc2\xa0"), "\xc2\xa0");             // U+00A0 is printable
}
// NOLINTEND(misc-misleading-bidirectional)

TEST(NameEscape, OutputIsPrintableAsciiOrUtf8AndHasNoLineBreak) {
  std::string all;
  for (int c = 0; c < 256; c++) all += static_cast<char>(c);
  const std::string out = escape_name(all);
  for (const char c : out) {
    const auto b = static_cast<unsigned char>(c);
    EXPECT_TRUE(b >= 0x20 && b != 0x7F) << "byte " << int(b) << " in " << out;
  }
}

}  // namespace
