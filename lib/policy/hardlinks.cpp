// SPDX-License-Identifier: MIT
#include "policy/hardlinks.hpp"

#include <cerrno>

namespace ucopy_impl {

// One more name of the record's inode seen; when that was the last one and
// the first copy has ended, the record goes.
void HardlinkMap::count_name(uint32_t h) {
  const uint32_t left = table_.names_left(h);
  if (left > 0) table_.set_names_left(h, left - 1);
  if (left <= 1 && table_.status(h) != LinkTable::kPending) drop(h);
}

void HardlinkMap::drop(uint32_t h) {
  forget_digest(h);
  table_.erase(h);
}

void HardlinkMap::forget_digest(uint32_t h) {
  if (digests_.empty()) return;
  InodeKey k;
  table_.key(h, k);
  digests_.erase(k);
}

void HardlinkMap::count_spilled(SpilledLink &rec, uint64_t slot) {
  if (rec.names_left > 1) {
    rec.names_left--;
    spill_.update(slot, rec);
  } else {
    spill_.remove(slot);
  }
}

bool HardlinkMap::spill_record(uint32_t h) {
  SpilledLink rec;
  InodeKey k;
  InodeKey copy;
  table_.key(h, k);
  table_.copy(h, copy);
  rec.ino = k.ino;
  rec.dev_major = k.dev_major;
  rec.dev_minor = k.dev_minor;
  rec.copy_ino = copy.ino;
  rec.copy_major = copy.dev_major;
  rec.copy_minor = copy.dev_minor;
  rec.names_left = table_.names_left(h);
  rec.status = table_.status(h);
  forget_digest(h);  // later names of a spilled file report no digest
  return spill_.put(rec, table_.path(h));
}

// A new record; at the limit, the oldest finished half of the records go
// to the spill file first.
uint32_t HardlinkMap::insert(const InodeKey &key, std::string_view path, uint32_t names_left) {
  uint32_t h = table_.insert(key, path, names_left, limit_);
  if (h != LinkTable::kNone || limit_ == 0 || path.size() > LinkTable::kMaxPath) return h;
  const uint64_t half = table_.live_words() / 2 + 1;
  if (table_.evict_oldest(half, [this](uint32_t r) { return spill_record(r); }) > 0)
    h = table_.insert(key, path, names_left, limit_);
  return h;
}

HardlinkMap::Claim HardlinkMap::claim_spilled(SpilledLink &rec, uint64_t slot, LinkTarget &target,
                                              int &code) {
  if (rec.status != 0) {
    code = rec.status;
    count_spilled(rec, slot);
    return Claim::kFailed;
  }
  if (!spill_.read_path(rec, target.rel)) return Claim::kUntracked;
  target.copy = {rec.copy_major, rec.copy_minor, rec.copy_ino};
  count_spilled(rec, slot);
  return Claim::kLinkNow;
}

HardlinkMap::Claim HardlinkMap::claim(const InodeKey &key, uint32_t nlink, std::string_view first,
                                      LinkWaiter &&waiter, LinkTarget &target, int &code) {
  std::lock_guard<std::mutex> lk(mu_);
  const uint32_t h = table_.find(key);
  if (h == LinkTable::kNone) {
    SpilledLink rec;
    uint64_t slot = 0;
    if (spill_.size() > 0 && spill_.get(key, rec, slot))
      return claim_spilled(rec, slot, target, code);
    const uint32_t left = nlink > 0 ? nlink - 1 : 0;
    return insert(key, first, left) == LinkTable::kNone ? Claim::kUntracked : Claim::kFirst;
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
  if (auto it = digests_.find(key); it != digests_.end()) target.digest = it->second;
  count_name(h);
  return Claim::kLinkNow;
}

HardlinkMap::Adopt HardlinkMap::adopt(const InodeKey &key, uint32_t nlink, std::string_view rel,
                                      const InodeKey &copy) {
  std::lock_guard<std::mutex> lk(mu_);
  uint32_t h = table_.find(key);
  SpilledLink rec;
  uint64_t slot = 0;
  if (h == LinkTable::kNone && spill_.size() > 0 && spill_.get(key, rec, slot)) {
    const InodeKey first{rec.copy_major, rec.copy_minor, rec.copy_ino};
    if (rec.status != 0 || !(first == copy)) return Adopt::kOther;
    count_spilled(rec, slot);
    return Adopt::kSame;
  }
  if (h == LinkTable::kNone) {
    // Not recorded when the map is full: later names then find nothing
    // and are judged (or copied) on their own.
    h = insert(key, rel, nlink > 0 ? nlink - 1 : 0);
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
                                              const DigestValue &digest, LinkTarget &target) {
  std::lock_guard<std::mutex> lk(mu_);
  // A pending record is never spilled: it is in memory (or untracked).
  const uint32_t h = table_.find(key);
  if (h == LinkTable::kNone) return {};
  // Past 65,535 devices the copy's cannot be recorded: its names fail
  // rather than link to an inode that was never checked.
  if (code == 0 && !table_.set_copy(h, copy)) code = -EOVERFLOW;
  table_.set_status(h, code);
  target.rel.assign(table_.path(h));
  target.copy = copy;
  target.digest = digest;
  if (code == 0 && digest.len != 0 && table_.names_left(h) > 0) digests_[key] = digest;
  std::vector<LinkWaiter> out;
  if (auto it = waiters_.find(key); it != waiters_.end()) {
    out.swap(it->second);
    waiters_.erase(it);
  }
  if (table_.names_left(h) == 0) drop(h);
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

uint64_t HardlinkMap::spilled() {
  std::lock_guard<std::mutex> lk(mu_);
  return spill_.size();
}

}  // namespace ucopy_impl
