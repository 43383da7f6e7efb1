/* SPDX-License-Identifier: MIT */
// Setting up the trees a race runs on: who owns what, and fresh
// directories between runs.
#pragma once

#include <sys/types.h>

#include <string>

namespace ucopy_security {

// lchown to the attacker (65534:65534): the entry itself, never a target.
void give_to_attacker(const std::string &path);
// The same for a whole tree (no symlink followed).
void give_tree_to_attacker(const std::string &path);

// Removes whatever is at `path` and makes an empty directory there with
// exactly `mode`, owned by the attacker if `attacker_owned`, else by root.
void fresh_dir(const std::string &path, mode_t mode, bool attacker_owned);

// A root-owned regular file with `content` and exactly `mode`.
void root_file(const std::string &path, const std::string &content, mode_t mode);

// A root-only victim outside the trees: root:root 0600, content "victim",
// one user.* xattr; what the attacker wants changed.
void make_victim(const std::string &path);

// Sets the access ACL of `path` from its text form (acl_from_text).
void set_acl(const std::string &path, const char *text);

// dir + "/" + name, without the temporaries (loops build many paths).
std::string join(const std::string &dir, const std::string &name);

// Names "<prefix>000" .. for numbered entries of a tree.
std::string numbered(const std::string &prefix, int i);

}  // namespace ucopy_security
