# statussim record (docs/record.md): tests/record.sh, one part per test.
# Included from the root CMakeLists.txt when BUILD_TESTING is on.
foreach(part suite bare steps wrong bad no_write)
  add_test(NAME record.${part}
    COMMAND bash ${PROJECT_SOURCE_DIR}/tests/record.sh $<TARGET_FILE:statussim>
            ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/record ${part})
  set_tests_properties(record.${part} PROPERTIES LABELS "cli;record" TIMEOUT 300)
endforeach()
