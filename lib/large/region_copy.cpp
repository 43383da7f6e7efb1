// SPDX-License-Identifier: MIT
// The large-file path; see region_copy.hpp.
#include "large/region_copy.hpp"

#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <system_error>

#include "meta/entry_meta.hpp"
#include "policy/create_policy.hpp"
#include "run/file_op.hpp"
#include "run/run_context.hpp"
#include "ucopy.h"

namespace ucopy_impl {

namespace {
constexpr size_t kChunk = 1 << 20;           // read/write and verify chunk
constexpr uint64_t kCfrChunk = 16ull << 20;  // per copy_file_range call: cancel stays prompt
constexpr uint64_t kNoEof = UINT64_MAX;
constexpr uint64_t kDirectAlign = 4096;
constexpr uint64_t kDirectMin = 8ull << 20;  // smaller files: the page cache

struct FreeDeleter {
  void operator()(char *p) const { std::free(p); }
};
using Buffer = std::unique_ptr<char, FreeDeleter>;

Buffer make_buffer() { return Buffer(static_cast<char *>(std::aligned_alloc(4096, kChunk))); }

}  // namespace

// ---- Mailbox ------------------------------------------------------------

Mailbox::Mailbox(size_t capacity) : fd_(eventfd(0, EFD_CLOEXEC)) { done_.reserve(capacity); }

Mailbox::~Mailbox() {
  if (fd_ >= 0) close(fd_);
}

void Mailbox::post(FileOp *op) {
  // The write happens under the lock: once the worker can take the op, it
  // may finish its last file and close the eventfd, so nothing of the
  // mailbox may be touched after the lock is released.
  std::lock_guard<std::mutex> lk(mu_);
  done_.push_back(op);
  const uint64_t one = 1;
  // Fails only if the counter would overflow: the worker wakes anyway.
  [[maybe_unused]] ssize_t n = write(fd_, &one, sizeof one);
}

void Mailbox::take(std::vector<FileOp *> &out) {
  std::lock_guard<std::mutex> lk(mu_);
  out.assign(done_.begin(), done_.end());
  done_.clear();  // keeps its capacity: post() never allocates
}

// ---- Jobs ---------------------------------------------------------------

struct HelperPool::Scratch {
  Buffer a;
  Buffer b;
  char *first() {
    if (!a) a = make_buffer();
    return a.get();
  }
  char *second() {
    if (!b) b = make_buffer();
    return b.get();
  }
};

struct HelperPool::Job {
  FileOp *op = nullptr;
  Mailbox *mb = nullptr;
  int src = -1;
  int dst = -1;
  int dst_direct = -1;  // the destination again with O_DIRECT (UCOPY_F_NO_DIRECT_IO)
  uint64_t size = 0;
  uint64_t region = 0;
  uint64_t nregions = 0;
  bool sparse_scan = false;  // copy only the data segments
  bool zero_runs = false;    // and leave zero blocks out
  bool noatime = false;      // UCOPY_F_NOATIME, where permitted
  std::atomic<uint64_t> next{0};
  std::atomic<unsigned> active{0};
  std::atomic<bool> use_rw{false};
  std::atomic<bool> direct_ok{true};  // cleared when O_DIRECT I/O fails with EINVAL
  std::atomic<bool> failed{false};
  std::atomic<uint64_t> eof_at{kNoEof};
  std::atomic<uint64_t> bytes_cfr{0};
  std::atomic<uint64_t> bytes_rw{0};
  std::atomic<uint64_t> holes{0};
  std::mutex err_mu;
  int err = 0;
  const char *err_op = "";

  void fail(int code, const char *what) {
    std::lock_guard<std::mutex> lk(err_mu);
    if (err == 0) {
      err = code;
      err_op = what;
    }
    failed.store(true);
    wake_turns();
  }
  void note_eof(uint64_t at) {
    uint64_t cur = eof_at.load();
    while (at < cur && !eof_at.compare_exchange_weak(cur, at)) {
    }
    wake_turns();
  }
  bool stopped() const { return failed.load(std::memory_order_relaxed); }

