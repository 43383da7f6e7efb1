// SPDX-License-Identifier: MIT
#include "worker/prescan.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "run/run_context.hpp"
#include "ucopy.h"
#include "worker/dirent64.hpp"

namespace ucopy_impl {

namespace {

// Directories kept open at once, the root included: a tree 1000 levels
// deep must not take 1000 of the process's descriptors.
constexpr size_t kOpenLevels = 32;
// Of a range reopened by name, this many of its deepest levels stay open,
// so that the walk back up through them costs no more opens.
constexpr size_t kKeepReopened = kOpenLevels / 2;
// Totals are published to the coordinator this often (entries).
constexpr uint64_t kPublishEvery = 256;
constexpr size_t kListBytes = 16384;
constexpr int kNicer = 5;
constexpr unsigned kMask = STATX_TYPE | STATX_MODE | STATX_SIZE | STATX_NLINK | STATX_INO;

unsigned char dt_of(mode_t mode) {
  return S_ISDIR(mode) ? DT_DIR : S_ISREG(mode) ? DT_REG : S_ISLNK(mode) ? DT_LNK : DT_UNKNOWN;
}

}  // namespace

// One directory on the path being listed. A closed one (fd -1) keeps where
// its listing stood, and is reopened by name when the walk returns to it.
struct Prescan::Level {
  int fd = -1;
  std::string name;  // in the parent
  std::string rel;   // below the root, kept only when the rules need it
  bool follow = false;
  uint32_t dev_major = 0, dev_minor = 0;
  uint64_t ino = 0;
  int64_t resume_off = 0;  // d_off of the last entry taken: where to go on
  std::unique_ptr<char[]> buf;
  long len = 0, pos = 0;
  bool eof = false;

  ~Level() {
    if (fd >= 0) close(fd);
  }
  void close_fd() {
    if (fd >= 0) close(fd);
    fd = -1;
    buf.reset();  // what was read and not taken is listed again from resume_off
    len = pos = 0;
  }
};

Prescan::Prescan(const RunContext &ctx, int root_fd, const struct statx &root_st) : ctx_(ctx) {
  auto root = std::make_unique<Level>();
  root->fd = root_fd;
  root->dev_major = root_st.stx_dev_major;
  root->dev_minor = root_st.stx_dev_minor;
  root->ino = root_st.stx_ino;
  levels_.push_back(std::move(root));
  entries_ = 1;  // the root
  thread_ = std::thread([this] { walk(); });
}

Prescan::~Prescan() { stop(); }

void Prescan::stop() {
  stop_.store(true, std::memory_order_relaxed);
  if (thread_.joinable()) thread_.join();
}

void Prescan::walk() noexcept {
  // A little less CPU than the workers when both cores are busy: the walk
  // only has to stay ahead of the copy, and takes idle time when there is.
  errno = 0;
  const int nice_now = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  if (errno == 0)
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), std::min(19, nice_now + kNicer));
  try {
    while (!levels_.empty() && !stop_.load(std::memory_order_relaxed) &&
           !ctx_.stop.load(std::memory_order_relaxed))
      if (!step()) levels_.pop_back();
  } catch (...) {  // out of memory: the totals stay unfinished
    levels_.clear();
    return;
  }
  totals_.entries.store(entries_, std::memory_order_relaxed);
  totals_.bytes.store(bytes_, std::memory_order_relaxed);
  if (levels_.empty()) totals_.done.store(true, std::memory_order_release);
  levels_.clear();
}

// Takes one entry of the deepest directory. False when its listing is over.
bool Prescan::step() {
  Level &top = *levels_.back();
  if (top.pos >= top.len && (top.eof || !refill(top))) return false;
  auto *d = reinterpret_cast<linux_dirent64 *>(top.buf.get() + top.pos);
  top.pos += d->d_reclen;
  top.resume_off = d->d_off;
  const char *nm = d->d_name;
  if (nm[0] == '.' && (nm[1] == 0 || (nm[1] == '.' && nm[2] == 0))) return true;
  count_entry(top, nm, d->d_type);
  if (entries_ % kPublishEvery == 0) {
    totals_.entries.store(entries_, std::memory_order_relaxed);
    totals_.bytes.store(bytes_, std::memory_order_relaxed);
  }
  return true;
}

bool Prescan::refill(Level &level) {
  if (level.fd < 0 && !reopen(levels_.size() - 1)) return false;
  if (!level.buf) level.buf = std::make_unique<char[]>(kListBytes);
  const long n = syscall(SYS_getdents64, level.fd, level.buf.get(), kListBytes);
  level.pos = 0;
  level.len = n > 0 ? n : 0;
  // An error ends this listing; the worker that lists it reports it.
  if (n <= 0) level.eof = true;
  return n > 0;
}

