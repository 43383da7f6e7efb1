// SPDX-License-Identifier: MIT
// The kernel's getdents64 record, which glibc does not declare: the walk
// and the counting walk read directories with the raw system call, so that
// a listing's buffer and position are theirs.
#pragma once

#include <cstdint>

namespace ucopy_impl {

struct linux_dirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

}  // namespace ucopy_impl
