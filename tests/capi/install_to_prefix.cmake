# SPDX-License-Identifier: MIT
# Install a build tree into a fresh prefix: cmake -DBUILD_DIR=... -DPREFIX=... -P this
# A fresh prefix each time, so files left over from an older layout cannot
# make a test pass.
if(NOT BUILD_DIR OR NOT PREFIX)
  message(FATAL_ERROR "usage: cmake -DBUILD_DIR=<build> -DPREFIX=<dir> -P install_to_prefix.cmake")
endif()
file(REMOVE_RECURSE ${PREFIX})
execute_process(
  COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${PREFIX} failed: ${rc}")
endif()