// Counts an entry as a worker would count it, and goes into a directory.
void Prescan::count_entry(Level &dir, const char *name, unsigned char type) {
  const bool deref = ctx_.cfg.has(UCOPY_F_DEREFERENCE);
  const FilterRules &rules = ctx_.filter_rules;
  const bool type_known = type != DT_UNKNOWN && !(type == DT_LNK && deref);
  if (!rules.empty() && type_known && excluded(dir, name, type == DT_DIR)) return;
  struct statx st;
  bool have = false;
  if (!type_known || type == DT_REG) {
    const int flags = (deref ? 0 : AT_SYMLINK_NOFOLLOW) | AT_STATX_DONT_SYNC;
    have = statx(dir.fd, name, flags, kMask, &st) == 0;
    if (have) type = dt_of(st.stx_mode);
    if (!rules.empty() && !type_known && excluded(dir, name, type == DT_DIR)) return;
  }
  entries_++;
  if (type == DT_REG && have) {
    // Each name of a multi-link inode carries its share: the whole size
    // once all of its names are in the tree, as the workers count it.
    const bool linked = ctx_.cfg.has(UCOPY_F_PRESERVE_HARDLINKS) && st.stx_nlink > 1;
    bytes_ += linked ? share_of_link(st.stx_size, st.stx_nlink) : st.stx_size;
  }
  if (type == DT_DIR) descend(dir, name, dir.follow || (deref && have && !type_known));
}

void Prescan::descend(Level &dir, const char *name, bool follow) {
  close_far_levels();
  const int fd =
      openat(dir.fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
  if (fd < 0) return;  // the worker reports it
  struct statx st;
  const bool identified = statx(fd, "", AT_EMPTY_PATH, kMask, &st) == 0;
  const bool other_fs =
      ctx_.cfg.has(UCOPY_F_ONE_FILE_SYSTEM) && identified &&
      (st.stx_dev_major != ctx_.root_dev_major || st.stx_dev_minor != ctx_.root_dev_minor);
  // Not listed by the workers either: another filesystem, or a loop
  // through a followed symlink (reported there as ELOOP).
  if (other_fs || !identified || (follow && is_ancestor(st))) {
    close(fd);
    return;
  }
  auto level = std::make_unique<Level>();
  level->fd = fd;
  level->name = name;
  level->follow = follow;
  level->dev_major = st.stx_dev_major;
  level->dev_minor = st.stx_dev_minor;
  level->ino = st.stx_ino;
  if (!ctx_.filter_rules.empty()) level->rel = dir.rel.empty() ? level->name : dir.rel + '/' + name;
  levels_.push_back(std::move(level));
}

// Opens levels_[index] again by name from its nearest open ancestor, each
// step checked to be the directory listed before. False when the tree
// changed there: the rest of that directory goes uncounted.
bool Prescan::reopen(size_t index) {
  size_t from = index;
  while (levels_[from - 1]->fd < 0) from--;  // the root is always open
  for (size_t k = from; k <= index; k++) {
    Level &l = *levels_[k];
    l.fd = openat(levels_[k - 1]->fd, l.name.c_str(),
                  O_RDONLY | O_DIRECTORY | O_CLOEXEC | (l.follow ? 0 : O_NOFOLLOW));
    struct statx st;
    const bool same = l.fd >= 0 && statx(l.fd, "", AT_EMPTY_PATH, kMask, &st) == 0 &&
                      st.stx_ino == l.ino && st.stx_dev_major == l.dev_major &&
                      st.stx_dev_minor == l.dev_minor;
    if (!same || lseek(l.fd, l.resume_off, SEEK_SET) < 0) {
      l.close_fd();
      levels_[index]->eof = true;
      for (size_t c = from; c < k; c++) levels_[c]->close_fd();
      return false;
    }
    // Only the deepest few stay open: the walk returns to them next.
    if (k > from && index - (k - 1) >= kKeepReopened) levels_[k - 1]->close_fd();
  }
  return true;
}

// Before another directory is opened: close the shallowest open levels
// (never the root, nor the one being listed) beyond the budget.
void Prescan::close_far_levels() {
  size_t open = 0;
  for (const auto &l : levels_) open += l->fd >= 0 ? 1 : 0;
  for (size_t i = 1; open >= kOpenLevels && i + 1 < levels_.size(); i++) {
    if (levels_[i]->fd < 0) continue;
    levels_[i]->close_fd();
    open--;
  }
}

// size / nlink, with the remainders carried per nlink so that the names of
// one inode add up to exactly its size.
uint64_t Prescan::share_of_link(uint64_t size, uint32_t nlink) {
  uint64_t &rest = link_remainders_[nlink];
  rest += size % nlink;
  const uint64_t carry = rest / nlink;
  rest %= nlink;
  return size / nlink + carry;
}

bool Prescan::excluded(const Level &dir, const char *name, bool is_dir) const {
  const std::string rel = dir.rel.empty() ? std::string(name) : dir.rel + '/' + name;
  return ctx_.filter_rules.excludes(rel, is_dir);
}

bool Prescan::is_ancestor(const struct statx &st) const {
  for (const auto &l : levels_)
    if (l->ino == st.stx_ino && l->dev_major == st.stx_dev_major &&
        l->dev_minor == st.stx_dev_minor)
      return true;
  return false;
}

}  // namespace ucopy_impl
