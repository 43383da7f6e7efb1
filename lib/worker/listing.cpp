// SPDX-License-Identifier: MIT
// A worker's listing, with the filters between the cursor and the worker
// (see listing.hpp).
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "worker/listing.hpp"

namespace ucopy_impl {

namespace {
constexpr unsigned kStatxMask = STATX_BASIC_STATS;
// Entries per round trip to the callback: enough to make the wait rare,
// few enough that the first files of a directory start soon.
constexpr size_t kBatchEntries = 256;
}  // namespace

const std::string &Listing::rel_path_of(const DirNode &dir, std::string_view name) {
  rel_path_ = dir.rel_path;
  if (!rel_path_.empty()) rel_path_ += '/';
  rel_path_ += name;
  return rel_path_;
}

bool Listing::excluded(const DirNode &dir, std::string_view name, bool is_dir) {
  return ctx_.filter_rules.excludes(rel_path_of(dir, name), is_dir);
}

bool Listing::next(DirEntry &e, int &err) {
  if (!filtering_) return cursor_->next(e, err);
  // The top-level source itself is never filtered.
  if (cursor_->node()->kind == DirNode::Kind::kFileParent) return cursor_->next(e, err);
  if (ctx_.entry_filter.active()) return next_decided(e, err);
  return next_ruled(e, err);
}

bool Listing::next_ruled(DirEntry &e, int &err) {
  const DirNode &dir = *cursor_->node();
  const bool deref = ctx_.cfg.has(UCOPY_F_DEREFERENCE);
  while (cursor_->next(e, err)) {
    bool is_dir = e.type == DT_DIR;
    const bool type_unknown = e.type == DT_UNKNOWN || (e.type == DT_LNK && deref);
    if (type_unknown && ctx_.filter_rules.needs_type()) {
      // Taken as start_entry() would take it, which then uses it.
      const int flags = e.type == DT_LNK ? 0 : AT_SYMLINK_NOFOLLOW;
      const std::string name(e.name);
      if (statx(dir.src_fd, name.c_str(), flags, kStatxMask, &rule_st_) == 0) {
        is_dir = S_ISDIR(rule_st_.stx_mode);
        e.stat = &rule_st_;
      }
    }
    if (!excluded(dir, e.name, is_dir)) return true;
    Counters::add(cnt_.filtered, 1);
  }
  return false;
}

bool Listing::next_decided(DirEntry &e, int &err) {
  for (;;) {
    while (batch_pos_ < batch_.size()) {
      const BatchEntry &b = batch_[batch_pos_++];
      if (b.skip) continue;
      e.name = b.name;
      e.dst_name = e.name;
      e.type = b.type;
      e.stat = b.have_stat ? &b.st : nullptr;
      return true;
    }
    if (listing_over_) {
      listing_over_ = false;
      err = listing_err_;
      batch_.clear();
      batch_pos_ = 0;
      return false;
    }
    if (!refill_batch(err)) return false;
  }
}

// Reads the next chunk of the listing into batch_, stats what the rules let
// through and has the callback decide on it. False when the run stopped.
bool Listing::refill_batch(int &err) {
  batch_.clear();
  queries_.clear();
  batch_pos_ = 0;
  DirEntry e;
  while (batch_.size() < kBatchEntries) {
    if (!cursor_->next(e, err)) {
      listing_over_ = true;
      listing_err_ = err;
      break;
    }
    batch_one(e);
  }
  if (queries_.empty()) return true;
  if (!ctx_.entry_filter.decide(queries_, ctx_.stop, ctx_.events)) {
    batch_.clear();
    listing_over_ = false;
    err = 0;
    return false;
  }
  apply_decisions();
  return true;
}

// Puts one listed entry into the batch, with its stat and a query for the
// callback, unless the rules leave it out. False when it was left out.
bool Listing::batch_one(const DirEntry &e) {
  const DirNode &dir = *cursor_->node();
  const bool deref = ctx_.cfg.has(UCOPY_F_DEREFERENCE);
  const FilterRules &rules = ctx_.filter_rules;
  // The rules first, by d_type where that tells them enough: an excluded
  // entry costs no system call.
  const bool type_known =
      !(e.type == DT_UNKNOWN || (e.type == DT_LNK && deref)) || !rules.needs_type();
  if (!rules.empty() && type_known && excluded(dir, e.name, e.type == DT_DIR)) {
    Counters::add(cnt_.filtered, 1);
    return false;
  }
  BatchEntry &b = batch_.emplace_back();
  b.name.assign(e.name);
  b.type = e.type;
  const int flags = (e.type == DT_LNK && deref) ? 0 : AT_SYMLINK_NOFOLLOW;
  b.have_stat = statx(dir.src_fd, b.name.c_str(), flags, kStatxMask, &b.st) == 0;
  const bool is_dir = b.have_stat ? S_ISDIR(b.st.stx_mode) : e.type == DT_DIR;
  if (!rules.empty() && !type_known && excluded(dir, b.name, is_dir)) {
    Counters::add(cnt_.filtered, 1);
    batch_.pop_back();
    return false;
  }
  // An entry that cannot be stat-ed is not asked about: starting it
  // reports the error.
  if (!b.have_stat) return true;
  FilterQuery &q = queries_.emplace_back();
  q.path = rel_path_of(dir, b.name);
  stat_from_statx(b.st, q.st);
  return true;
}

// The callback's answers onto the batch, in the order they were asked.
void Listing::apply_decisions() {
  size_t asked = 0;
  for (BatchEntry &b : batch_) {
    if (!b.have_stat) continue;
    b.skip = queries_[asked++].decision == UCOPY_SKIP;
    if (b.skip) Counters::add(cnt_.filtered, 1);
  }
}

}  // namespace ucopy_impl
