// SPDX-License-Identifier: MIT
#include "sample_tree.hpp"

#include "temp_tree.hpp"

namespace cli_test {

void build_sample_tree(const std::string &root) {
  make_dir(root, 0755);
  make_dir(root + "/sub", 0750);
  make_dir(root + "/sub/deep", 0700);
  write_file(root + "/empty", "", 0644);
  write_file(root + "/small.txt", "hello\n", 0640);
  write_file(root + "/page.bin", pattern_bytes(4096, 1), 0600);
  write_file(root + "/odd.bin", pattern_bytes(4097, 2), 0604);
  write_file(root + "/big.bin", pattern_bytes((1 << 20) + 3, 3), 0644);
  write_file(root + "/script.sh", "#!/bin/sh\necho hi\n", 0755);
  write_file(root + "/sub/deep/note.txt", pattern_bytes(123, 4), 0444);
  make_symlink("../small.txt", root + "/sub/link");
  // Odd nanoseconds, so a copy that keeps only microseconds fails the check.
  // Directories last: creating entries in them changes their mtime.
  long ns = 123456789;
  for (const char *file : {"/empty", "/small.txt", "/page.bin", "/odd.bin", "/big.bin",
                           "/script.sh", "/sub/deep/note.txt"})
    set_times(root + file, 1600000000, ns++);
  set_times(root + "/sub/deep", 1500000000, 987654321);
  set_times(root + "/sub", 1500000001, 111111111);
  set_times(root, 1500000002, 222222223);
}

}  // namespace cli_test
