// SPDX-License-Identifier: MIT
#include "temp_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace cli_test {

namespace {

[[noreturn]] void fail(const std::string &what, const std::string &path) {
  throw std::runtime_error(what + " '" + path + "': " + std::strerror(errno));
}

int remove_entry(const char *path, const struct stat *, int type, struct FTW *) {
  // Directories a test made unreadable or unwritable must still go away.
  if (type == FTW_DP) {
    chmod(path, 0700);
    rmdir(path);
  } else {
    unlink(path);
  }
  return 0;
}

int chmod_dirs_open(const char *path, const struct stat *st, int type, struct FTW *) {
  if (type == FTW_D && S_ISDIR(st->st_mode)) chmod(path, 0700);
  return 0;
}

}  // namespace

TempDir::TempDir() {
  char pattern[] = "/tmp/ucopy-cli-XXXXXX";
  if (!mkdtemp(pattern)) fail("mkdtemp", pattern);
  path_ = pattern;
}

TempDir::~TempDir() {
  nftw(path_.c_str(), chmod_dirs_open, 64, FTW_PHYS);
  nftw(path_.c_str(), remove_entry, 64, FTW_DEPTH | FTW_PHYS);
}

void write_file(const std::string &path, const std::string &content, mode_t mode) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) fail("create", path);
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      close(fd);
      fail("write", path);
    }
    done += static_cast<size_t>(n);
  }
  if (fchmod(fd, mode) != 0 || close(fd) != 0) fail("finish", path);
}

std::string read_file(const std::string &path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("open", path);
  std::string content;
  char buf[65536];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      close(fd);
      fail("read", path);
    }
    if (n == 0) break;
    content.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return content;
}

void make_dir(const std::string &path, mode_t mode) {
  if (mkdir(path.c_str(), 0700) != 0) fail("mkdir", path);
  set_mode(path, mode);
}

void make_symlink(const std::string &target, const std::string &path) {
  if (symlink(target.c_str(), path.c_str()) != 0) fail("symlink", path);
}

void set_times(const std::string &path, time_t seconds, long nanoseconds) {
  const struct timespec times[2] = {{seconds, nanoseconds}, {seconds, nanoseconds}};
  if (utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) fail("utimensat", path);
}

void set_mode(const std::string &path, mode_t mode) {
  if (chmod(path.c_str(), mode) != 0) fail("chmod", path);
}

bool exists(const std::string &path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

bool is_dir(const std::string &path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

namespace {
uid_t g_chown_uid;
gid_t g_chown_gid;
int chown_entry(const char *path, const struct stat *, int, struct FTW *) {
  return lchown(path, g_chown_uid, g_chown_gid) == 0 ? 0 : -1;
}
}  // namespace

void chown_tree(const std::string &path, uid_t uid, gid_t gid) {
  g_chown_uid = uid;
  g_chown_gid = gid;
  if (nftw(path.c_str(), chown_entry, 64, FTW_PHYS) != 0) fail("chown", path);
}

size_t count_entries(const std::string &dir) {
  DIR *d = opendir(dir.c_str());
  if (!d) fail("opendir", dir);
  size_t n = 0;
  while (const dirent *e = readdir(d))
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) ++n;
  closedir(d);
  return n;
}

std::string pattern_bytes(size_t size, unsigned seed) {
  std::string bytes(size, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < size; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    bytes[i] = static_cast<char>(x);
  }
  return bytes;
}

}  // namespace cli_test
