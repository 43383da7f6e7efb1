// SPDX-License-Identifier: MIT
#include "atomic_helpers.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include "support/dir_entries.h"
#include "support/tree_builder.h"
#include "support/unique_fd.h"

namespace ucopy_e2e {

namespace {

void collect_temps(int dirfd, const std::string &rel, std::vector<std::string> &out) {
  for (const std::string &name : ucopy_test::list_dir(dirfd)) {
    const std::string path = rel.empty() ? name : rel + "/" + name;
    if (name.rfind(".ucopy-tmp.", 0) == 0) out.push_back(path);
    struct stat st {};
    if (fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)) {
      ucopy_test::UniqueFd sub = ucopy_test::open_dir(dirfd, name);
      collect_temps(sub.get(), path, out);
    }
  }
}

}  // namespace

std::vector<std::string> temp_names_below(const std::string &root) {
  std::vector<std::string> out;
  ucopy_test::UniqueFd fd = ucopy_test::open_dir(root);
  collect_temps(fd.get(), "", out);
  return out;
}

uint64_t versioned_size(char version, uint64_t base) {
  return base + static_cast<uint64_t>(version - 'A') * (base / 4 + 1);
}

void write_versioned_file(const std::string &path, char version, uint64_t base) {
  ucopy_test::write_file(AT_FDCWD, path, std::string(versioned_size(version, base), version));
}

Seen look_at_versioned_file(const std::string &path, uint64_t base, char *version) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Seen::kMissing;
    throw std::runtime_error("open " + path + ": " + std::to_string(errno));
  }
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  if (data.empty()) return Seen::kPartial;
  const char v = data[0];
  if (v != 'A' && v != 'B') return Seen::kPartial;
  if (data.size() != versioned_size(v, base)) return Seen::kPartial;
  if (data.find_first_not_of(v) != std::string::npos) return Seen::kPartial;
  if (version != nullptr) *version = v;
  return Seen::kComplete;
}

VersionReader::VersionReader(std::vector<std::string> paths, uint64_t base)
    : paths_(std::move(paths)), base_(base) {
  thread_ = std::thread([this] {
    while (!stop_.load()) {
      for (const std::string &p : paths_) {
        char v = 0;
        switch (look_at_versioned_file(p, base_, &v)) {
          case Seen::kMissing: missing_++; break;
          case Seen::kComplete: (v == 'A' ? a_ : b_)++; break;
          case Seen::kPartial:
            if (partial_.load() == 0) first_partial_ = p;
            partial_++;
            break;
        }
        looks_++;
      }
    }
  });
}

VersionReader::~VersionReader() { stop(); }

void VersionReader::stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

uint64_t VersionReader::complete(char version) const {
  return version == 'A' ? a_.load() : b_.load();
}

}  // namespace ucopy_e2e
