# SPDX-License-Identifier: MIT
"""ucbench: the ucopy benchmark harness (standard library only). Entry point: bench/run.py."""
