// SPDX-License-Identifier: MIT
// The hard-link map: what it costs per multi-link inode (at most 64 bytes
// at 1M inodes), that a record goes once all of its inode's names are
// linked, that records survive the compaction of the space others freed,
// and that a limit is kept.
#include <gtest/gtest.h>
#include <malloc.h>

#include <cerrno>
#include <cstdio>
#include <map>
#include <random>
#include <string>

#include "policy/hardlinks.hpp"

namespace ucopy_impl {
namespace {

InodeKey src_key(uint64_t ino) { return {8, 1, ino}; }
InodeKey copy_key(uint64_t ino) { return {259, 3, ino + 1000000000}; }

// A realistic relative path: 1000 files per directory, 100 directories of
// directories (d000/d012/file012345, 20 characters).
std::string path_of(uint64_t i) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "d%03u/d%03u/file%06u", static_cast<unsigned>(i / 100000 % 1000),
                static_cast<unsigned>(i / 1000 % 100), static_cast<unsigned>(i % 1000000));
  return buf;
}

HardlinkMap::Claim claim(HardlinkMap &m, uint64_t ino, uint32_t nlink, const std::string &path,
                         LinkTarget &target, int &code) {
  return m.claim(src_key(ino), nlink, path, LinkWaiter{}, target, code);
}

size_t heap_in_use() { return mallinfo2().uordblks + mallinfo2().hblkhd; }

TEST(LinkMap, AtMost64BytesPerInodeAtOneMillion) {
  constexpr uint64_t kInodes = 1000000;
  LinkTarget target;
  int code = 0;
  auto m = std::make_unique<HardlinkMap>();
  const size_t before = heap_in_use();
  for (uint64_t i = 0; i < kInodes; i++)
    ASSERT_EQ(claim(*m, i, 3, path_of(i), target, code), HardlinkMap::Claim::kFirst);
  const size_t after = heap_in_use();
  ASSERT_EQ(m->size(), kInodes);
  const double own = static_cast<double>(m->bytes()) / kInodes;
  const double heap = static_cast<double>(after - before) / kInodes;
  std::printf("hard-link map: %.1f bytes per inode by its count, %.1f by the allocator\n", own,
              heap);
  EXPECT_LE(own, 64.0);
  // Sanitizers bring their own allocator, which mallinfo2() does not see.
  if (after > before) {
    EXPECT_LE(heap, 64.0);
  }
  // Every name linked: nothing left.
  for (uint64_t i = 0; i < kInodes; i++)
    m->finished(src_key(i), 0, copy_key(i), DigestValue{}, target);
  for (int n = 0; n < 2; n++)
    for (uint64_t i = 0; i < kInodes; i++)
      ASSERT_EQ(claim(*m, i, 3, "x", target, code), HardlinkMap::Claim::kLinkNow);
  EXPECT_EQ(m->size(), 0u);
  EXPECT_EQ(m->bytes(), 0u);
}

TEST(LinkMap, DroppedOnceEveryNameIsLinked) {
  HardlinkMap m;
  LinkTarget target;
  int code = 0;
  ASSERT_EQ(claim(m, 7, 3, "a/f", target, code), HardlinkMap::Claim::kFirst);
  ASSERT_EQ(claim(m, 7, 3, "b/f", target, code), HardlinkMap::Claim::kWaiting);
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(m.finished(src_key(7), 0, copy_key(7), DigestValue{}, target).size(), 1u);
  EXPECT_EQ(target.rel, "a/f");
  EXPECT_EQ(m.size(), 1u) << "one name is still to come";
  LinkTarget later;
  ASSERT_EQ(claim(m, 7, 3, "c/f", later, code), HardlinkMap::Claim::kLinkNow);
  EXPECT_EQ(later.rel, "a/f");
  EXPECT_TRUE(later.copy == copy_key(7));
  EXPECT_EQ(m.size(), 0u);
  // All names waited: the record goes when the first copy ends.
  ASSERT_EQ(claim(m, 8, 2, "a/g", target, code), HardlinkMap::Claim::kFirst);
  ASSERT_EQ(claim(m, 8, 2, "b/g", target, code), HardlinkMap::Claim::kWaiting);
  EXPECT_EQ(m.finished(src_key(8), 0, copy_key(8), DigestValue{}, target).size(), 1u);
  EXPECT_EQ(m.size(), 0u);
  EXPECT_EQ(m.bytes(), 0u);
}

TEST(LinkMap, AFailedFirstCopyFailsTheOtherNames) {
  HardlinkMap m;
  LinkTarget target;
  int code = 0;
  ASSERT_EQ(claim(m, 9, 2, "a/f", target, code), HardlinkMap::Claim::kFirst);
  m.finished(src_key(9), -ENOSPC, {}, DigestValue{}, target);
  ASSERT_EQ(claim(m, 9, 2, "b/f", target, code), HardlinkMap::Claim::kFailed);
  EXPECT_EQ(code, -ENOSPC);
  EXPECT_EQ(m.size(), 0u);
}

