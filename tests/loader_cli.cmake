# CTest registrations for the scenario loader, included from the root
# CMakeLists.txt when BUILD_TESTING is on.
#
# cli.bad_inputs: `statussim check` on every file of tests/bad exits 2 and
# prints the error at the line:column the file's first line names.
add_test(NAME cli.bad_inputs
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/check_bad_inputs.sh
    $<TARGET_FILE:statussim> ${PROJECT_SOURCE_DIR}/tests/bad)
set_tests_properties(cli.bad_inputs PROPERTIES LABELS cli)

# schema.check: schema/scenario.schema.json accepts scenarios/ and tests/good,
# and rejects the tests/bad files marked `# schema: invalid`. Needs Debian's
# python3 with python3-jsonschema and python3-yaml.
if(STATUSSIM_SYSTEM_PYTHON)
  add_test(NAME schema.check
    COMMAND ${STATUSSIM_SYSTEM_PYTHON} ${PROJECT_SOURCE_DIR}/tests/schema_check.py
      ${PROJECT_SOURCE_DIR})
  set_tests_properties(schema.check PROPERTIES LABELS schema)
endif()
