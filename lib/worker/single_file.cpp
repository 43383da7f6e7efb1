// SPDX-License-Identifier: MIT
#include "worker/single_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string>

#include "common/digest.hpp"
#include "large/data.hpp"
#include "meta/entry_meta.hpp"
#include "worker/walk.hpp"

namespace ucopy_impl {

namespace {

// Options whose work lives only in the workers' path (or, for the xattr
// filter callback, would wait for an answer from this very thread).
bool options_allow(const RunContext &ctx) {
  const Config &cfg = ctx.cfg;
  return !cfg.has(UCOPY_F_DRY_RUN) && !cfg.has(UCOPY_F_ATOMIC) && !cfg.has(UCOPY_F_VERIFY) &&
         cfg.update == UCOPY_UPDATE_NONE && cfg.copy_method != UCOPY_COPY_REFLINK &&
         cfg.copy_method != UCOPY_COPY_FILE_RANGE && cfg.reflink != UCOPY_REFLINK_ALWAYS &&
         cfg.sparse != UCOPY_SPARSE_ALWAYS &&
         !(cfg.has(UCOPY_F_PRESERVE_XATTRS) && ctx.xattr_names.filtering());
}

// The ring's own best case: at most two buffers. Larger files go to the
// workers, whose helpers clone or copy_file_range them.
bool small_enough(const Config &cfg, const struct statx &st) {
  const bool holes = st.stx_size > 0 && st.stx_blocks * 512 < st.stx_size;
  return st.stx_size <= 2ull * cfg.buffer_size && !(holes && cfg.sparse != UCOPY_SPARSE_NEVER);
}

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

class SingleFile {
 public:
  SingleFile(RunContext &ctx, Counters &cnt, DirNode &dir) : ctx_(ctx), cnt_(cnt), dir_(dir) {}
  bool copy();

 private:
  bool open_and_read();
  void write_and_finish();
  void fail(int code, const char *op, bool remove);
  std::string src_path() const { return dir_.entry_src_path(ctx_, dir_.single_src_name); }
  std::string dst_path() const { return dir_.entry_dst_path(ctx_, dir_.single_dst_name); }

  RunContext &ctx_;
  Counters &cnt_;
  DirNode &dir_;
  Fd src_;
  Fd dst_;
  struct statx st_ {};
  std::unique_ptr<char[]> buf_;
  ssize_t len_ = 0;
  mode_t created_mode_ = 0;
};

// Everything that can send the file back to the workers happens before
// its copy exists: open, type, size, the read, the create.
bool SingleFile::open_and_read() {
  const Config &cfg = ctx_.cfg;
  const bool noatime = may_use_noatime(cfg, ctx_.id, std::nullopt);
  src_.fd = openat(dir_.src_fd, dir_.single_src_name.c_str(),
                   O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | (noatime ? O_NOATIME : 0));
  if (src_.fd < 0 || statx(src_.fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &st_) != 0) return false;
  if (!S_ISREG(st_.stx_mode) || !small_enough(cfg, st_)) return false;
  // One byte more than the size: a file that grew meanwhile is seen. A
  // read that returns the size is at the end already (one system call);
  // anything else reads on to the end.
  buf_ = std::make_unique<char[]>(st_.stx_size + 1);
  len_ = pread(src_.fd, buf_.get(), st_.stx_size + 1, 0);
  if (len_ >= 0 && static_cast<uint64_t>(len_) != st_.stx_size) {
    const ssize_t more = read_full(src_.fd, buf_.get() + len_, st_.stx_size + 1 - len_, len_);
    len_ = more < 0 ? more : len_ + more;
  }
  if (len_ < 0) return false;
  // Content behind a size of 0 (/proc, sysfs): the workers read to the end.
  if (st_.stx_size == 0 && len_ > 0) return false;
  created_mode_ = create_mode(cfg, ctx_.id, st_, file_created_gid(dir_));
  dst_.fd = openat(dir_.dst_fd, dir_.single_dst_name.c_str(),
                   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, created_mode_);
  return dst_.fd >= 0;
}

void SingleFile::fail(int code, const char *op, bool remove) {
  if (remove) unlinkat(dir_.dst_fd, dir_.single_dst_name.c_str(), 0);
  ctx_.report_error(cnt_, code, op, UCOPY_TYPE_FILE, src_path(), dst_path());
}

void SingleFile::write_and_finish() {
  const auto n = static_cast<uint64_t>(len_);
  int rc = write_all(dst_.fd, buf_.get(), n, 0);
  if (rc != 0) return fail(rc, "write", true);
  Counters::add(cnt_.bytes_moved, n);
  Counters::add(cnt_.bytes_rw, n);
  Counters::add(cnt_.bytes_buffered, n);
  if (ctx_.cfg.has(UCOPY_F_FSYNC) && fsync(dst_.fd) != 0) return fail(-errno, "fsync", true);
  // The bytes just read and written, in the one buffer that holds them all.
  Digest digest;
  if (!digest.start(ctx_.cfg.digest)) return fail(-ENOMEM, "digest", true);
  digest.update(buf_.get(), n);
  MetaResult m =
      apply_entry_meta(ctx_.meta, EntryRef{src_.fd, "", false}, EntryRef{dst_.fd, "", false}, st_,
                       file_created_gid(dir_), created_mode_, false);
  if (!ctx_.report_meta(cnt_, m, UCOPY_TYPE_FILE, [&](std::string &s, std::string &d) {
        s = src_path();
        d = dst_path();
      }))
    return;  // the data is there; the entry failed on its metadata, as in the workers
  Counters::add(cnt_.files, 1);
  Counters::add(cnt_.files_rw, 1);
  if (n != st_.stx_size) ctx_.report_source_changed(cnt_, n, st_.stx_size, src_path(), dst_path());
  ctx_.report_copied(
      cnt_, UCOPY_TYPE_FILE, n,
      [&](std::string &s, std::string &d) {
        s = src_path();
        d = dst_path();
      },
      digest.finish());
}

bool SingleFile::copy() {
  if (!open_and_read()) return false;
  Counters::add(cnt_.entries_found, 1);
  Counters::add(cnt_.bytes_found, st_.stx_size);
  write_and_finish();
  Counters::add(cnt_.entries_done, 1);
  return true;
}

}  // namespace

bool copy_single_file(RunContext &ctx, Counters &cnt) {
  if (!options_allow(ctx)) return false;
  std::shared_ptr<DirNode> node = ctx.dirs.try_pop();
  if (node == nullptr) return false;
  const bool eligible = node->kind == DirNode::Kind::kFileParent && node->single_type == DT_REG &&
                        !node->single_dst_special && node->dst_fd >= 0;
  if (!eligible || !SingleFile(ctx, cnt, *node).copy()) {
    ctx.dirs.push(std::move(node));
    return false;
  }
  release_dir(ctx, cnt, node.get());
  return true;
}

}  // namespace ucopy_impl
