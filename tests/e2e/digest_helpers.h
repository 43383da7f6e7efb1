/* SPDX-License-Identifier: MIT */
// Digests computed independently of libucopy, by the tools a user checks
// a copy with: sha256sum and xxhsum -H2.
#pragma once

#include <cstdint>
#include <string>

namespace ucopy_e2e {

// The digest of the file at `path` (UCOPY_DIGEST_SHA256 or _XXH128) in
// lower-case hex, as the tool prints it from the file on its standard
// input (so that no name needs escaping); "" when the tool cannot be run.
std::string tool_digest(uint32_t type, const std::string &path);

// Whether xxhsum can be run (Debian package xxhash).
bool have_xxhsum();

}  // namespace ucopy_e2e