  // Under a digest several helpers copy a file's pieces at once, but a
  // streaming hash takes the bytes in file order: each piece, once written,
  // waits for its turn (every byte before it digested) while its helper
  // holds its one buffer, so memory stays regions x 1 MiB. The piece before
  // is always in the hands of a helper that is not waiting for a later
  // one, so the turns come; a failure or an early end releases them all.
  std::mutex turn_mu;
  std::condition_variable turn_cv;
  uint64_t digested = 0;  // the file's bytes digested so far (under turn_mu)

  // `len` bytes at `off` into the digest (`data` null: a hole's zeros).
  void digest_in_order(uint64_t off, const char *data, uint64_t len) {
    if (!op->digest.active() || len == 0) return;
    std::unique_lock<std::mutex> lk(turn_mu);
    turn_cv.wait(lk, [&] { return digested == off || stopped() || off >= eof_at.load(); });
    if (digested != off || stopped()) return;
    if (data != nullptr) op->digest.update(data, len);
    else op->digest.update_zeros(len);
    digested = off + len;
    turn_cv.notify_all();
  }
  void wake_turns() {
    { std::lock_guard<std::mutex> lk(turn_mu); }  // no waiter between its check and its wait
    turn_cv.notify_all();
  }
  // `n` bytes of the source's holes at `off`, kept as holes: under a
  // digest they count as the zeros they read as (never read).
  void hole(uint64_t off, uint64_t n) {
    holes.fetch_add(n);
    digest_in_order(off, nullptr, n);
  }
};

HelperPool::~HelperPool() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  for (auto &t : threads_) t.join();
}

int HelperPool::submit(FileOp &op, Mailbox &mb) {
  auto job = std::make_shared<Job>();
  job->op = &op;
  job->mb = &mb;
  std::lock_guard<std::mutex> lk(mu_);
  // Threads start on first need, so that a run of small files pays nothing.
  while (threads_.size() < ctx_->cfg.regions) {
    try {
      threads_.emplace_back([this] { thread_main(); });
    } catch (const std::system_error &e) {
      if (threads_.empty()) return -e.code().value();
      break;
    }
  }
  tasks_.push_back(Task{std::move(job), true});
  cv_.notify_one();
  return 0;
}

void HelperPool::thread_main() noexcept {
  Scratch sc;
  for (;;) {
    Task t;
    {
      std::unique_lock<std::mutex> lk(mu_);
      cv_.wait(lk, [&] { return quit_ || !tasks_.empty(); });
      if (tasks_.empty()) return;
      t = std::move(tasks_.front());
      tasks_.pop_front();
    }
    if (t.lead) lead(t.job, sc);
    else participate(*t.job, sc, true);
  }
}

// The source as the ring's step 1 left it open, or (before Linux 6.8, when
// no direct descriptor can become a plain one) opened here. O_NONBLOCK, so
// that a FIFO swapped in meanwhile cannot hang us (regular files ignore it
// for plain reads). Either way the stat the copy carries is the open
// inode's, and a stat taken by name before must be of that inode.
bool HelperPool::open_source(Job &job) const {
  FileOp &op = *job.op;
  const Config &cfg = ctx_->cfg;
  job.noatime = may_use_noatime(cfg, ctx_->id, op.stx.stx_uid);
  if (op.src_fd < 0) {
    const int src_flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (op.follow ? 0 : O_NOFOLLOW) |
                          (job.noatime ? O_NOATIME : 0);
    op.src_fd = openat(op.dir->src_fd, op.name.c_str(), src_flags);
    if (op.src_fd < 0) {
      job.fail(-errno, "open");
      return false;
    }
  }
  job.src = op.src_fd;  // the worker's to close, after the metadata
  if (op.src_checked) return true;
  struct statx st {};
  if (statx(job.src, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &st) != 0) {
    job.fail(-errno, "stat");
    return false;
  }
  if (!S_ISREG(st.stx_mode) ||
      (op.have_stat && (st.stx_ino != op.stx.stx_ino || st.stx_dev_major != op.stx.stx_dev_major ||
                        st.stx_dev_minor != op.stx.stx_dev_minor))) {
    job.fail(UCOPY_ECHANGED, "open");
    return false;
  }
  op.stx = st;
  op.have_stat = op.src_checked = true;
  return true;
}

