# Tests of the installed tree, the Debian package and --version. Included
# from the root CMakeLists.txt when BUILD_TESTING is on.

# `statussim --version`: project version, protocol version, SPEC rule count.
add_test(NAME cli.version
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/version.sh $<TARGET_FILE:statussim> ${PROJECT_VERSION}
          ${PROJECT_SOURCE_DIR}/harness/protocol.h ${PROJECT_SOURCE_DIR}/scenarios)
set_tests_properties(cli.version PROPERTIES LABELS cli)
