# SPDX-License-Identifier: MIT
"""Put the source into the requested page-cache state just before a timed run."""
import os
import shlex

from . import sh


def prepare(state, src):
    if state == "warm":
        # Read every file once. Not `tar -cf /dev/null`: GNU tar notices /dev/null
        # and skips reading file data. The pipe through cat forces the reads.
        sh.shell(f"tar -C {shlex.quote(src)} -cf - . | cat > /dev/null")
    elif state == "cold":
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
    else:
        raise ValueError(state)
