// SPDX-License-Identifier: MIT
#include "digest_manifest.hpp"

#include <cerrno>
#include <cstring>

namespace ucopy_cli {

namespace {

std::string_view without_trailing_slashes(std::string_view p) {
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  return p;
}

std::string_view base_name(std::string_view p) {
  p = without_trailing_slashes(p);
  const size_t slash = p.rfind('/');
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

// `path` below `dir` ("dir/a/b" -> "a/b"); nothing when it is not below.
std::optional<std::string_view> below(std::string_view dir, std::string_view path) {
  dir = without_trailing_slashes(dir);
  if (path.size() <= dir.size() || path.substr(0, dir.size()) != dir) return std::nullopt;
  path.remove_prefix(dir.size());
  if (dir != "/" && path.front() != '/') return std::nullopt;
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return path;
}

}  // namespace

std::optional<uint32_t> parse_digest_name(std::string_view word) {
  if (word == "xxh128") return UCOPY_DIGEST_XXH128;
  if (word == "sha256") return UCOPY_DIGEST_SHA256;
  return std::nullopt;
}

std::string digest_hex(const ucopy_event &e) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  const uint32_t len = e.digest_len < sizeof e.digest ? e.digest_len : sizeof e.digest;
  for (uint32_t i = 0; i < len; i++) {
    out += kHex[e.digest[i] >> 4];
    out += kHex[e.digest[i] & 15];
  }
  return out;
}

std::string escape_checksum_name(std::string_view name, bool &escaped) {
  std::string out;
  escaped = false;
  for (const char c : name) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c; continue;
    }
    escaped = true;
  }
  return out;
}

std::string manifest_name(std::string_view dst_operand, std::string_view job_dst,
                          std::string_view event_dst) {
  const std::optional<std::string_view> rel = below(job_dst, event_dst);
  if (!rel) return std::string(base_name(event_dst));  // the job's single file
  // Copied into the operand, under the source's name: that name leads.
  if (without_trailing_slashes(job_dst) != without_trailing_slashes(dst_operand))
    return std::string(base_name(job_dst)) + "/" + std::string(*rel);
  return std::string(*rel);
}

DigestManifest::~DigestManifest() {
  if (file_ != nullptr) std::fclose(file_);
}

std::optional<std::string> DigestManifest::open(const std::string &path, std::string dst_operand) {
  path_ = path;
  dst_operand_ = std::move(dst_operand);
  file_ = std::fopen(path.c_str(), "we");
  if (file_ == nullptr) return "cannot create digest file '" + path + "': " + std::strerror(errno);
  return std::nullopt;
}

void DigestManifest::add(const ucopy_event &e) {
  if (file_ == nullptr || e.type != UCOPY_EVENT_COPIED || e.digest_len == 0) return;
  bool escaped = false;
  const std::string name =
      escape_checksum_name(manifest_name(dst_operand_, job_dst_, e.dst_path), escaped);
  const std::string line = (escaped ? "\\" : "") + digest_hex(e) + "  " + name + "\n";
  std::fwrite(line.data(), 1, line.size(), file_);
}

std::optional<std::string> DigestManifest::close() {
  if (file_ == nullptr) return std::nullopt;
  const bool failed = std::ferror(file_) != 0;
  const int rc = std::fclose(file_);
  file_ = nullptr;
  if (failed || rc != 0)
    return "cannot write digest file '" + path_ + "': " + std::strerror(errno != 0 ? errno : EIO);
  return std::nullopt;
}

}  // namespace ucopy_cli