namespace {
constexpr int kCreateFlags = O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
}  // namespace

// UCOPY_F_ATOMIC: the policy is applied to the final name now and at the
// rename; the file is written under its fresh temporary name.
bool HelperPool::create_temporary(Job &job) const {
  FileOp &op = *job.op;
  const DirNode &dir = *op.dir;
  const int rc = atomic_policy_check(ctx_->cfg, dir.dst_fd, op.dst_cname());
  if (rc == 1) op.skipped = true;
  if (rc != 0) {
    if (rc < 0) job.fail(rc, "create");
    return false;
  }
  job.dst = openat(dir.dst_fd, op.tmp_name.c_str(), kCreateFlags, op.created_mode);
  if (job.dst < 0) {
    job.fail(-errno, "create");
    return false;
  }
  op.dst_created = true;
  return true;
}

// Creates the destination under its final name by the overwrite policy:
// an existing file is skipped, or (once) replaced, or an error.
bool HelperPool::create_destination(Job &job) const {
  FileOp &op = *job.op;
  const DirNode &dir = *op.dir;
  const Config &cfg = ctx_->cfg;
  for (;;) {
    job.dst = openat(dir.dst_fd, op.dst_cname(), kCreateFlags, op.created_mode);
    if (job.dst >= 0) {
      op.dst_created = true;
      return true;
    }
    int e = errno;
    if (e == EEXIST && cfg.overwrite == UCOPY_OVERWRITE_SKIP) {
      op.skipped = true;
      return false;
    }
    if (e != EEXIST || cfg.overwrite != UCOPY_OVERWRITE_REPLACE || op.replace_tried) {
      job.fail(-e, "create");
      return false;
    }
    op.replace_tried = true;
    if (unlinkat(dir.dst_fd, op.dst_cname(), 0) != 0) {
      job.fail(-errno, "replace");
      return false;
    }
  }
}

// Opens the source and creates the destination (by the overwrite policy).
// False when the job is over (failed or skipped).
bool HelperPool::open_files(Job &job) const {
  FileOp &op = *job.op;
  if (ctx_->stop.load()) {
    job.fail(-ECANCELED, "");
    return false;
  }
  if (!open_source(job)) return false;
  op.created_mode = create_mode(ctx_->cfg, ctx_->id, op.stx, file_created_gid(*op.dir));
  return op.tmp_name.empty() ? create_destination(job) : create_temporary(job);
}

// Gives the destination its final size first (holes at the end exist, and
// zero blocks left out read back as zeros), and preallocates a dense file in
// one piece (fewer extents; no room means failing before any data moved).
bool HelperPool::size_destination(Job &job, bool prealloc) const {
  const Config &cfg = ctx_->cfg;
  const struct statx &stx = job.op->stx;
  // Holes: look for data segments when the file has fewer blocks than its
  // size says (as cp does), or always under UCOPY_SPARSE_ALWAYS.
  job.sparse_scan = cfg.sparse == UCOPY_SPARSE_ALWAYS ||
                    (cfg.sparse == UCOPY_SPARSE_AUTO && stx.stx_blocks * 512 < job.size);
  job.zero_runs = cfg.sparse == UCOPY_SPARSE_ALWAYS;
  // Zero blocks are found by looking at the data, which copy_file_range
  // never shows us.
  // A digest too: copy_file_range would keep the bytes from us.
  job.use_rw.store(cfg.copy_method == UCOPY_COPY_READ_WRITE || job.zero_runs ||
                   job.op->digest.active());
  if (ftruncate(job.dst, static_cast<off_t>(job.size)) != 0) {
    job.fail(-errno, "write");
    return false;
  }
  if (prealloc && !job.sparse_scan && fallocate(job.dst, 0, 0, static_cast<off_t>(job.size)) != 0) {
    int e = errno;
    if (is_destination_error(e)) {
      job.fail(-e, "allocate");
      return false;
    }
    // EOPNOTSUPP and the like: the writes allocate as they go.
  }
  return true;
}

