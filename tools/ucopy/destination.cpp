// SPDX-License-Identifier: MIT
#include "destination.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace ucopy_cli {

namespace {

bool is_existing_directory(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string join(const std::string &dir, const std::string &name) {
  if (name.empty()) return dir;
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

}  // namespace

std::string last_component(const std::string &path) {
  size_t end = path.find_last_not_of('/');
  if (end == std::string::npos) return "";  // "/" or "//"
  const size_t slash = path.rfind('/', end);
  std::string name = path.substr(slash == std::string::npos ? 0 : slash + 1,
                                 end - (slash == std::string::npos ? 0 : slash + 1) + 1);
  if (name == "." || name == "..") return "";
  return name;
}

CopyPlan plan_copies(const CliOptions &options) {
  CopyPlan plan;
  const std::string &dst = options.destination;
  const bool into_directory = !options.no_target_directory && is_existing_directory(dst);
  if ((options.sources.size() > 1 || options.target_directory) && !into_directory) {
    struct stat st;
    if (stat(dst.c_str(), &st) != 0)
      plan.usage_error = "target '" + dst + "': " + std::strerror(errno);
    else plan.usage_error = "target '" + dst + "' is not a directory";
    return plan;
  }
  for (const std::string &src : options.sources) {
    plan.jobs.push_back({src, into_directory ? join(dst, last_component(src)) : dst});
  }
  return plan;
}

std::string refusal_reason(const CopyJob &job, const CliOptions &options) {
  if (options.recursive) return "";
  struct stat st;
  // -L and -H follow a symlink named on the command line; -P copies it as
  // a link. A trailing slash makes the kernel follow it in any case, as in cp.
  const bool follow = dereference_of(options) != Dereference::never;
  const int rc = follow ? stat(job.source.c_str(), &st) : lstat(job.source.c_str(), &st);
  if (rc == 0 && S_ISDIR(st.st_mode))
    return "-r not specified; omitting directory '" + job.source + "'";
  return "";  // missing sources and the like are reported by the library
}

std::string destination_refusal(const CopyJob &job, const CliOptions &options) {
  struct stat named;
  struct stat target;
  if (lstat(job.destination.c_str(), &named) != 0 || !S_ISLNK(named.st_mode)) return "";
  if (stat(job.destination.c_str(), &target) == 0 || errno != ENOENT) return "";
  // A directory SRC meets the library's own refusal of a non-directory.
  const bool follow = dereference_of(options) != Dereference::never;
  struct stat src;
  const int rc = follow ? stat(job.source.c_str(), &src) : lstat(job.source.c_str(), &src);
  if (rc == 0 && S_ISDIR(src.st_mode)) return "";
  return "not writing through dangling symlink '" + job.destination + "'";
}

}  // namespace ucopy_cli
