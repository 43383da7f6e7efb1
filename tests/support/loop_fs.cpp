// SPDX-License-Identifier: MIT
#include "support/loop_fs.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char **environ;

namespace ucopy_test {

int run_program(const std::vector<std::string> &argv, std::string *output) {
  std::vector<char *> args;
  for (const std::string &a : argv) args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(pipefd[1]);
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = read(pipefd[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(pipefd[0]);
  if (output != nullptr) *output = out;
  if (rc != 0) {
    if (output != nullptr) *output = argv[0] + ": " + std::strerror(rc);
    return -1;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

uint64_t allocated_bytes(const std::string &path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return 0;
  return static_cast<uint64_t>(st.st_blocks) * 512;
}

namespace {
std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}
}  // namespace

std::unique_ptr<LoopFs> LoopFs::make(const std::string &type, uint64_t size, std::string &why,
                                     const LoopFsOptions &options) {
  if (geteuid() != 0) {
    why = "loop filesystems need root (mount); running as uid " + std::to_string(geteuid());
    return nullptr;
  }
  std::unique_ptr<LoopFs> fs(new LoopFs());
  fs->type_ = type;
  const char *tmp = getenv("UCOPY_TEST_TMPDIR");
  std::string templ = std::string(tmp != nullptr && *tmp ? tmp : "/tmp") + "/ucopy-loopfs-XXXXXX";
  if (mkdtemp(templ.data()) == nullptr) {
    why = "mkdtemp " + templ + ": " + std::strerror(errno);
    return nullptr;
  }
  fs->base_ = templ;
  fs->image_ = templ + "/image";
  fs->mnt_ = templ + "/mnt";
  if (mkdir(fs->mnt_.c_str(), 0755) != 0) {
    why = "mkdir " + fs->mnt_ + ": " + std::strerror(errno);
    return nullptr;
  }
  int fd = open(fs->image_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 || ftruncate(fd, static_cast<off_t>(size)) != 0) {
    why = "image " + fs->image_ + ": " + std::strerror(errno);
    if (fd >= 0) close(fd);
    return nullptr;
  }
  close(fd);
  std::vector<std::string> mkfs = {"mkfs." + type};
  if (type == "ext4" || type == "ext3" || type == "ext2") mkfs.insert(mkfs.end(), {"-q", "-F"});
  else if (type == "xfs" || type == "btrfs") mkfs.insert(mkfs.end(), {"-q", "-f"});
  mkfs.insert(mkfs.end(), options.mkfs_args.begin(), options.mkfs_args.end());
  mkfs.push_back(fs->image_);
  std::string out;
  if (run_program(mkfs, &out) != 0) {
    why = "mkfs." + type + " failed: " + trim(out);
    return nullptr;
  }
  std::vector<std::string> losetup = {"losetup", "-f", "--show"};
  if (options.direct_io) losetup.emplace_back("--direct-io=on");
  losetup.push_back(fs->image_);
  if (run_program(losetup, &out) != 0) {
    why = "losetup failed (are loop devices available here?): " + trim(out);
    return nullptr;
  }
  fs->dev_ = trim(out);
  std::vector<std::string> mount = {"mount", "-t", type};
  if (!options.mount_options.empty()) mount.insert(mount.end(), {"-o", options.mount_options});
  mount.insert(mount.end(), {fs->dev_, fs->mnt_});
  if (run_program(mount, &out) != 0) {
    why = "mount -t " + type + " failed (not permitted in this container?): " + trim(out);
    return nullptr;
  }
  fs->mounted_ = true;
  return fs;
}

LoopFs::~LoopFs() {
  if (mounted_) {
    if (run_program({"umount", mnt_}) != 0) run_program({"umount", "-l", mnt_});
  }
  if (!dev_.empty()) run_program({"losetup", "-d", dev_});
  if (!image_.empty()) unlink(image_.c_str());
  if (!mnt_.empty()) rmdir(mnt_.c_str());
  if (!base_.empty()) rmdir(base_.c_str());
}

uint64_t LoopFs::used_bytes() const {
  struct statvfs v {};
  if (statvfs(mnt_.c_str(), &v) != 0) return 0;
  return static_cast<uint64_t>(v.f_blocks - v.f_bfree) * v.f_frsize;
}

uint64_t LoopFs::free_bytes() const {
  struct statvfs v {};
  if (statvfs(mnt_.c_str(), &v) != 0) return 0;
  return static_cast<uint64_t>(v.f_bavail) * v.f_frsize;
}

}  // namespace ucopy_test