// 1. A clone: whole file, no data moved, holes kept. True when that
// settles the file: cloned, or failed where nothing else may be tried.
bool HelperPool::try_clone(Job &job, Scratch &sc) {
  const Config &cfg = ctx_->cfg;
  FileOp &op = *job.op;
  const bool may_clone =
      cfg.reflink != UCOPY_REFLINK_NEVER &&
      (cfg.copy_method == UCOPY_COPY_AUTO || cfg.copy_method == UCOPY_COPY_REFLINK);
  if (!may_clone) return false;
  int rc = clone_file(job.dst, job.src);
  if (rc == 0) {
    op.strategy = Strategy::kReflink;
    Counters::add_shared(cnt_->bytes_reflinked, job.size);
    Counters::add_shared(cnt_->bytes_moved, job.size);
    op.written = job.size;
    if (op.digest.active()) digest_clone_source(job, sc);
    return true;
  }
  if (!method_unsupported(-rc) || cfg.reflink == UCOPY_REFLINK_ALWAYS) {
    job.fail(rc, "clone");
    return true;
  }
  return false;
}

// A cloned file moved no bytes through us: its digest comes from reading
// the source once, in order (libucopy(3) and ucopy(1) say so).
void HelperPool::digest_clone_source(Job &job, Scratch &sc) {
  char *buf = sc.first();
  if (buf == nullptr) {
    job.fail(-ENOMEM, "digest");
    return;
  }
  posix_fadvise(job.src, 0, 0, POSIX_FADV_SEQUENTIAL);
  for (uint64_t off = 0; off < job.size;) {
    if (ctx_->stop.load(std::memory_order_relaxed)) {
      job.fail(-ECANCELED, "");
      return;
    }
    const ssize_t r = read_full(job.src, buf, std::min<uint64_t>(job.size - off, kChunk), off);
    if (r < 0) {
      job.fail(static_cast<int>(r), "read");
      return;
    }
    if (r == 0) break;  // shrank since the clone: the clone has what it had
    job.op->digest.update(buf, static_cast<size_t>(r));
    off += static_cast<uint64_t>(r);
  }
}

void HelperPool::open_direct_destination(Job &job) const {
  if (job.size < kDirectMin || ctx_->cfg.has(UCOPY_F_NO_DIRECT_IO)) return;
  // Read and written (not cloned, not copy_file_range), a large file
  // bypasses the page cache. Measured with bench/large-acceptance.sh (4 GiB
  // between two fresh direct-io loop ext4s, 2 CPUs): O_DIRECT 3-5 s cold
  // and 1.5 s warm with 0.2-0.5 s of system time; four regions written
  // through the page cache into a preallocated file 4-20 s with 3-16 s of
  // system time. Where the filesystem refuses O_DIRECT (EINVAL), and for
  // chunks that are not block-aligned (the tail), the page cache it is.
  char self[64];
  snprintf(self, sizeof self, "/proc/self/fd/%d", job.dst);
  job.dst_direct = open(self, O_WRONLY | O_CLOEXEC | O_DIRECT);
}

// 3. Regions: above the threshold, `regions` pieces of an aligned size
// (or of the configured one); below it, the whole file in one.
// Under a digest, the regions are chunks taken in file order, so that the
// pieces waiting for their turn to be digested are few and near
// (Job::digest_in_order).
void HelperPool::plan_regions(Job &job) const {
  const Config &cfg = ctx_->cfg;
  if (cfg.region_threshold != 0 && job.size >= cfg.region_threshold && job.op->digest.active()) {
    job.region = kChunk;
    job.nregions = (job.size + kChunk - 1) / kChunk;
  } else if (cfg.region_threshold != 0 && job.size >= cfg.region_threshold) {
    uint64_t r = cfg.region_size;
    if (r == 0) {
      r = (job.size + cfg.regions - 1) / cfg.regions;
      r = (r + UCOPY_REGION_ALIGN - 1) / UCOPY_REGION_ALIGN * UCOPY_REGION_ALIGN;
    }
    job.region = r;
    job.nregions = (job.size + r - 1) / r;
  } else {
    job.region = job.size;
    job.nregions = 1;
  }
}

