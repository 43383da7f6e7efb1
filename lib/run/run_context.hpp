// SPDX-License-Identifier: MIT
// What all threads of one ucopy_run() share: the configuration, the roots,
// the directory stack, the stop flag, the event queue and the counters.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.hpp"
#include "common/counters.hpp"
#include "common/events.hpp"
#include "meta/entry_meta.hpp"
#include "meta/fs_once.hpp"
#include "meta/xattr_names.hpp"
#include "policy/entry_filter.hpp"
#include "policy/filter_rules.hpp"
#include "policy/hardlinks.hpp"
#include "run/dir_tree.hpp"
#include "run/sync_gate.hpp"
#include "ucopy.h"

namespace ucopy_impl {

class HelperPool;

struct RunContext {
  Config cfg;
  Identity id;
  std::string src_root;
  std::string dst_root;
  // The destination root directory, held for the whole run (a root tree
  // node closes its own descriptors once its entries are started): hard
  // links are resolved beneath it (link_target.hpp). -1 for a single entry.
  struct HeldFd {
    int fd = -1;
    HeldFd() = default;
    HeldFd(const HeldFd &) = delete;
    HeldFd &operator=(const HeldFd &) = delete;
    ~HeldFd();
  } dst_root_fd;
  // The source root as prepare_roots() found it (followed where the run
  // follows it), and when it is a directory a descriptor of it for the
  // counting walk (worker/prescan.hpp); -1 for a single entry.
  struct statx src_root_st {};
  HeldFd src_root_fd;
  uint32_t event_mask = 0;  // events the user's callback wants
  // The source root's filesystem, for UCOPY_F_ONE_FILE_SYSTEM.
  uint32_t root_dev_major = 0;
  uint32_t root_dev_minor = 0;
  FilterRules filter_rules;
  EntryFilter entry_filter;

  DirStack dirs;
  std::atomic<int64_t> live_dirs{0};  // directory nodes not yet finished
  std::atomic<bool> done{false};      // the whole tree has been handled
  std::atomic<bool> stop{false};      // cancel, abort or a fatal error
  std::atomic<int> stop_code{0};

  EventQueue events{1024};
  HardlinkMap links;
  XattrNames xattr_names;
  OncePerFilesystem unsupported;  // destination features reported missing
  std::atomic<bool> owner_noticed{false};
  MetaScope meta{cfg, id, unsupported, xattr_names, stop, events, owner_noticed};
  HelperPool *helpers = nullptr;  // the large-file threads, owned by the coordinator
  // UCOPY_F_FSYNC where one syncfs() commits a batch (sync_gate.hpp): the
  // files of the filesystem `sync_dev` (the destination root's) skip their
  // own fsync and wait, written and closed, for a sync of the gate.
  bool sync_in_batches = false;
  dev_t sync_dev = 0;
  SyncGate sync_gate;
  std::vector<std::unique_ptr<Counters>> counters;  // one per worker + setup

  RunContext() = default;
  RunContext(const RunContext &) = delete;
  RunContext &operator=(const RunContext &) = delete;

  // Whether entries go through the rules or the filter callback, and so
  // directories need their paths relative to the source root.
  bool filtering() const { return !filter_rules.empty() || entry_filter.active(); }

  bool wants(uint32_t type) const { return (event_mask & (1u << type)) != 0; }

  // Stops the run with `code` (first caller wins) and wakes every thread.
  void request_stop(int code);
  // A failure of the whole run (e.g. io_uring cannot be set up).
  void fatal(int code, std::string message);

  // Counts an event in `cnt` and hands it to the callback if it wants it.
  void report(Counters &cnt, EventRecord &&ev);
  // Convenience for an entry-level error.
  void report_error(Counters &cnt, int code, const char *op, uint32_t file_type, std::string src,
                    std::string dst);

  // A warning: the file changed while it was read (`written` of `size`
  // bytes copied). The paths are used only when the callback wants it.
  void report_source_changed(Counters &cnt, uint64_t written, uint64_t size, std::string src,
                             std::string dst);
  // An existing destination kept under UCOPY_OVERWRITE_SKIP.
  void report_skipped_existing(Counters &cnt, uint32_t file_type, std::string src, std::string dst);
  // The COPIED event of an entry, its paths from `paths`.
  template <typename PathsFn>
  static EventRecord copied_event(uint32_t file_type, uint64_t bytes, PathsFn &paths) {
    EventRecord ev;
    ev.type = UCOPY_EVENT_COPIED;
    ev.file_type = file_type;
    ev.bytes = bytes;
    paths(ev.src, ev.dst);
    return ev;
  }
  // An entry copied (in a dry run: to be copied) with `bytes` of data,
  // which count in stats.bytes from now on; the paths are built only when
  // the callback wants it.
  template <typename PathsFn>
  void report_copied(Counters &cnt, uint32_t file_type, uint64_t bytes, PathsFn paths,
                     const DigestValue &digest = {}) {
    Counters::add(cnt.bytes, bytes);
    if (!wants(UCOPY_EVENT_COPIED)) return;
    EventRecord ev = copied_event(file_type, bytes, paths);
    ev.digest = digest;
    report(cnt, std::move(ev));
  }
  // A regular file of `dir` copied: under UCOPY_F_FSYNC its event waits in
  // the directory until it is synced (walk.cpp, release_dir). `digest`:
  // its content digest under ucopy_options.digest.
  template <typename PathsFn>
  void report_file_copied(Counters &cnt, DirNode &dir, uint64_t bytes, const DigestValue &digest,
                          PathsFn paths) {
    if (!defers_copied(dir)) return report_copied(cnt, UCOPY_TYPE_FILE, bytes, paths, digest);
    Counters::add(cnt.bytes, bytes);
    if (!wants(UCOPY_EVENT_COPIED)) return;
    EventRecord ev = copied_event(UCOPY_TYPE_FILE, bytes, paths);
    ev.digest = digest;
    std::lock_guard<std::mutex> lk(dir.synced_mu);
    dir.until_synced.push_back(std::move(ev));
  }
  bool defers_copied(const DirNode &dir) const {
    return cfg.has(UCOPY_F_FSYNC) && !cfg.has(UCOPY_F_DRY_RUN) &&
           dir.kind != DirNode::Kind::kFileParent;
  }

  // Reports what applying metadata found: the error (returns false: the
  // entry failed) or the notices, as warnings. Paths are built only then.
  template <typename PathsFn>
  bool report_meta(Counters &cnt, const MetaResult &m, uint32_t file_type, PathsFn paths) {
    if (m.code == 0 && m.notices.empty()) return true;
    std::string src;
    std::string dst;
    paths(src, dst);
    return report_meta_found(cnt, m, file_type, std::move(src), std::move(dst));
  }
  bool report_meta_found(Counters &cnt, const MetaResult &m, uint32_t file_type, std::string src,
                         std::string dst);

  // One directory node fewer; the last one marks the run done.
  void dir_finished();

  std::string first_error() const;

 private:
  mutable std::mutex first_error_mu_;
  std::string first_error_;
  std::string fatal_message_;
};

// "op 'path': reason" — the one format of every message.
std::string format_message(const char *op, const std::string &path, int code);

}  // namespace ucopy_impl
