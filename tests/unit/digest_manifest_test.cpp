// SPDX-License-Identifier: MIT
// --digest-file's lines: names escaped as coreutils escapes them, named
// relative to the destination operand the way the copy was laid out, and
// the digest's hex.
#include "digest_manifest.hpp"

#include <gtest/gtest.h>

namespace {

using ucopy_cli::escape_checksum_name;
using ucopy_cli::manifest_name;

TEST(DigestManifest, EscapesBackslashNewlineAndCarriageReturn) {
  bool escaped = true;
  EXPECT_EQ(escape_checksum_name("plain name", escaped), "plain name");
  EXPECT_FALSE(escaped);
  EXPECT_EQ(escape_checksum_name("a\\b\nc\rd", escaped), "a\\\\b\\nc\\rd");
  EXPECT_TRUE(escaped);
}

TEST(DigestManifest, NamesAreRelativeToTheDestinationOperand) {
  // SRC copied as DST: below DST.
  EXPECT_EQ(manifest_name("dst", "dst", "dst/sub/f"), "sub/f");
  EXPECT_EQ(manifest_name("dst/", "dst/", "dst//sub/f"), "sub/f");
  // SRC copied into the directory DST: under the source's name.
  EXPECT_EQ(manifest_name("into", "into/src", "into/src/f"), "src/f");
  EXPECT_EQ(manifest_name("/", "/src", "/src/f"), "src/f");
  // A single file: its own name (checked from its directory).
  EXPECT_EQ(manifest_name("copy", "copy", "copy"), "copy");
  EXPECT_EQ(manifest_name("d/copy", "d/copy", "d/copy"), "copy");
  EXPECT_EQ(manifest_name("into", "into/file", "into/file"), "file");
  // A sibling that merely starts with the same bytes is not below it.
  EXPECT_EQ(manifest_name("dst", "dst", "dst2/f"), "f");
}

TEST(DigestManifest, HexOfTheEventsDigest) {
  ucopy_event e{};
  e.digest_len = 3;
  e.digest[0] = 0x00;
  e.digest[1] = 0xab;
  e.digest[2] = 0x7f;
  EXPECT_EQ(ucopy_cli::digest_hex(e), "00ab7f");
  e.digest_len = 0;
  EXPECT_EQ(ucopy_cli::digest_hex(e), "");
}

}  // namespace
