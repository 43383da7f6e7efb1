// SPDX-License-Identifier: MIT
// --digest-file: one line per copied file, in the format of sha256sum and
// xxhsum -H2 ("HEX  NAME"), so that `cd DST && sha256sum -c FILE` checks
// the copy. Names with a backslash, newline or carriage return are escaped
// as coreutils escapes them: the line starts with a backslash, and inside
// the name "\\", "\n" and "\r" stand for those bytes.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "ucopy.h"

namespace ucopy_cli {

// "xxh128" or "sha256" as the UCOPY_DIGEST_* value; nothing for another word.
std::optional<uint32_t> parse_digest_name(std::string_view word);
// The digest's bytes in lower-case hexadecimal, as the tools print them.
std::string digest_hex(const ucopy_event &event);

// `name` as a checksum line spells it; `escaped` says whether the line
// needs its leading backslash.
std::string escape_checksum_name(std::string_view name, bool &escaped);

// The name a copied file's line gives it: relative to the destination
// operand `dst_operand` when that is a directory (the copy itself, or the
// one the sources went into), or the file's own name for a single file
// copied to a new name. `job_dst` is the name the run's copy got.
std::string manifest_name(std::string_view dst_operand, std::string_view job_dst,
                          std::string_view event_dst);

class DigestManifest {
 public:
  DigestManifest() = default;
  ~DigestManifest();
  DigestManifest(const DigestManifest &) = delete;
  DigestManifest &operator=(const DigestManifest &) = delete;

  // Creates (or truncates) `path`. A message for the user when it cannot.
  std::optional<std::string> open(const std::string &path, std::string dst_operand);
  // The run that follows copies into `job_dst`.
  void begin_job(std::string job_dst) { job_dst_ = std::move(job_dst); }
  // A COPIED event of a file with a digest becomes a line; others nothing.
  void add(const ucopy_event &event);
  // Flushes and closes; a message when writing failed (disk full, ...).
  std::optional<std::string> close();

 private:
  std::FILE *file_ = nullptr;
  std::string path_;
  std::string dst_operand_;
  std::string job_dst_;
};

}  // namespace ucopy_cli
