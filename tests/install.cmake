# Tests of the installed tree, the Debian package and --version. Included
# from the root CMakeLists.txt when BUILD_TESTING is on.

# `statussim --version`: project version, protocol version, SPEC rule count.
add_test(NAME cli.version
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/version.sh $<TARGET_FILE:statussim> ${PROJECT_VERSION}
          ${PROJECT_SOURCE_DIR}/harness/protocol.h ${PROJECT_SOURCE_DIR}/scenarios)
set_tests_properties(cli.version PROPERTIES LABELS cli)

# cmake --install into a temporary prefix; the installed statussim runs the
# installed suite (and the example clients) from another folder.
add_test(NAME install.tree
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/install.sh ${CMAKE_COMMAND} ${PROJECT_BINARY_DIR}
          ${PROJECT_SOURCE_DIR} ${STATUSSIM_PYTHON})
# Both tests install from this build folder (and write its install manifest).
set_tests_properties(install.tree PROPERTIES LABELS install TIMEOUT 300
                     RESOURCE_LOCK statussim_install)

# cpack -G DEB, checked with dpkg-deb (skipped without dpkg-dev, and in a
# sanitizer build).
add_test(NAME install.deb
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/package_deb.sh ${CMAKE_CPACK_COMMAND} ${PROJECT_BINARY_DIR}
          ${PROJECT_SOURCE_DIR} ${PROJECT_VERSION} "${STATUSSIM_SANITIZE}")
set_tests_properties(install.deb PROPERTIES LABELS install TIMEOUT 300 SKIP_RETURN_CODE 77
                     RESOURCE_LOCK statussim_install)