// Preallocation helped O_DIRECT (4.9 s against 5.5 s) but made several
// regions written through the page cache (read/write without O_DIRECT, or
// copy_file_range within one filesystem) 3-6 times slower on ext4:
// unwritten extents converted piecemeal by concurrent writeback.
bool HelperPool::worth_preallocating(const Job &job) {
  struct stat ss {};
  struct stat ds {};
  const bool across =
      fstat(job.src, &ss) == 0 && fstat(job.dst, &ds) == 0 && ss.st_dev != ds.st_dev;
  return job.nregions == 1 || (job.dst_direct >= 0 && across);
}

// Queues a task for each further helper the job's regions can use.
void HelperPool::add_region_helpers(const std::shared_ptr<Job> &job_ptr) {
  Job &job = *job_ptr;
  const auto helpers = static_cast<unsigned>(std::min<uint64_t>(job.nregions, ctx_->cfg.regions));
  job.active.store(helpers);
  if (helpers <= 1) return;
  std::lock_guard<std::mutex> lk(mu_);
  // At the front: the file's regions go before files not yet started.
  unsigned pushed = 0;
  try {
    for (; pushed + 1 < helpers; pushed++) tasks_.push_front(Task{job_ptr, false});
  } catch (const std::bad_alloc &) {
    // Fewer helpers, same regions; this thread's share keeps active > 0.
    job.active.fetch_sub(helpers - 1 - pushed);
  }
  cv_.notify_all();
}

// A job's first task: opens the files, then clones, or sizes the
// destination and copies the regions with the helpers it queues.
void HelperPool::lead(const std::shared_ptr<Job> &job_ptr, Scratch &sc) {
  Job &job = *job_ptr;
  FileOp &op = *job.op;
  op.strategy = Strategy::kReadWrite;
  if (!open_files(job)) {
    finish(job, sc);
    return;
  }
  if (!op.digest.start(ctx_->cfg.digest)) {
    job.fail(-ENOMEM, "digest");
    finish(job, sc);
    return;
  }
  job.size = op.stx.stx_size;
  if (try_clone(job, sc) || job.size == 0) {
    finish(job, sc);
    return;
  }
  // 2. copy_file_range, else read/write (chosen in size_destination and,
  // on fallback, per chunk in copy_piece).
  open_direct_destination(job);
  plan_regions(job);
  if (!size_destination(job, worth_preallocating(job))) {
    finish(job, sc);
    return;
  }
  add_region_helpers(job_ptr);
  participate(job, sc, false);
}

