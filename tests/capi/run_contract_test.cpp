// SPDX-License-Identifier: MIT
// Promises of ucopy.h that only a run can show: rejected options leave the
// old ones in force, a cancel before a run is kept for it and then cleared,
// callbacks can stop a run, the last progress call says finished, and a
// failure's message names the path.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <ucopy.h>

#include "handle.hpp"

namespace {

namespace fs = std::filesystem;

// A private scratch directory with one small source file in it.
class RunContract : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "ucopy-capi-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr) << "mkdtemp: " << errno;
    dir_ = tmpl;
    src_ = dir_ / "src.txt";
    dst_ = dir_ / "dst.txt";
    std::ofstream(src_) << "contract\n";
    h_ = capi::new_handle();
    ASSERT_TRUE(h_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  int run() { return ucopy_run(h_.get(), src_.c_str(), dst_.c_str()); }
  static std::string read(const fs::path &p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
  }

  fs::path dir_, src_, dst_;
  capi::Handle h_;
};

// "A new handle with default options": usable for a copy as it comes,
// without a ucopy_set_options() call first.
TEST_F(RunContract, NewHandleCopiesWithItsDefaults) {
  ASSERT_EQ(run(), 0) << ucopy_last_error(h_.get());
  EXPECT_EQ(read(dst_), "contract\n");
  ucopy_stats st{};
  ASSERT_EQ(ucopy_get_stats(h_.get(), &st, sizeof st), 0);
  EXPECT_EQ(st.files, 1u);
  EXPECT_EQ(st.bytes, 9u);
}

TEST_F(RunContract, RejectedOptionsLeaveThePreviousOnesInForce) {
  ucopy_options dry = UCOPY_OPTIONS_INIT;
  dry.flags |= UCOPY_F_DRY_RUN;
  ASSERT_EQ(ucopy_set_options(h_.get(), &dry), 0) << ucopy_last_error(h_.get());
  ucopy_options bad = UCOPY_OPTIONS_INIT;  // would switch dry run off...
  bad.workers = UCOPY_WORKERS_MAX + 1;     // ...but is invalid as a whole
  ASSERT_EQ(ucopy_set_options(h_.get(), &bad), -EINVAL);
  EXPECT_EQ(run(), 0) << ucopy_last_error(h_.get());
  EXPECT_FALSE(fs::exists(dst_)) << "dry run was dropped by a rejected ucopy_set_options()";
  // Control: with valid options that drop dry run, the same run does copy,
  // so the absence above was the dry run's doing.
  const ucopy_options wet = UCOPY_OPTIONS_INIT;
  ASSERT_EQ(ucopy_set_options(h_.get(), &wet), 0) << ucopy_last_error(h_.get());
  EXPECT_EQ(run(), 0) << ucopy_last_error(h_.get());
  EXPECT_EQ(read(dst_), "contract\n");
}

// With no run active a cancel does nothing: it cannot reach a later run.
TEST_F(RunContract, CancelWithNoRunActiveDoesNothing) {
  ASSERT_EQ(ucopy_cancel(h_.get()), 0);
  EXPECT_EQ(run(), 0) << ucopy_last_error(h_.get());
  EXPECT_EQ(read(dst_), "contract\n");
}

// A tree of several files, so that the run has work left when the first
// event arrives and UCOPY_ABORT has something to stop.
TEST_F(RunContract, EventCallbackAbortStopsTheRun) {
  src_ = dir_ / "tree";
  dst_ = dir_ / "tree-copy";
  fs::create_directory(src_);
  for (int i = 0; i < 32; i++) std::ofstream(src_ / ("f" + std::to_string(i))) << i << "\n";
  int calls = 0;
  auto abort_all = [](const ucopy_event *, void *user) {
    ++*static_cast<int *>(user);
    return UCOPY_ABORT;
  };
  ASSERT_EQ(ucopy_set_event_callback(h_.get(), abort_all, &calls, UCOPY_EVENT_MASK_ALL), 0);
  EXPECT_EQ(run(), UCOPY_EABORTED) << ucopy_last_error(h_.get());
  EXPECT_GE(calls, 1);
}

// The header: any non-zero progress return stops the run, which then
// returns UCOPY_EABORTED. That includes the final call: bindings return
// non-zero to say "a callback raised", and rely on UCOPY_EABORTED to re-raise.
// A one-file copy makes the final call the only one.
TEST_F(RunContract, ProgressNonZeroOnTheFinalCallStillReportsAborted) {
  int calls = 0;
  auto stop = [](const ucopy_progress *, void *user) {
    ++*static_cast<int *>(user);
    return 1;
  };
  ASSERT_EQ(ucopy_set_progress_callback(h_.get(), stop, &calls), 0);
  EXPECT_EQ(run(), UCOPY_EABORTED);
  EXPECT_GE(calls, 1);
}

TEST_F(RunContract, LastProgressCallSaysFinished) {
  struct Seen {
    int calls = 0, finished = 0, finished_at = -1;
    uint64_t files_done = 0, bytes_done = 0;
    bool went_back = false;
  } seen;
  auto record = [](const ucopy_progress *p, void *user) {
    auto *s = static_cast<Seen *>(user);
    if (p->files_done < s->files_done || p->bytes_done < s->bytes_done) s->went_back = true;
    s->files_done = p->files_done;
    s->bytes_done = p->bytes_done;
    if (p->finished) {
      s->finished++;
      s->finished_at = s->calls;
    }
    s->calls++;
    return 0;
  };
  ASSERT_EQ(ucopy_set_progress_callback(h_.get(), record, &seen), 0);
  ASSERT_EQ(run(), 0) << ucopy_last_error(h_.get());
  EXPECT_EQ(seen.finished, 1) << "exactly one call with finished = 1";
  EXPECT_EQ(seen.finished_at, seen.calls - 1) << "and it is the last one";
  EXPECT_FALSE(seen.went_back);
  EXPECT_EQ(seen.bytes_done, 9u) << "all nine bytes of the source";
}

TEST_F(RunContract, MissingSourceFailsAndTheMessageNamesIt) {
  src_ = dir_ / "no-such-source";
  EXPECT_EQ(run(), -ENOENT);
  const std::string msg = ucopy_last_error(h_.get());
  EXPECT_NE(msg.find("no-such-source"), std::string::npos) << "message: " << msg;
}

}  // namespace
