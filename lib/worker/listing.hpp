// SPDX-License-Identifier: MIT
// A worker's listing of the directory it is on: the directory cursor and,
// on runs with filters, the rules and the filter callback between the
// cursor and the worker. Each listed entry goes through the rules (by its
// name and d_type, looking at the entry only when a directory-only rule
// needs its type), and then, if a callback is set, waits with a chunk of
// its directory for the callback's decisions. Entries left out are counted,
// not reported. Runs without filters pass straight through to the cursor.
#pragma once

#include <sys/stat.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "run/run_context.hpp"
#include "worker/walk.hpp"

namespace ucopy_impl {

class Listing {
 public:
  Listing(RunContext &ctx, Counters &cnt) : ctx_(ctx), cnt_(cnt) {}
  Listing(const Listing &) = delete;
  Listing &operator=(const Listing &) = delete;

  // Set once the run's rules and callback are known.
  void set_filtering(bool on) { filtering_ = on; }
  bool filtering() const { return filtering_; }

  // Starts listing `node`; drops the directory listed before, if any.
  void open(std::shared_ptr<DirNode> node) {
    cursor_ = std::make_unique<DirCursor>(std::move(node));
  }
  void close() { cursor_.reset(); }
  bool is_open() const { return cursor_ != nullptr; }
  const std::shared_ptr<DirNode> &node() const { return cursor_->node(); }

  // The next entry the filters let through; false at the end of the
  // listing (a listing error in `err`, as DirCursor::next) or when the run
  // stopped while the callback decided.
  bool next(DirEntry &e, int &err);

 private:
  bool next_ruled(DirEntry &e, int &err);
  bool next_decided(DirEntry &e, int &err);
  bool refill_batch(int &err);
  bool batch_one(const DirEntry &e);
  void apply_decisions();
  const std::string &rel_path_of(const DirNode &dir, std::string_view name);
  bool excluded(const DirNode &dir, std::string_view name, bool is_dir);

  RunContext &ctx_;
  Counters &cnt_;
  std::unique_ptr<DirCursor> cursor_;
  bool filtering_ = false;
  // None of the rest is touched when the run has no filters.
  std::string rel_path_;     // the entry being judged, relative to the source root
  struct statx rule_st_ {};  // a stat taken to tell an entry's type for the rules
  // A chunk of the listing, stat-ed, waiting for the callback's decisions
  // (queries_) or, once decided, to be started.
  struct BatchEntry {
    std::string name;
    unsigned char type = 0;
    bool have_stat = false;
    bool skip = false;  // the callback left it out
    struct statx st {};
  };
  std::vector<BatchEntry> batch_;
  std::vector<FilterQuery> queries_;
  size_t batch_pos_ = 0;
  bool listing_over_ = false;  // the cursor's end is behind the batch
  int listing_err_ = 0;
};

}  // namespace ucopy_impl
