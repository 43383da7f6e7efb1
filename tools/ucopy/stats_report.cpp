// SPDX-License-Identifier: MIT
#include "stats_report.hpp"

#include "human_units.hpp"
#include "json_out.hpp"

namespace ucopy_cli {

void RunTotals::add_run(const ucopy_stats &s, int run_code) {
  stats.files += s.files;
  stats.dirs += s.dirs;
  stats.symlinks += s.symlinks;
  stats.specials += s.specials;
  stats.bytes += s.bytes;
  stats.failures += s.failures;
  stats.skipped += s.skipped;
  stats.warnings += s.warnings;
  stats.elapsed_ns += s.elapsed_ns;
  stats.sqes_submitted += s.sqes_submitted;
  stats.io_uring_enters += s.io_uring_enters;
  stats.files_reflinked += s.files_reflinked;
  stats.bytes_reflinked += s.bytes_reflinked;
  stats.files_copy_file_range += s.files_copy_file_range;
  stats.bytes_copy_file_range += s.bytes_copy_file_range;
  stats.files_read_write += s.files_read_write;
  stats.bytes_read_write += s.bytes_read_write;
  stats.bytes_sparse += s.bytes_sparse;
  stats.files_verified += s.files_verified;
  stats.up_to_date += s.up_to_date;
  stats.deleted += s.deleted;
  stats.filtered += s.filtered;
  ++runs;
  if (return_code == 0) return_code = run_code;
}

namespace {

double sqes_per_enter(const ucopy_stats &s) {
  return s.io_uring_enters
             ? static_cast<double>(s.sqes_submitted) / static_cast<double>(s.io_uring_enters)
             : 0.0;
}

}  // namespace

void print_stats_text(FILE *out, const RunTotals &t) {
  const ucopy_stats &s = t.stats;
  const double seconds = static_cast<double>(s.elapsed_ns) / 1e9;
  const auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  std::fprintf(out, "files: %llu, directories: %llu, symlinks: %llu, special files: %llu\n",
               u(s.files), u(s.dirs), u(s.symlinks), u(s.specials));
  std::fprintf(out, "bytes: %llu (%s) in %.3f s, %s\n", u(s.bytes), format_bytes(s.bytes).c_str(),
               seconds,
               format_rate(seconds > 0 ? static_cast<double>(s.bytes) / seconds : 0).c_str());
  std::fprintf(out,
               "failures: %llu, skipped: %llu (up to date: %llu), warnings: %llu, deleted: %llu, "
               "filtered: %llu\n",
               u(s.failures), u(s.skipped), u(s.up_to_date), u(s.warnings), u(s.deleted),
               u(s.filtered));
  std::fprintf(out,
               "io_uring: %llu SQEs in %llu io_uring_enter calls, %.1f SQEs per io_uring_enter\n",
               u(s.sqes_submitted), u(s.io_uring_enters), sqes_per_enter(s));
  std::fprintf(out,
               "data: reflink %llu files (%s), copy_file_range %llu files (%s), read/write %llu "
               "files (%s), holes kept %s, verified %llu files\n",
               u(s.files_reflinked), format_bytes(s.bytes_reflinked).c_str(),
               u(s.files_copy_file_range), format_bytes(s.bytes_copy_file_range).c_str(),
               u(s.files_read_write), format_bytes(s.bytes_read_write).c_str(),
               format_bytes(s.bytes_sparse).c_str(), u(s.files_verified));
}

void print_json_summary(FILE *out, const RunTotals &t, int exit_status) {
  const ucopy_stats &s = t.stats;
  JsonObject json;
  json.add_string("type", "summary")
      .add_uint("files", s.files)
      .add_uint("dirs", s.dirs)
      .add_uint("symlinks", s.symlinks)
      .add_uint("specials", s.specials)
      .add_uint("bytes", s.bytes)
      .add_uint("failures", s.failures)
      .add_uint("skipped", s.skipped)
      .add_uint("warnings", s.warnings)
      .add_uint("elapsed_ns", s.elapsed_ns)
      .add_uint("sqes_submitted", s.sqes_submitted)
      .add_uint("io_uring_enters", s.io_uring_enters)
      .add_uint("files_reflinked", s.files_reflinked)
      .add_uint("bytes_reflinked", s.bytes_reflinked)
      .add_uint("files_copy_file_range", s.files_copy_file_range)
      .add_uint("bytes_copy_file_range", s.bytes_copy_file_range)
      .add_uint("files_read_write", s.files_read_write)
      .add_uint("bytes_read_write", s.bytes_read_write)
      .add_uint("bytes_sparse", s.bytes_sparse)
      .add_uint("files_verified", s.files_verified)
      .add_uint("up_to_date", s.up_to_date)
      .add_uint("deleted", s.deleted)
      .add_uint("filtered", s.filtered)
      .add_uint("runs", t.runs)
      .add_uint("failed_entries", t.failed_entries)
      .add_int("return_code", t.return_code);
  if (t.return_code != 0) json.add_string("return_error", ucopy_error_name(t.return_code));
  else json.add_null("return_error");
  json.add_int("exit_status", exit_status);
  std::fputs(json.finish().c_str(), out);
  std::fputc('\n', out);
}

}  // namespace ucopy_cli
