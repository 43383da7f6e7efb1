/* SPDX-License-Identifier: MIT */
// Reading every extended attribute of an entry named relative to a
// directory fd (POSIX ACLs included, as their system.posix_acl_* values),
// so that tree comparisons cover xattrs and ACLs byte for byte.
#pragma once

#include <map>
#include <string>

namespace ucopy_test {

// name -> value. Symlinks are not followed unless `follow`. A filesystem
// without xattr support gives an empty map; other failures throw.
std::map<std::string, std::string> read_xattrs(int dirfd, const std::string &name,
                                               bool follow = false);

// "/proc/self/fd/N/name": a path for calls that have no *at form.
std::string fd_relative_path(int dirfd, const std::string &name);

}  // namespace ucopy_test