void HelperPool::participate(Job &job, Scratch &sc, bool own_fd) {
  // A helper of a job already under way reads through a descriptor of its
  // own, so that its readahead follows its own region.
  SourceFds src{job.src, -1};
  char self[64];
  snprintf(self, sizeof self, "/proc/self/fd/%d", job.src);
  const int noatime = job.noatime ? O_NOATIME : 0;
  if (own_fd) {
    int fd = open(self, O_RDONLY | O_CLOEXEC | noatime);
    if (fd >= 0) src.fd = fd;
  }
  if (job.dst_direct >= 0) src.direct = open(self, O_RDONLY | O_CLOEXEC | O_DIRECT | noatime);
  posix_fadvise(src.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  posix_fadvise(src.fd, 0, 0, POSIX_FADV_NOREUSE);
  for (;;) {
    if (job.stopped()) break;
    uint64_t i = job.next.fetch_add(1);
    if (i >= job.nregions) break;
    uint64_t start = i * job.region;
    uint64_t end = std::min(job.size, start + job.region);
    copy_region(job, sc, src, start, end);
  }
  if (src.direct >= 0) close(src.direct);
  if (src.fd != job.src) close(src.fd);
  if (job.active.fetch_sub(1) == 1) finish(job, sc);
}

void HelperPool::copy_region(Job &job, Scratch &sc, const SourceFds &src, uint64_t start,
                             uint64_t end) {
  const int src_fd = src.fd;
  if (!job.sparse_scan) {
    copy_piece(job, sc, src, start, end);
    return;
  }
  uint64_t off = start;
  while (off < end && !job.stopped()) {
    off_t d = lseek(src_fd, static_cast<off_t>(off), SEEK_DATA);
    if (d < 0) {
      if (errno == ENXIO) {  // only hole from here to the end of the file
        job.hole(off, end - off);
        return;
      }
      copy_piece(job, sc, src, off, end);  // no SEEK_DATA here: all data
      return;
    }
    const auto data = static_cast<uint64_t>(d);
    if (data >= end) {
      job.hole(off, end - off);
      return;
    }
    job.hole(off, data - off);
    off_t h = lseek(src_fd, d, SEEK_HOLE);
    uint64_t stop = h < 0 ? end : std::min<uint64_t>(static_cast<uint64_t>(h), end);
    if (stop <= data) stop = end;
    copy_piece(job, sc, src, data, stop);
    off = stop;
  }
}

// One copy_file_range call: false when the piece is over for this thread.
bool HelperPool::cfr_step(Job &job, int src_fd, uint64_t &off, uint64_t end) {
  auto in = static_cast<loff_t>(off);
  auto out = static_cast<loff_t>(off);
  ssize_t n = copy_file_range(src_fd, &in, job.dst, &out, std::min(end - off, kCfrChunk), 0);
  if (n < 0) {
    int e = errno;
    if (e == EINTR) return true;
    if (method_unsupported(e)) {  // silently, for this file: read and write
      job.use_rw.store(true);
      return true;
    }
    job.fail(-e, is_destination_error(e) ? "write" : "copy");
    return false;
  }
  if (n == 0) {  // the end came before the size we knew
    job.note_eof(off);
    return false;
  }
  off += static_cast<uint64_t>(n);  // a short copy goes on from where it stopped
  job.bytes_cfr.fetch_add(static_cast<uint64_t>(n));
  Counters::add_shared(cnt_->bytes_cfr, static_cast<uint64_t>(n));
  Counters::add_shared(cnt_->bytes_buffered, static_cast<uint64_t>(n));
  Counters::add_shared(cnt_->bytes_moved, static_cast<uint64_t>(n));
  return true;
}

// One chunk read and written: false when the piece is over for this thread.
// With O_DIRECT descriptors, chunks whose offset and length are block
// multiples bypass the page cache; the rest (the file's tail) does not.
bool HelperPool::rw_step(Job &job, Scratch &sc, const SourceFds &src, uint64_t &off, uint64_t end) {
  char *buf = sc.first();
  if (buf == nullptr) {
    job.fail(-ENOMEM, "copy");
    return false;
  }
  const size_t len = static_cast<size_t>(std::min<uint64_t>(end - off, kChunk));
  const bool direct = src.direct >= 0 && job.dst_direct >= 0 &&
                      job.direct_ok.load(std::memory_order_relaxed) && off % kDirectAlign == 0 &&
                      len % kDirectAlign == 0;
  ssize_t r = read_full(direct ? src.direct : src.fd, buf, len, off);
  if (r == -EINVAL && direct) {  // alignment this filesystem will not take: page cache
    job.direct_ok.store(false);
    return true;
  }
  if (r < 0) {
    job.fail(static_cast<int>(r), "read");
    return false;
  }
  if (r == 0) {
    job.note_eof(off);
    return false;
  }
  const auto got = static_cast<size_t>(r);
  uint64_t skipped = 0;
  const int dst = direct && got % kDirectAlign == 0 ? job.dst_direct : job.dst;
  int rc = job.zero_runs ? write_skipping_zeros(dst, buf, got, off, skipped)
                         : write_all(dst, buf, got, off);
  if (rc == -EINVAL && dst == job.dst_direct) {  // the chunk again, through the page cache
    job.direct_ok.store(false);
    return true;
  }
  if (rc != 0) {
    job.fail(rc, "write");
    return false;
  }
  if (skipped != 0) job.holes.fetch_add(skipped);
  job.digest_in_order(off, buf, got);  // once written: an EINVAL retry above reads it again
  const uint64_t wrote = got - skipped;
  job.bytes_rw.fetch_add(wrote);
  Counters::add_shared(cnt_->bytes_rw, wrote);
  if (dst != job.dst_direct) Counters::add_shared(cnt_->bytes_buffered, wrote);
  Counters::add_shared(cnt_->bytes_moved, wrote);
  off += got;
  if (got < len) {
    job.note_eof(off);
    return false;
  }
  return true;
}

void HelperPool::copy_piece(Job &job, Scratch &sc, const SourceFds &src, uint64_t start,
                            uint64_t end) {
  uint64_t off = start;
  while (off < end) {
    if (job.stopped() || off >= job.eof_at.load(std::memory_order_relaxed)) return;
    if (ctx_->stop.load(std::memory_order_relaxed)) {
      job.fail(-ECANCELED, "");
      return;
    }
    InFlight &shown = cnt_->in_flight;  // progress reports ask for a file in flight
    if (shown.path_wanted()) shown.publish(job.op->dir->entry_src_path(*ctx_, job.op->name));
    const bool more = job.use_rw.load(std::memory_order_relaxed) ? rw_step(job, sc, src, off, end)
                                                                 : cfr_step(job, src.fd, off, end);
    if (!more) return;
  }
}

// A copied (not cloned) file once all its regions are done: what it wrote,
// how, and the holes it kept.
void HelperPool::account_copy(Job &job) {
  FileOp &op = *job.op;
  const uint64_t eof = job.eof_at.load();
  if (eof < job.size) {
    // Shrank while copied: the copy is what was read, no more.
    if (ftruncate(job.dst, static_cast<off_t>(eof)) != 0) job.fail(-errno, "write");
    op.changed = true;
  }
  op.written = job.bytes_cfr.load() + job.bytes_rw.load();
  op.strategy = job.use_rw.load() ? Strategy::kReadWrite : Strategy::kCopyFileRange;
  Counters::add_shared(cnt_->bytes_sparse, job.holes.load());
}

// UCOPY_F_VERIFY: the first `size` bytes of both files compared.
void HelperPool::verify(Job &job, Scratch &sc, uint64_t size) {
  char *a = sc.first();
  char *b = sc.second();
  const char *which = "verify";
  int rc = a == nullptr || b == nullptr
               ? -ENOMEM
               : compare_files(job.src, job.dst, size, a, b, kChunk, ctx_->stop, &which);
  if (rc == 0) Counters::add_shared(cnt_->files_verified, 1);
  else if (rc == UCOPY_EVERIFY) job.fail(rc, "verify");
  else job.fail(rc, which);
}

void HelperPool::finish(Job &job, Scratch &sc) {
  FileOp &op = *job.op;
  if (!job.failed.load() && job.dst >= 0 && op.strategy != Strategy::kReflink) account_copy(job);
  const uint64_t final_size = std::min(job.size, job.eof_at.load());
  if (!job.failed.load() && job.dst >= 0 && ctx_->cfg.has(UCOPY_F_VERIFY))
    verify(job, sc, final_size);
  if (!job.failed.load() && job.dst >= 0 && ctx_->cfg.has(UCOPY_F_FSYNC) && fsync(job.dst) != 0)
    job.fail(-errno, "fsync");
  if (job.dst_direct >= 0 && close(job.dst_direct) != 0 && !job.failed.load())
    job.fail(-errno, "close");
  job.dst_direct = -1;
  // The destination stays open for the worker's metadata calls (and its
  // close); the source is the worker's too.
  if (job.dst >= 0 && !job.failed.load()) {
    op.dst_fd = job.dst;
  } else if (job.dst >= 0) {
    close(job.dst);
  }
  job.dst = -1;
  job.src = -1;
  op.file_off = final_size;  // lets the worker look for changes after the copy
  if (job.err != 0) {
    op.fail(job.err, job.err_op);
    op.quiet = job.err == -ECANCELED;
  }
  job.mb->post(job.op);
}

}  // namespace ucopy_impl
