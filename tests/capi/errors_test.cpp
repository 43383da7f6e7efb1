// SPDX-License-Identifier: MIT
// ucopy_strerror() and ucopy_error_name() for every code the header defines,
// for errno values, and for values that are no code at all.
#include <cerrno>
#include <climits>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <ucopy.h>

namespace {

struct OwnCode {
  int code;
  const char *name;
};

// Every UCOPY_E* code in ucopy.h; a code added there must be added here.
constexpr OwnCode kOwnCodes[] = {
    {UCOPY_EPARTIAL, "UCOPY_EPARTIAL"},     {UCOPY_EABORTED, "UCOPY_EABORTED"},
    {UCOPY_ECHANGED, "UCOPY_ECHANGED"},     {UCOPY_ESAMEFILE, "UCOPY_ESAMEFILE"},
    {UCOPY_EDSTINSIDE, "UCOPY_EDSTINSIDE"}, {UCOPY_EVERIFY, "UCOPY_EVERIFY"},
};

TEST(Errors, OwnCodesHaveTheirMacroNames) {
  for (const auto &c : kOwnCodes) EXPECT_STREQ(ucopy_error_name(c.code), c.name) << c.code;
}

// Distinct descriptions: a table that maps two codes to one text (or to the
// fallback) is a copy-paste slip the caller cannot see otherwise.
TEST(Errors, OwnCodesHaveDistinctDescriptions) {
  const std::string unknown = ucopy_strerror(-999999);
  std::set<std::string> seen;
  for (const auto &c : kOwnCodes) {
    const char *text = ucopy_strerror(c.code);
    ASSERT_NE(text, nullptr) << c.name;
    EXPECT_STRNE(text, "") << c.name;
    EXPECT_NE(unknown, text) << c.name << " falls back to the unknown-code text";
    EXPECT_TRUE(seen.insert(text).second) << c.name << " shares its text: " << text;
  }
}

TEST(Errors, OwnCodesDoNotCollideWithErrno) {
  // errno values are below 4096 on Linux (MAX_ERRNO); -ECANCELED is the
  // cancel code and must stay distinguishable from every UCOPY_E* code.
  for (const auto &c : kOwnCodes) {
    EXPECT_LT(c.code, -4095) << c.name;
    EXPECT_NE(c.code, -ECANCELED) << c.name;
  }
}

TEST(Errors, SuccessIsNamed) {
  EXPECT_STREQ(ucopy_error_name(UCOPY_OK), "UCOPY_OK");
  ASSERT_NE(ucopy_strerror(UCOPY_OK), nullptr);
  EXPECT_STRNE(ucopy_strerror(UCOPY_OK), "");
}

TEST(Errors, NegatedErrnoValuesHaveErrnoNames) {
  const struct {
    int code;
    const char *name;
  } cases[] = {
      {-ENOENT, "ENOENT"}, {-EINVAL, "EINVAL"}, {-EEXIST, "EEXIST"},       {-EACCES, "EACCES"},
      {-ENOSPC, "ENOSPC"}, {-ENOMEM, "ENOMEM"}, {-ECANCELED, "ECANCELED"}, {-EXDEV, "EXDEV"},
  };
  for (const auto &c : cases) {
    EXPECT_STREQ(ucopy_error_name(c.code), c.name) << c.code;
    const char *text = ucopy_strerror(c.code);
    ASSERT_NE(text, nullptr) << c.name;
    EXPECT_STRNE(text, "") << c.name;
  }
}

TEST(Errors, ErrnoDescriptionsDiffer) {
  EXPECT_STRNE(ucopy_strerror(-ENOENT), ucopy_strerror(-EACCES));
  EXPECT_STRNE(ucopy_strerror(-ENOENT), ucopy_strerror(-999999));
}

// Values that are no status code: "UNKNOWN" and never NULL. INT_MIN is the
// one whose negation overflows, a classic crash in errno lookups.
TEST(Errors, UnknownCodesAreNamedUnknownAndNeverNull) {
  for (int code : {-999999, -10000, -10007, -4096, INT_MIN, INT_MAX, 123456}) {
    EXPECT_STREQ(ucopy_error_name(code), "UNKNOWN") << code;
    const char *text = ucopy_strerror(code);
    ASSERT_NE(text, nullptr) << code;
    EXPECT_STRNE(text, "") << code;
  }
}

// "static": the same string for the same code on every call, so callers may
// keep the pointer.
TEST(Errors, StringsAreStatic) {
  EXPECT_EQ(ucopy_strerror(UCOPY_EPARTIAL), ucopy_strerror(UCOPY_EPARTIAL));
  EXPECT_EQ(ucopy_error_name(-ENOENT), ucopy_error_name(-ENOENT));
}

}  // namespace
