/* SPDX-License-Identifier: MIT */
/* Copies SRC to DST with the installed libucopy and says which library
 * version ran: the smallest complete user of ucopy::ucopy. */
#include <stdio.h>
#include <string.h>

#include <ucopy.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: downstream SRC DST\n");
    return 2;
  }
  /* The header and the library found by find_package are one release. */
  if (ucopy_version() != UCOPY_VERSION_NUMBER) {
    fprintf(stderr, "header %d but library %u\n", UCOPY_VERSION_NUMBER, ucopy_version());
    return 1;
  }
  ucopy_options opts;
  if (ucopy_options_init(&opts, sizeof opts) != 0) return 1;
  ucopy_t *h = ucopy_new();
  if (h == NULL || ucopy_set_options(h, &opts) != 0) return 1;
  int rc = ucopy_run(h, argv[1], argv[2]);
  if (rc != 0) fprintf(stderr, "%s: %s\n", ucopy_error_name(rc), ucopy_last_error(h));
  ucopy_free(h);
  if (rc != 0) return 1;
  printf("downstream: copied with libucopy %s\n", ucopy_version_string());
  return 0;
}
