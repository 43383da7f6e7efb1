#include "help_text.hpp"

#include <cstdio>

#include "ucopy.h"

namespace ucopy_cli {

const char kHelpText[] =
    "Usage: ucopy [OPTION]... SRC DST\n"
    "  or:  ucopy [OPTION]... SRC... DIRECTORY\n"
    "Copy files and directory trees with io_uring, as faithfully as cp -a.\n"
    "\n"
    "If DST is an existing directory, each SRC is copied to DST/basename(SRC);\n"
    "otherwise SRC is copied to DST, which is created. Several SRCs require DST\n"
    "to be an existing directory.\n"
    "\n"
    "What to copy:\n"
    "  -a, --archive            copy directories recursively and preserve\n"
    "                           everything: --preserve=all (like rsync -aHAX)\n"
    "  -r, -R, --recursive      copy directories recursively; FIFOs, sockets and\n"
    "                           devices are recreated, not read\n"
    "  -p                       preserve mode, ownership and timestamps\n"
    "      --preserve[=LIST]    preserve the attributes in LIST, comma-separated:\n"
    "                           mode, ownership, timestamps, links, xattr, acl,\n"
    "                           specials, devices, all\n"
    "                           (default: mode,ownership,timestamps)\n"
    "      --no-preserve=LIST   do not preserve the attributes in LIST (wins over\n"
    "                           -a, -p and --preserve)\n"
    "      --specials           recreate FIFOs and sockets (--preserve=specials)\n"
    "      --devices            recreate device nodes (--preserve=devices)\n"
    "  -D                       same as --specials --devices\n"
    "      --owner-policy=WHAT  when ownership cannot be kept (not root): warn,\n"
    "                           fail or ignore (default: warn)\n"
    "      --xattr-exclude=PATTERN  do not copy extended attributes whose name\n"
    "                           matches the glob PATTERN (repeatable)\n"
    "      --open-noatime       read sources without changing their access time,\n"
    "                           where permitted\n"
    "  -L, --dereference        always follow symbolic links in SRC\n"
    "  -P, --no-dereference     never follow symbolic links in SRC (default)\n"
    "  -H                       follow symbolic links given on the command line\n"
    "      --overwrite=WHEN     what to do when a destination file exists: fail,\n"
    "                           replace or skip (default: replace, like cp; the\n"
    "                           library's own default is fail)\n"
    "  -n, --dry-run            list what would be copied, write nothing\n"
    "\n"
    "Output:\n"
    "  -v, --verbose            print 'SRC' -> 'DST' for each copied entry\n"
    "      --progress           show progress on stderr: a live bar on a terminal,\n"
    "                           otherwise at most one line per second\n"
    "      --json               print one JSON object per event and a final summary\n"
    "                           object on stdout, one per line\n"
    "      --stats              print statistics at the end, including SQEs per\n"
    "                           io_uring_enter\n"
    "\n"
    "Tuning:\n"
    "      --workers=N          worker threads, each with one io_uring\n"
    "                           (default: online CPUs, at most 8)\n"
    "      --queue-depth=N      submission queue entries per ring (default: 256)\n"
    "      --files-in-flight=N  files copied at once per worker (default: 64)\n"
    "      --buffer-size=SIZE   bytes per I/O buffer, a multiple of 4096; K, M and\n"
    "                           G suffixes are accepted (default: 128K)\n"
    "\n"
    "  -h, --help               display this help and exit\n"
    "      --version            output version information and exit\n"
    "\n"
    "Exit status: 0 if everything was copied, 1 if some entries could not be\n"
    "copied, 2 on a usage error, 130 or 143 when stopped by SIGINT or SIGTERM.\n"
    "\n"
    "See ucopy(1) and libucopy(3).\n";

void print_version() {
  std::printf("ucopy %d.%d.%d (libucopy %s)\n", UCOPY_VERSION_MAJOR, UCOPY_VERSION_MINOR,
              UCOPY_VERSION_PATCH, ucopy_version_string());
}

}  // namespace ucopy_cli
