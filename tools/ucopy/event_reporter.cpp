// SPDX-License-Identifier: MIT
#include "event_reporter.hpp"

#include <cerrno>

#include <cstdio>

#include "json_out.hpp"
#include "name_escape.hpp"

namespace ucopy_cli {

namespace {

const char *or_empty(const char *s) { return s ? s : ""; }

}  // namespace

const char *event_type_name(uint32_t type) {
  switch (type) {
    case UCOPY_EVENT_ERROR: return "error";
    case UCOPY_EVENT_WARNING: return "warning";
    case UCOPY_EVENT_SKIPPED: return "skipped";
    case UCOPY_EVENT_COPIED: return "copied";
    case UCOPY_EVENT_DELETED: return "deleted";
    default: return "unknown";
  }
}

const char *file_type_name(uint32_t file_type) {
  switch (file_type) {
    case UCOPY_TYPE_FILE: return "file";
    case UCOPY_TYPE_DIR: return "dir";
    case UCOPY_TYPE_SYMLINK: return "symlink";
    case UCOPY_TYPE_SPECIAL: return "special";
    default: return "unknown";
  }
}

uint32_t EventReporter::event_mask() const {
  uint32_t mask = UCOPY_EVENT_MASK_ERROR | UCOPY_EVENT_MASK_WARNING;
  // Per-entry events cost a callback each; ask for them only when shown
  // (or, for copies, written to the digest file).
  if (shows_entries())
    mask |= UCOPY_EVENT_MASK_COPIED | UCOPY_EVENT_MASK_SKIPPED | UCOPY_EVENT_MASK_DELETED;
  if (!options_.digest_file.empty()) mask |= UCOPY_EVENT_MASK_COPIED;
  return mask;
}

void EventReporter::print_error(const std::string &message) {
  if (progress_) progress_->clear();
  std::fflush(stdout);  // keep stdout and stderr in order on a terminal
  // Messages carry names: escaped, so that a name cannot forge output.
  std::fprintf(stderr, "ucopy: %s\n", escape_name(message).c_str());
}

void EventReporter::print_json(const ucopy_event &e) {
  JsonObject json;
  json.add_string("type", event_type_name(e.type)).add_int("code", e.code);
  if (e.code != 0) json.add_string("error", ucopy_error_name(e.code));
  else json.add_null("error");
  json.add_string("file_type", file_type_name(e.file_type))
      .add_path("src", or_empty(e.src_path))
      .add_path("dst", or_empty(e.dst_path))
      .add_string("op", or_empty(e.op))
      .add_string("message", or_empty(e.message))
      .add_uint("bytes", e.bytes);
  if (e.digest_len != 0)
    json.add_string("digest_algorithm", e.digest_type == UCOPY_DIGEST_XXH128 ? "xxh128" : "sha256")
        .add_string("digest", digest_hex(e));
  if (progress_) progress_->clear();
  std::fputs(json.finish().c_str(), stdout);
  std::fputc('\n', stdout);
}

void EventReporter::print_text(const ucopy_event &e) {
  const std::string src = or_empty(e.src_path), dst = or_empty(e.dst_path);
  switch (e.type) {
    case UCOPY_EVENT_ERROR:
    case UCOPY_EVENT_WARNING: {
      std::string message = or_empty(e.message);
      if (message.empty())
        message = "cannot copy '" + src + "' to '" + dst + "': " + ucopy_strerror(e.code);
      print_error(e.type == UCOPY_EVENT_WARNING ? "warning: " + message : message);
      break;
    }
    case UCOPY_EVENT_COPIED:
      if (progress_) progress_->clear();
      std::printf("'%s' -> '%s'\n", escape_name(src).c_str(), escape_name(dst).c_str());
      break;
    case UCOPY_EVENT_DELETED:
      if (progress_) progress_->clear();
      std::printf("%s\n", escape_name(or_empty(e.message)).c_str());
      break;
    case UCOPY_EVENT_SKIPPED:
      if (progress_) progress_->clear();
      // Skips other than an existing destination carry their own reason.
      if (e.code == -EEXIST || e.message == nullptr || *e.message == '\0')
        std::printf("skipped '%s' (destination exists)\n", escape_name(dst).c_str());
      else std::printf("%s\n", escape_name(e.message).c_str());
      break;
    default: break;
  }
}

void EventReporter::on_event(const ucopy_event &e) {
  if (e.type == UCOPY_EVENT_ERROR) ++errors_seen_;
  if (manifest_ != nullptr) manifest_->add(e);
  if (!shows_entries() && e.type == UCOPY_EVENT_COPIED) return;  // asked for the digest file only
  if (options_.json) {
    print_json(e);
    // Humans watching a --json run still see what went wrong.
    if (e.type == UCOPY_EVENT_ERROR || e.type == UCOPY_EVENT_WARNING) print_text(e);
    return;
  }
  print_text(e);
}

void EventReporter::report_cli_error(const std::string &source, const std::string &destination,
                                     uint32_t file_type, int code, const std::string &message) {
  ucopy_event e{};
  e.size = sizeof e;
  e.type = UCOPY_EVENT_ERROR;
  e.code = code;
  e.file_type = file_type;
  e.src_path = source.c_str();
  e.dst_path = destination.c_str();
  e.op = "";
  e.message = message.c_str();
  on_event(e);
}

int event_callback(const ucopy_event *event, void *user) {
  static_cast<EventReporter *>(user)->on_event(*event);
  return UCOPY_CONTINUE;  // count the failure and copy the rest, like cp
}

}  // namespace ucopy_cli
