# SPDX-License-Identifier: MIT
# The CMake package: find_package(ucopy 0.1 CONFIG REQUIRED) then
# target_link_libraries(app PRIVATE ucopy::ucopy), for projects that prefer
# it to pkg-config. Included from the top-level CMakeLists.txt.
include(CMakePackageConfigHelpers)

set(UCOPY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/ucopy)

install(EXPORT ucopyTargets
  NAMESPACE ucopy::
  FILE ucopyTargets.cmake
  DESTINATION ${UCOPY_CMAKE_DIR})

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/ucopyConfig.cmake.in
  ${PROJECT_BINARY_DIR}/ucopyConfig.cmake
  INSTALL_DESTINATION ${UCOPY_CMAKE_DIR})

# SameMajorVersion mirrors the SONAME rule of docs/abi-policy.md: within one
# major version, a newer library serves every caller built for an older one.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/ucopyConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)

install(FILES
  ${PROJECT_BINARY_DIR}/ucopyConfig.cmake
  ${PROJECT_BINARY_DIR}/ucopyConfigVersion.cmake
  DESTINATION ${UCOPY_CMAKE_DIR})
