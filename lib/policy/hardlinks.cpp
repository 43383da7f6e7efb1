// SPDX-License-Identifier: MIT
#include "policy/hardlinks.hpp"

namespace ucopy_impl {

HardlinkMap::Claim HardlinkMap::claim(const InodeKey &key, LinkTarget &&first, LinkWaiter &&waiter,
                                      LinkTarget &target, int &code) {
  std::lock_guard<std::mutex> lk(mu_);
  auto [it, inserted] = map_.try_emplace(key);
  Entry &e = it->second;
  if (inserted) {
    e.target = std::move(first);
    return Claim::kFirst;
  }
  if (!e.done) {
    e.waiters.push_back(std::move(waiter));
    return Claim::kWaiting;
  }
  if (e.code != 0) {
    code = e.code;
    return Claim::kFailed;
  }
  target = e.target;
  return Claim::kLinkNow;
}

HardlinkMap::Adopt HardlinkMap::adopt(const InodeKey &key, LinkTarget &&existing) {
  std::lock_guard<std::mutex> lk(mu_);
  auto [it, inserted] = map_.try_emplace(key);
  Entry &e = it->second;
  if (inserted) {
    e.target = std::move(existing);
    e.done = true;
    return Adopt::kAdopted;
  }
  return e.done && e.code == 0 && e.target.copy == existing.copy ? Adopt::kSame : Adopt::kOther;
}

std::vector<LinkWaiter> HardlinkMap::finished(const InodeKey &key, int code, const InodeKey &copy,
                                              const DigestValue &digest, LinkTarget &target) {
  std::lock_guard<std::mutex> lk(mu_);
  auto it = map_.find(key);
  if (it == map_.end()) return {};
  Entry &e = it->second;
  e.done = true;
  e.code = code;
  e.target.copy = copy;
  e.target.digest = digest;
  target = e.target;
  std::vector<LinkWaiter> out;
  out.swap(e.waiters);
  return out;
}

}  // namespace ucopy_impl
