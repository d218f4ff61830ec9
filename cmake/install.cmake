# What `cmake --install` puts where, and the Debian package CPack makes of it.
# Included from the root CMakeLists.txt after the targets; GNUInstallDirs is
# included there (app/install_paths.cc needs the bin -> data path).
#
#   bin/statussim, bin/statussim_full_client
#   share/statussim/scenarios/      the suite, one folder per area (the default of `run`)
#   share/statussim/spec/           SPEC.md (the default of --spec), SCENARIOS.md, PROTOCOL.md
#   share/statussim/schema/         scenario, expectations and world schemas (*.schema.json)
#   share/statussim/clients/python/ client.py (executable), statussim_sdk.py
#   share/doc/statussim/            README.md, docs/

set(STATUSSIM_INSTALL_DATA ${CMAKE_INSTALL_DATADIR}/statussim)

install(TARGETS statussim statussim_full_client RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/ DESTINATION ${STATUSSIM_INSTALL_DATA}/scenarios
        FILES_MATCHING PATTERN "*.yaml")
install(FILES ${PROJECT_SOURCE_DIR}/spec/SPEC.md ${PROJECT_SOURCE_DIR}/spec/SCENARIOS.md
              ${PROJECT_SOURCE_DIR}/spec/PROTOCOL.md
        DESTINATION ${STATUSSIM_INSTALL_DATA}/spec)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/schema/ DESTINATION ${STATUSSIM_INSTALL_DATA}/schema
        FILES_MATCHING PATTERN "*.json")
install(PROGRAMS ${PROJECT_SOURCE_DIR}/clients/python/client.py
        DESTINATION ${STATUSSIM_INSTALL_DATA}/clients/python)
install(FILES ${PROJECT_SOURCE_DIR}/clients/python/statussim_sdk.py
        DESTINATION ${STATUSSIM_INSTALL_DATA}/clients/python)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
        FILES_MATCHING PATTERN "*.md" PATTERN "*.png")

# --- cpack -G DEB: statussim_VERSION_ARCH.deb, installed under /usr.
set(STATUSSIM_PACKAGE_MAINTAINER
    "statussim maintainers <maintainers@users.noreply.r-seed-2086870b.example>"
    CACHE STRING "Maintainer field of the Debian package")
set(STATUSSIM_PACKAGE_HOMEPAGE "" CACHE STRING "Homepage field of the Debian package (empty: none)")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME statussim)
set(CPACK_PACKAGE_VENDOR "statussim")
set(CPACK_PACKAGE_CONTACT "${STATUSSIM_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "deterministic simulator and conformance harness for chat user status")
# Lines of the long description (CPackDeb indents them).
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
  "statussim models the user-status feature of Tencent Cloud Chat (custom"
  "status, status queries, subscriptions, status events) on a virtual clock,"
  "and replays YAML scenarios against a client: the built-in reference SDK or"
  "any program that speaks its JSON-lines protocol. It checks every result,"
  "error code and event, and writes JUnit, JSON, HTML and Markdown reports."
  "The package holds the statussim command, the conformance suite and the"
  "contracts (/usr/share/statussim), and example clients in C++ and Python.")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${STATUSSIM_PACKAGE_MAINTAINER}")
if(STATUSSIM_PACKAGE_HOMEPAGE)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${STATUSSIM_PACKAGE_HOMEPAGE}")
endif()
# Depends: the shared libraries the binaries link (libfmt, libyaml-cpp,
# libstdc++, libc), found by dpkg-shlibdeps (package dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Only the example Python client needs Python.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS python3)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/out/" "__pycache__")
include(CPack)
