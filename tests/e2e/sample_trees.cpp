// SPDX-License-Identifier: MIT
#include "sample_trees.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>

#include "support/prng.h"
#include "support/tree_builder.h"
#include "support/unique_fd.h"

namespace ucopy_e2e {

using ucopy_test::make_dir;
using ucopy_test::make_symlink;
using ucopy_test::UniqueFd;
using ucopy_test::write_file;
using ucopy_test::write_random_file;

namespace {

UniqueFd make_root(const std::string &root, mode_t mode = 0755) {
  return make_dir(AT_FDCWD, root, mode);
}

void fill_sized_files(int dirfd, uint64_t seed) {
  for (uint64_t size : interesting_file_sizes())
    write_random_file(dirfd, "size-" + std::to_string(size), size, seed + size);
}

void fill_empties(int dirfd) {
  write_file(dirfd, "empty-file", "");
  write_file(dirfd, "empty-file-0600", "", 0600);
  make_dir(dirfd, "empty-dir");
  UniqueFd holder = make_dir(dirfd, "only-empties");
  write_file(holder.get(), "e1", "");
  make_dir(holder.get(), "e2", 0700);
  UniqueFd nested = make_dir(holder.get(), "nested-empty");
  make_dir(nested.get(), "deeper-empty");
}

void fill_odd_names(int dirfd) {
  uint64_t seed = 77;
  for (const std::string &name : odd_names()) {
    write_random_file(dirfd, name, 100 + seed % 900, seed);
    ++seed;
  }
  UniqueFd dir = make_dir(dirfd, "dir\nwith newline \xff");
  write_file(dir.get(), "-inner \xfe", "inner");
  make_symlink(dirfd, "link to \xff\xfe", "\xff\xfe");
  make_symlink(dirfd, std::string(255, 'L'), std::string(255, 'a'));
}

void fill_symlinks(int dirfd, bool with_dangling) {
  write_file(dirfd, "target-file", "the target's content\n", 0640);
  UniqueFd tdir = make_dir(dirfd, "target-dir", 0750);
  write_file(tdir.get(), "inside", "inside the target dir\n");
  make_symlink(dirfd, "rel-to-file", "target-file");
  make_symlink(dirfd, "rel-to-dir", "target-dir");
  make_symlink(dirfd, "link-to-link", "rel-to-file");
  make_symlink(tdir.get(), "up-and-back", "../target-file");
  // Absolute and pointing outside the tree: must be copied verbatim, never
  // rewritten or followed.
  make_symlink(dirfd, "absolute-outside", "/etc/passwd");
  if (with_dangling) {
    make_symlink(dirfd, "dangling", "does/not/exist");
    make_symlink(dirfd, "dangling-absolute", "/nonexistent/ucopy-test/target");
  }
}

void fill_modes_and_owners(int dirfd) {
  const mode_t file_modes[] = {0000, 0400,  0444,  0600,  0640,  0644,  0700, 0755,
                               0777, 04755, 02755, 06755, 01644, 07777, 0111};
  uint64_t seed = 500;
  for (mode_t m : file_modes) {
    char name[32];
    std::snprintf(name, sizeof name, "file-%04o", static_cast<unsigned>(m));
    write_random_file(dirfd, name, 1000 + seed, seed, m);
    ++seed;
  }
  const mode_t dir_modes[] = {0500, 0555, 0700, 0711, 01777, 02755, 0750};
  for (mode_t m : dir_modes) {
    char name[32];
    std::snprintf(name, sizeof name, "dir-%04o", static_cast<unsigned>(m));
    UniqueFd d = make_dir(dirfd, name, 0700);
    write_file(d.get(), "content", name);
    // Restrictive modes go on after the content, as in real trees.
    ucopy_test::set_mode(dirfd, name, m);
  }
  // Foreign owners only where we may set them; the setuid file keeps its
  // bits, which a copy must restore after chown (chown clears them).
  if (::geteuid() == 0) {
    write_file(dirfd, "owned-1234-5678", "foreign owner\n");
    if (::fchownat(dirfd, "owned-1234-5678", 1234, 5678, 0) != 0)
      throw std::runtime_error("fchownat failed");
    write_file(dirfd, "owned-setuid", "setuid and foreign owner\n");
    if (::fchownat(dirfd, "owned-setuid", 4321, 8765, 0) != 0)
      throw std::runtime_error("fchownat failed");
    ucopy_test::set_mode(dirfd, "owned-setuid", 06750);
    make_symlink(dirfd, "owned-link", "owned-1234-5678");
    if (::fchownat(dirfd, "owned-link", 1111, 2222, AT_SYMLINK_NOFOLLOW) != 0)
      throw std::runtime_error("fchownat on a symlink failed");
  }
}

}  // namespace

const std::vector<uint64_t> &interesting_file_sizes() {
  static const std::vector<uint64_t> sizes = {0,
                                              1,
                                              2,
                                              511,
                                              512,
                                              4095,
                                              4096,
                                              4097,
                                              8191,
                                              8192,
                                              65536,
                                              128 * 1024 - 1,
                                              128 * 1024,
                                              128 * 1024 + 1,
                                              1024 * 1024 - 1,
                                              1024 * 1024 + 7,
                                              3 * 1024 * 1024 + 4095,
                                              8 * 1024 * 1024 + 1};
  return sizes;
}

const std::vector<std::string> &odd_names() {
  static const std::vector<std::string> names = {
      "new\nline",
      " leading space",
      "trailing space ",
      "two  spaces",
      "-leading-dash",
      "--",
      "-",
      "tab\there",
      "\xff\xfe",
      "\x80\x81 not utf8 \xc3",
      "caf\xc3\xa9 utf8",
      "*?[glob]",
      "back\\slash",
      "quote'\"",
      ":colon;semi",
      "$(dollar)",
      "\x01\x1f ctl",
      ".hidden",
      "..dots",
      std::string(255, 'n'),
      // 255 bytes of a two-byte UTF-8 sequence plus one byte.
      [] {
        std::string s;
        for (int i = 0; i < 127; ++i) s += "\xc3\xa9";
        return s + "x";
      }(),
  };
  return names;
}

void build_sized_files(const std::string &root) {
  UniqueFd fd = make_root(root);
  fill_sized_files(fd.get(), 1000);
  ucopy_test::stamp_tree_times(root, 1);
}

void build_empties(const std::string &root) {
  UniqueFd fd = make_root(root);
  fill_empties(fd.get());
  ucopy_test::stamp_tree_times(root, 2);
}

void build_odd_names(const std::string &root) {
  UniqueFd fd = make_root(root);
  fill_odd_names(fd.get());
  ucopy_test::stamp_tree_times(root, 3);
}

void build_symlinks(const std::string &root, bool with_dangling) {
  UniqueFd fd = make_root(root);
  fill_symlinks(fd.get(), with_dangling);
  ucopy_test::stamp_tree_times(root, 4);
}

void build_deep_chain(const std::string &root, int depth, const std::string &component) {
  UniqueFd fd = make_root(root);
  UniqueFd bottom = ucopy_test::make_deep_chain(fd.get(), component, depth);
  write_random_file(bottom.get(), "bottom-file", 10000, 42, 0640);
  make_symlink(bottom.get(), "bottom-link", "bottom-file");
  UniqueFd mid = ucopy_test::open_dir(fd.get(), component);
  for (int i = 1; i < depth / 2; ++i) mid = ucopy_test::open_dir(mid.get(), component);
  write_file(mid.get(), "halfway", "halfway down\n");
  ucopy_test::stamp_tree_times(root, 5);
}

void build_many_small(const std::string &root, int dirs, int files_per_dir) {
  UniqueFd fd = make_root(root);
  ucopy_test::Prng prng(6);
  for (int d = 0; d < dirs; ++d) {
    char dname[16];
    std::snprintf(dname, sizeof dname, "d%03d", d);
    UniqueFd dir = make_dir(fd.get(), dname);
    for (int f = 0; f < files_per_dir; ++f) {
      char fname[16];
      std::snprintf(fname, sizeof fname, "f%04d", f);
      write_random_file(dir.get(), fname, prng.between(0, 2048), prng.next());
    }
  }
  ucopy_test::stamp_tree_times(root, 6);
}

void build_modes_and_owners(const std::string &root) {
  UniqueFd fd = make_root(root);
  fill_modes_and_owners(fd.get());
  ucopy_test::stamp_tree_times(root, 7);
}

void build_mid_tree(const std::string &root) {
  UniqueFd fd = make_root(root);
  fill_sized_files(make_dir(fd.get(), "sizes").get(), 2000);
  fill_empties(make_dir(fd.get(), "empties").get());
  fill_odd_names(make_dir(fd.get(), "odd").get());
  fill_symlinks(make_dir(fd.get(), "links").get(), true);
  fill_modes_and_owners(make_dir(fd.get(), "modes").get());
  UniqueFd many = make_dir(fd.get(), "many");
  ucopy_test::Prng prng(8);
  for (int d = 0; d < 8; ++d) {
    UniqueFd dir = make_dir(many.get(), "sub" + std::to_string(d));
    for (int f = 0; f < 40; ++f)
      write_random_file(dir.get(), "small" + std::to_string(f), prng.between(0, 20000),
                        prng.next());
  }
  ucopy_test::stamp_tree_times(root, 9);
}

void build_large_tree(const std::string &root) {
  UniqueFd fd = make_root(root);
  ucopy_test::Prng prng(10);
  for (int d = 0; d < 40; ++d) {
    UniqueFd dir = make_dir(fd.get(), "dir" + std::to_string(d));
    for (int f = 0; f < 100; ++f)
      write_random_file(dir.get(), "file" + std::to_string(f), prng.between(4096, 65536),
                        prng.next());
    if (d % 5 == 0) write_random_file(dir.get(), "big", 16u << 20, prng.next());
  }
  ucopy_test::stamp_tree_times(root, 11);
}

}  // namespace ucopy_e2e
