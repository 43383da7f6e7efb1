// SPDX-License-Identifier: MIT
#include "policy/hardlinks.hpp"

#include <cerrno>

namespace ucopy_impl {

// One more name of the record's inode seen; when that was the last one and
// the first copy has ended, the record goes.
void HardlinkMap::count_name(uint32_t h) {
  const uint32_t left = table_.names_left(h);
  if (left > 0) table_.set_names_left(h, left - 1);
  if (left <= 1 && table_.status(h) != LinkTable::kPending) table_.erase(h);
}

HardlinkMap::Claim HardlinkMap::claim(const InodeKey &key, uint32_t nlink, std::string_view first,
                                      LinkWaiter &&waiter, LinkTarget &target, int &code) {
  std::lock_guard<std::mutex> lk(mu_);
  const uint32_t h = table_.find(key);
  if (h == LinkTable::kNone) {
    const uint32_t left = nlink > 0 ? nlink - 1 : 0;
    return table_.insert(key, first, left, limit_) == LinkTable::kNone ? Claim::kUntracked
                                                                       : Claim::kFirst;
  }
  const int32_t status = table_.status(h);
  if (status == LinkTable::kPending) {
    waiters_[key].push_back(std::move(waiter));
    count_name(h);
    return Claim::kWaiting;
  }
  if (status != 0) {
    code = status;
    count_name(h);
    return Claim::kFailed;
  }
  target.rel.assign(table_.path(h));
  table_.copy(h, target.copy);
  count_name(h);
  return Claim::kLinkNow;
}

HardlinkMap::Adopt HardlinkMap::adopt(const InodeKey &key, uint32_t nlink, std::string_view rel,
                                      const InodeKey &copy) {
  std::lock_guard<std::mutex> lk(mu_);
  uint32_t h = table_.find(key);
  if (h == LinkTable::kNone) {
    // Not recorded when the map is full: later names then find nothing
    // and are judged (or copied) on their own.
    h = table_.insert(key, rel, nlink > 0 ? nlink - 1 : 0, limit_);
    if (h == LinkTable::kNone) return Adopt::kAdopted;
    table_.set_status(h, 0);
    if (!table_.set_copy(h, copy)) table_.erase(h);
    return Adopt::kAdopted;
  }
  InodeKey first;
  table_.copy(h, first);
  if (table_.status(h) != 0 || !(first == copy)) return Adopt::kOther;
  count_name(h);
  return Adopt::kSame;
}

std::vector<LinkWaiter> HardlinkMap::finished(const InodeKey &key, int code, const InodeKey &copy,
                                              LinkTarget &target) {
  std::lock_guard<std::mutex> lk(mu_);
  const uint32_t h = table_.find(key);
  if (h == LinkTable::kNone) return {};
  // Past 65,535 devices the copy's cannot be recorded: its names fail
  // rather than link to an inode that was never checked.
  if (code == 0 && !table_.set_copy(h, copy)) code = -EOVERFLOW;
  table_.set_status(h, code);
  target.rel.assign(table_.path(h));
  target.copy = copy;
  std::vector<LinkWaiter> out;
  if (auto it = waiters_.find(key); it != waiters_.end()) {
    out.swap(it->second);
    waiters_.erase(it);
  }
  if (table_.names_left(h) == 0) table_.erase(h);
  return out;
}

size_t HardlinkMap::size() {
  std::lock_guard<std::mutex> lk(mu_);
  return table_.size();
}

uint64_t HardlinkMap::bytes() {
  std::lock_guard<std::mutex> lk(mu_);
  return table_.bytes();
}

}  // namespace ucopy_impl
