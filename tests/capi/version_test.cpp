// SPDX-License-Identifier: MIT
// The library's version against the header's macros and the build's version.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <ucopy.h>

namespace {

TEST(Version, NumberEncodesTheParts) {
  EXPECT_EQ(UCOPY_VERSION_NUMBER,
            UCOPY_VERSION_MAJOR * 10000 + UCOPY_VERSION_MINOR * 100 + UCOPY_VERSION_PATCH);
}

// The tests are built together with the library, so header and library
// versions must be the same here (they may differ only for an installed
// program run against a newer library).
TEST(Version, LibraryMatchesHeader) {
  EXPECT_EQ(ucopy_version(), static_cast<unsigned>(UCOPY_VERSION_NUMBER));
}

TEST(Version, StringMatchesMacros) {
  const char *s = ucopy_version_string();
  ASSERT_NE(s, nullptr);
  char expected[32];
  std::snprintf(expected, sizeof expected, "%d.%d.%d", UCOPY_VERSION_MAJOR, UCOPY_VERSION_MINOR,
                UCOPY_VERSION_PATCH);
  EXPECT_STREQ(s, expected);
}

// project(VERSION) in CMakeLists.txt names the .so file and goes into
// ucopy.pc; the header's macros must say the same.
TEST(Version, HeaderMatchesBuildVersion) {
  char header[32];
  std::snprintf(header, sizeof header, "%d.%d.%d", UCOPY_VERSION_MAJOR, UCOPY_VERSION_MINOR,
                UCOPY_VERSION_PATCH);
  EXPECT_EQ(std::string(header), std::string(UCOPY_TEST_PROJECT_VERSION));
}

}  // namespace