TEST(LinkMap, AdoptedCopiesCountTheirNames) {
  HardlinkMap m;
  EXPECT_EQ(m.adopt(src_key(1), 3, "a/f", copy_key(1)), HardlinkMap::Adopt::kAdopted);
  EXPECT_EQ(m.adopt(src_key(1), 3, "b/f", copy_key(2)), HardlinkMap::Adopt::kOther);
  EXPECT_EQ(m.size(), 1u) << "a name to be linked anew is counted when claimed";
  EXPECT_EQ(m.adopt(src_key(1), 3, "c/f", copy_key(1)), HardlinkMap::Adopt::kSame);
  LinkTarget target;
  int code = 0;
  ASSERT_EQ(claim(m, 1, 3, "b/f", target, code), HardlinkMap::Claim::kLinkNow);
  EXPECT_EQ(target.rel, "a/f");
  EXPECT_EQ(m.size(), 0u);
}

// Records of many lengths, most dropped in a shuffled order: the arena is
// compacted several times under the survivors, which must read back whole.
TEST(LinkMap, RecordsSurviveCompaction) {
  HardlinkMap m;
  std::mt19937 rng(18);
  std::map<uint64_t, std::string> live;
  LinkTarget target;
  int code = 0;
  for (uint64_t i = 0; i < 60000; i++) {
    std::string p = path_of(i) + std::string(rng() % 300, 'x');
    ASSERT_EQ(claim(m, i, 2, p, target, code), HardlinkMap::Claim::kFirst);
    m.finished(src_key(i), 0, copy_key(i), DigestValue{}, target);
    live[i] = p;
    if (rng() % 4 != 0) {
      auto it = live.begin();
      std::advance(it, rng() % live.size());
      ASSERT_EQ(claim(m, it->first, 2, "y", target, code), HardlinkMap::Claim::kLinkNow);
      ASSERT_EQ(target.rel, it->second);
      live.erase(it);
    }
  }
  EXPECT_EQ(m.size(), live.size());
  EXPECT_LT(m.bytes(), live.size() * 400) << "freed space was taken back";
  for (auto &[ino, p] : live) {
    ASSERT_EQ(claim(m, ino, 2, "y", target, code), HardlinkMap::Claim::kLinkNow);
    ASSERT_EQ(target.rel, p);
    ASSERT_TRUE(target.copy == copy_key(ino));
  }
  EXPECT_EQ(m.size(), 0u);
}

TEST(LinkMap, KeepsItsLimitAndTakesNewInodesOnceRoomIsMade) {
  HardlinkMap m;
  m.set_limit(64 * 1024);
  LinkTarget target;
  int code = 0;
  uint64_t n = 0;
  while (claim(m, n, 2, path_of(n), target, code) == HardlinkMap::Claim::kFirst) n++;
  EXPECT_GT(n, 500u);
  EXPECT_LE(m.bytes(), 64u * 1024);
  EXPECT_TRUE(m.take_limit_notice());
  EXPECT_FALSE(m.take_limit_notice());
  // An inode left out is unknown to its later names too.
  EXPECT_EQ(claim(m, n, 2, path_of(n), target, code), HardlinkMap::Claim::kUntracked);
  // Half the inodes get their last name: room again.
  for (uint64_t i = 0; i < n / 2; i++) {
    m.finished(src_key(i), 0, copy_key(i), DigestValue{}, target);
    ASSERT_EQ(claim(m, i, 2, "z", target, code), HardlinkMap::Claim::kLinkNow);
  }
  EXPECT_EQ(claim(m, n + 1, 2, path_of(n + 1), target, code), HardlinkMap::Claim::kFirst);
  EXPECT_LE(m.bytes(), 64u * 1024);
}

// Under a limit, finished records move to the spill file and are found
// there by their later names: every link is still made, memory stays under
// the limit, and the spilled records go too once their last name is seen.
TEST(LinkMap, FinishedRecordsSpillPastTheLimitAndAreStillFound) {
  HardlinkMap m;
  m.set_limit(64 * 1024);
  LinkTarget target;
  int code = 0;
  constexpr uint64_t kInodes = 20000;
  for (uint64_t i = 0; i < kInodes; i++) {
    ASSERT_EQ(claim(m, i, 3, path_of(i), target, code), HardlinkMap::Claim::kFirst) << i;
    m.finished(src_key(i), i % 100 == 0 ? -EIO : 0, copy_key(i), DigestValue{}, target);
    ASSERT_LE(m.bytes(), 64u * 1024);
  }
  EXPECT_GT(m.spilled(), kInodes / 2);
  EXPECT_EQ(m.adopt(src_key(5), 3, "elsewhere", copy_key(5)), HardlinkMap::Adopt::kSame);
  EXPECT_EQ(m.adopt(src_key(7), 3, "elsewhere", copy_key(8)), HardlinkMap::Adopt::kOther);
  for (uint64_t i = 0; i < kInodes; i++) {
    const int names = i == 5 ? 1 : 2;
    for (int n = 0; n < names; n++) {
      LinkTarget t;
      const HardlinkMap::Claim c = claim(m, i, 3, "later", t, code);
      if (i % 100 == 0) {
        ASSERT_EQ(c, HardlinkMap::Claim::kFailed) << i;
        ASSERT_EQ(code, -EIO);
        continue;
      }
      ASSERT_EQ(c, HardlinkMap::Claim::kLinkNow) << i;
      ASSERT_EQ(t.rel, path_of(i));
      ASSERT_TRUE(t.copy == copy_key(i)) << i;
    }
  }
  EXPECT_EQ(m.size(), 0u);
  EXPECT_EQ(m.spilled(), 0u);
}

}  // namespace
}  // namespace ucopy_impl
