// SPDX-License-Identifier: MIT
#include "tree_compare.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "temp_tree.hpp"

namespace cli_test {

namespace {

std::set<std::string> names_in(const std::string &dir, std::vector<std::string> &problems) {
  std::set<std::string> names;
  DIR *d = opendir(dir.c_str());
  if (!d) {
    problems.push_back("cannot open directory " + dir);
    return names;
  }
  while (const dirent *e = readdir(d))
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
      names.insert(e->d_name);
  closedir(d);
  return names;
}

std::string symlink_target(const std::string &path) {
  std::string target(4096, '\0');
  const ssize_t n = readlink(path.c_str(), target.data(), target.size());
  target.resize(n < 0 ? 0 : static_cast<size_t>(n));
  return target;
}

void compare_entry(const std::string &src, const std::string &dst, const CompareRules &rules,
                   std::vector<std::string> &problems) {
  struct stat s, d;
  if (lstat(src.c_str(), &s) != 0) {
    problems.push_back("cannot lstat source " + src);
    return;
  }
  if (lstat(dst.c_str(), &d) != 0) {
    problems.push_back("missing in copy: " + dst);
    return;
  }
  if ((s.st_mode & S_IFMT) != (d.st_mode & S_IFMT)) {
    problems.push_back("type differs: " + dst);
    return;
  }
  if (rules.modes && !S_ISLNK(s.st_mode) && (s.st_mode & 07777) != (d.st_mode & 07777))
    problems.push_back("mode differs: " + dst + " " + std::to_string(s.st_mode & 07777) + " vs " +
                       std::to_string(d.st_mode & 07777));
  if (rules.mtimes && !S_ISLNK(s.st_mode) &&
      (s.st_mtim.tv_sec != d.st_mtim.tv_sec || s.st_mtim.tv_nsec != d.st_mtim.tv_nsec))
    problems.push_back("mtime differs: " + dst);
  if (S_ISREG(s.st_mode) && read_file(src) != read_file(dst))
    problems.push_back("contents differ: " + dst);
  if (S_ISLNK(s.st_mode) && symlink_target(src) != symlink_target(dst))
    problems.push_back("symlink target differs: " + dst);
  if (!S_ISDIR(s.st_mode)) return;

  const auto src_names = names_in(src, problems);
  const auto dst_names = names_in(dst, problems);
  for (const std::string &name : dst_names)
    if (!src_names.count(name)) problems.push_back("extra in copy: " + dst + "/" + name);
  for (const std::string &name : src_names)
    compare_entry(src + "/" + name, dst + "/" + name, rules, problems);
}

}  // namespace

std::vector<std::string> compare_trees(const std::string &source, const std::string &copy,
                                       const CompareRules &rules) {
  std::vector<std::string> problems;
  compare_entry(source, copy, rules, problems);
  return problems;
}

std::string join_lines(const std::vector<std::string> &lines) {
  std::string text;
  for (const std::string &line : lines) text += line + "\n";
  return text;
}

}  // namespace cli_test
