# CLI-level tests: the suite through the binary, coverage, determinism.
# Included from the root CMakeLists.txt when BUILD_TESTING is on.

# The whole suite passes against the reference client.
add_test(NAME suite.builtin COMMAND statussim run ${PROJECT_SOURCE_DIR}/scenarios --color never -q)
set_tests_properties(suite.builtin PROPERTIES LABELS "scenario;conformance" TIMEOUT 300)

# Every SPEC rule is covered by at least one scenario (exit 1 otherwise).
add_test(NAME suite.coverage COMMAND statussim coverage ${PROJECT_SOURCE_DIR}/scenarios)
set_tests_properties(suite.coverage PROPERTIES LABELS "scenario")

# Trace hashes are identical run to run and with --jobs 2.
add_test(NAME suite.determinism
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/determinism.sh $<TARGET_FILE:statussim>
          ${PROJECT_SOURCE_DIR}/scenarios ${PROJECT_BINARY_DIR}/determinism)
set_tests_properties(suite.determinism PROPERTIES LABELS "scenario" TIMEOUT 300)

# spec/SPEC.md is the contract's copy.
add_test(NAME spec.copy_matches_contract
  COMMAND bash -c "f=${PROJECT_SOURCE_DIR}/../shared/SPEC.md; if [ -f \"$f\" ]; then cmp \"$f\" ${PROJECT_SOURCE_DIR}/spec/SPEC.md; else echo 'no ../shared/SPEC.md beside the project: skipped'; fi")

include(${PROJECT_SOURCE_DIR}/tests/loader_cli.cmake OPTIONAL)
