// SPDX-License-Identifier: MIT
// Options: defaults, reading a caller's struct of any layout version, and
// range checks that turn bad values into messages instead of crashes.
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

#include "common/config.hpp"

namespace ucopy_impl {
namespace {

constexpr uint32_t kDefaultFilesInFlight = 64;
constexpr uint32_t kDefaultQueueDepth = 256;
constexpr uint32_t kDefaultBufferSize = 128 * 1024;
constexpr uint32_t kDefaultProgressMs = 100;
constexpr uint32_t kDefaultMaxWorkers = 8;
constexpr uint32_t kDefaultRegions = 4;
// The header's product of unsigned ints, taken as what it is: 64 MiB.
constexpr uint32_t kBufferSizeMax = UCOPY_BUFFER_SIZE_MAX;

// Every flag this library knows, from the one list of them.
constexpr uint64_t kFlagList[] = {
#define UCOPY_FLAG(name) (name),
#include "api/flags.def"
#undef UCOPY_FLAG
};

// One bit each, in rising order: a duplicate or a composite such as
// UCOPY_F_ARCHIVE in the list would otherwise go unnoticed.
constexpr bool single_bits_in_order() {
  uint64_t prev = 0;
  for (const uint64_t f : kFlagList) {
    if (!std::has_single_bit(f) || f <= prev) return false;
    prev = f;
  }
  return true;
}
static_assert(single_bits_in_order(),
              "lib/api/flags.def: one single-bit flag a line, in bit order");

constexpr uint64_t known_flags() {
  uint64_t all = 0;
  for (const uint64_t f : kFlagList) all |= f;
  return all;
}
constexpr uint64_t kKnownFlags = known_flags();

// The smallest struct we accept: size and version, nothing else.
constexpr size_t kMinSize = offsetof(ucopy_options, flags);

std::string hex(uint64_t v) {
  char b[32];
  snprintf(b, sizeof b, "%llx", static_cast<unsigned long long>(v));
  return b;
}

bool check_flags(const char *field, uint64_t value, std::string &err) {
  if ((value & ~kKnownFlags) == 0) return true;
  err = std::string("invalid option ") + field + ": unknown bits 0x" + hex(value & ~kKnownFlags);
  return false;
}

bool check_range(const char *field, uint64_t value, uint64_t lo, uint64_t hi, std::string &err) {
  if (value == 0 || (value >= lo && value <= hi)) return true;
  err = std::string("invalid option ") + field + " = " + std::to_string(value) +
        ": must be 0 (default) or between " + std::to_string(lo) + " and " + std::to_string(hi);
  return false;
}

// Buffers of one large-file helper: a 1 MiB read/write chunk and, to
// verify, a second one (region_copy.cpp).
constexpr uint64_t kHelperBufferBytes = uint64_t{2} << 20;

std::string mib(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// The run's buffers, all allocated up front or on first use, stay within
// UCOPY_BUFFER_MEMORY_MAX: each knob alone is in range, but their product
// could ask for 256 x 4096 x 64 MiB = 64 TiB.
bool check_buffer_memory(const Config &c, std::string &err) {
  const uint64_t rings = uint64_t{c.workers} * c.files_in_flight * c.buffer_size;
  const uint64_t helpers = uint64_t{c.regions} * kHelperBufferBytes;
  if (rings + helpers <= UCOPY_BUFFER_MEMORY_MAX) return true;
  err = "invalid options: buffers of " + mib(rings + helpers) + " (" + std::to_string(c.workers) +
        " workers x " + std::to_string(c.files_in_flight) + " files in flight x " +
        std::to_string(c.buffer_size) + "-byte buffers + " + std::to_string(c.regions) +
        " regions x " + mib(kHelperBufferBytes) + ") exceed the limit of " +
        mib(UCOPY_BUFFER_MEMORY_MAX) + " (UCOPY_BUFFER_MEMORY_MAX): lower workers, " +
        "files_in_flight or buffer_size";
  return false;
}

uint32_t default_workers() {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1) n = 1;
  return static_cast<uint32_t>(std::min<long>(n, kDefaultMaxWorkers));
}

}  // namespace

void default_options(ucopy_options *opts) {
  std::memset(opts, 0, sizeof(*opts));
  opts->size = sizeof(ucopy_options);
  opts->version = UCOPY_OPTIONS_VERSION;
  opts->flags = UCOPY_F_ARCHIVE;
  opts->overwrite = UCOPY_OVERWRITE_FAIL;
  opts->owner_policy = UCOPY_OWNER_WARN;
  opts->region_threshold = UCOPY_REGION_THRESHOLD_DEFAULT;
}

namespace {

// The caller's struct of `in->size` bytes, over the defaults for the fields
// it does not have.
bool read_caller_options(const ucopy_options *in, ucopy_options &o, std::string &err) {
  if (in == nullptr) {
    err = "invalid options: NULL";
    return false;
  }
  if (in->size < kMinSize) {
    err = "invalid options: size " + std::to_string(in->size) + " is too small";
    return false;
  }
  default_options(&o);
  size_t take = std::min<size_t>(in->size, sizeof(o));
  std::memcpy(&o, in, take);
  // A newer caller may send fields this library does not know; accept that
  // only when they are zero, i.e. left at their defaults.
  if (in->size > sizeof(o)) {
    const auto *extra = reinterpret_cast<const unsigned char *>(in) + sizeof(o);
    for (size_t i = 0; i < in->size - sizeof(o); i++) {
      if (extra[i] != 0) {
        err = "invalid options: fields beyond this library's ucopy_options (size " +
              std::to_string(sizeof(o)) + ") are set; upgrade libucopy";
        return false;
      }
    }
  }
  return true;
}

bool check_flag_fields(const ucopy_options &o, std::string &err) {
  if (!check_flags("flags", o.flags, err) || !check_flags("flags_set", o.flags_set, err) ||
      !check_flags("flags_clear", o.flags_clear, err))
    return false;
  if (o.flags_set & o.flags_clear) {
    err = "invalid options: bits 0x" + hex(o.flags_set & o.flags_clear) +
          " are in both flags_set and flags_clear";
    return false;
  }
  return true;
}

// An enumerated field: its name, its largest value and the values the
// message lists.
struct EnumField {
  const char *name;
  uint32_t ucopy_options::*field;
  uint32_t max;
  const char *allowed;
};

// What to do with entries: checked first.
constexpr EnumField kPolicyFields[] = {
    {"overwrite", &ucopy_options::overwrite, UCOPY_OVERWRITE_SKIP,
     "UCOPY_OVERWRITE_FAIL, _REPLACE or _SKIP"},
    {"owner_policy", &ucopy_options::owner_policy, UCOPY_OWNER_WARN_EACH,
     "UCOPY_OWNER_WARN, _FAIL, _IGNORE or _WARN_EACH"},
    {"update", &ucopy_options::update, UCOPY_UPDATE_CHECKSUM,
     "UCOPY_UPDATE_NONE, _SIZE_MTIME or _CHECKSUM"},
};

// How file data moves.
constexpr EnumField kDataFields[] = {
    {"copy_method", &ucopy_options::copy_method, UCOPY_COPY_READ_WRITE,
     "UCOPY_COPY_AUTO, _REFLINK, _FILE_RANGE or _READ_WRITE"},
    {"reflink", &ucopy_options::reflink, UCOPY_REFLINK_NEVER,
     "UCOPY_REFLINK_AUTO, _ALWAYS or _NEVER"},
    {"sparse", &ucopy_options::sparse, UCOPY_SPARSE_NEVER, "UCOPY_SPARSE_AUTO, _ALWAYS or _NEVER"},
    {"digest", &ucopy_options::digest, UCOPY_DIGEST_SHA256,
     "UCOPY_DIGEST_NONE, _XXH128 or _SHA256"},
};

template <size_t N>
bool check_enums(const ucopy_options &o, const EnumField (&fields)[N], std::string &err) {
  for (const EnumField &f : fields) {
    const uint32_t v = o.*f.field;
    if (v <= f.max) continue;
    err = std::string("invalid option ") + f.name + " = " + std::to_string(v) + ": must be " +
          f.allowed;
    return false;
  }
  return true;
}

// The enumerated policies and the reserved fields.
bool check_policies(const ucopy_options &o, std::string &err) {
  if (!check_enums(o, kPolicyFields, err)) return false;
  if (o.reserved1 != 0) {
    err = "invalid option reserved1 = " + std::to_string(o.reserved1) + ": must be 0";
    return false;
  }
  if (o.reserved2 != 0) {
    err = "invalid option reserved2 = " + std::to_string(o.reserved2) + ": must be 0";
    return false;
  }
  if (o.reserved0 != 0) {
    err = "invalid option reserved0 = " + std::to_string(o.reserved0) + ": must be 0";
    return false;
  }
  return true;
}

// Workers, rings and their buffers.
bool check_queue_knobs(const ucopy_options &o, std::string &err) {
  if (!check_range("workers", o.workers, 1, UCOPY_WORKERS_MAX, err) ||
      !check_range("files_in_flight", o.files_in_flight, 1, UCOPY_FILES_IN_FLIGHT_MAX, err) ||
      !check_range("queue_depth", o.queue_depth, UCOPY_QUEUE_DEPTH_MIN, UCOPY_QUEUE_DEPTH_MAX,
                   err) ||
      !check_range("buffer_size", o.buffer_size, UCOPY_BUFFER_SIZE_MIN, kBufferSizeMax, err) ||
      !check_range("progress_interval_ms", o.progress_interval_ms, UCOPY_PROGRESS_INTERVAL_MIN_MS,
                   UCOPY_PROGRESS_INTERVAL_MAX_MS, err))
    return false;
  if (o.buffer_size % 4096 != 0) {
    err = "invalid option buffer_size = " + std::to_string(o.buffer_size) +
          ": must be a multiple of 4096";
    return false;
  }
  return true;
}

// How file data is copied: method, clones, holes and the split of large
// files into regions.
bool check_large_file_knobs(const ucopy_options &o, std::string &err) {
  if (!check_enums(o, kDataFields, err)) return false;
  if (o.reflink == UCOPY_REFLINK_ALWAYS &&
      (o.copy_method == UCOPY_COPY_FILE_RANGE || o.copy_method == UCOPY_COPY_READ_WRITE)) {
    err = "invalid options: reflink = UCOPY_REFLINK_ALWAYS contradicts copy_method = " +
          std::to_string(o.copy_method) + " (a method without clones)";
    return false;
  }
  if (!check_range("regions", o.regions, 1, UCOPY_REGIONS_MAX, err)) return false;
  if (o.region_size % UCOPY_REGION_ALIGN != 0) {
    err = "invalid option region_size = " + std::to_string(o.region_size) +
          ": must be 0 (default) or a multiple of UCOPY_REGION_ALIGN (" +
          std::to_string(UCOPY_REGION_ALIGN) + ")";
    return false;
  }
  return true;
}

// The hard-link map's limit: below UCOPY_LINK_MAP_LIMIT_MIN it could not
// hold a record and every name would be copied apart.
bool check_link_map_limit(const ucopy_options &o, std::string &err) {
  if (o.link_map_limit == 0 || o.link_map_limit >= UCOPY_LINK_MAP_LIMIT_MIN) return true;
  err = "invalid option link_map_limit = " + std::to_string(o.link_map_limit) +
        ": must be 0 (unlimited) or at least UCOPY_LINK_MAP_LIMIT_MIN (" +
        std::to_string(UCOPY_LINK_MAP_LIMIT_MIN) + " bytes)";
  return false;
}

// The checked options as the run uses them, defaults filled in;
// `caller_size` is the size of the caller's struct.
void fill_config(const ucopy_options &o, size_t caller_size, Config &out) {
  // The one place the override rule is applied (see ucopy_options.flags_set).
  out.flags = (o.flags | o.flags_set) & ~o.flags_clear;
  // Callers built against the first layout (no owner_policy field) got
  // FIFOs, sockets and devices copied whenever they were met.
  if (caller_size < offsetof(ucopy_options, owner_policy) + sizeof(o.owner_policy))
    out.flags |= UCOPY_F_COPY_SPECIALS | UCOPY_F_COPY_DEVICES;
  out.copy_method = o.copy_method;
  out.reflink = o.reflink;
  out.sparse = o.sparse;
  out.regions = o.regions ? o.regions : kDefaultRegions;
  out.region_threshold = o.region_threshold;
  out.region_size = o.region_size;
  out.overwrite = o.overwrite;
  out.owner_policy = o.owner_policy;
  out.update = o.update;
  out.digest = o.digest;
  out.link_map_limit = o.link_map_limit;
  out.workers = o.workers ? o.workers : default_workers();
  out.files_in_flight = o.files_in_flight ? o.files_in_flight : kDefaultFilesInFlight;
  out.queue_depth = o.queue_depth ? o.queue_depth : kDefaultQueueDepth;
  out.buffer_size = o.buffer_size ? o.buffer_size : kDefaultBufferSize;
  out.progress_interval_ms = o.progress_interval_ms ? o.progress_interval_ms : kDefaultProgressMs;
}

}  // namespace

// The checks run in the order of the fields they concern, so that of several
// bad fields the message always names the same one.
bool resolve_options(const ucopy_options *in, Config &out, std::string &err) {
  ucopy_options o;
  if (!read_caller_options(in, o, err) || !check_flag_fields(o, err) || !check_policies(o, err) ||
      !check_queue_knobs(o, err) || !check_large_file_knobs(o, err) ||
      !check_link_map_limit(o, err))
    return false;
  fill_config(o, in->size, out);
  return check_buffer_memory(out, err);
}

}  // namespace ucopy_impl
