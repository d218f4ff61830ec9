# CTest registrations for `statussim scale --world` and its capacity report
# (docs/worlds.md), included from the root CMakeLists.txt when BUILD_TESTING
# is on. Label "scale"; each runs in a few seconds on small worlds.
set(_worlds_check ${STATUSSIM_PYTHON} ${PROJECT_SOURCE_DIR}/tests/worlds/check_worlds.py
  $<TARGET_FILE:statussim> ${PROJECT_SOURCE_DIR})

# Every bad world file exits 2 with each of its problems at file:line:column.
add_test(NAME scale.world_bad_files
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/worlds/check_bad_worlds.sh $<TARGET_FILE:statussim>
    ${PROJECT_SOURCE_DIR}/tests/worlds/bad)
# bench/worlds/uniform.yaml and the flags give today's log hash.
add_test(NAME scale.world_uniform_hash COMMAND ${_worlds_check} uniform)
# The four example worlds load and check.
add_test(NAME scale.world_examples COMMAND ${_worlds_check} examples)
# Same file and seed: same hash, same JSON without "wall"; another seed: another hash.
add_test(NAME scale.world_determinism COMMAND ${_worlds_check} determinism)
# The report's figures add up, the page is self-contained, the spikes show.
add_test(NAME scale.capacity_report COMMAND ${_worlds_check} report)
set_tests_properties(scale.world_bad_files scale.world_uniform_hash scale.world_examples
  scale.world_determinism scale.capacity_report PROPERTIES LABELS scale TIMEOUT 120)

# schema/world.schema.json accepts the example and test worlds and rejects
# the bad files marked `# schema: invalid` (Debian's python3-jsonschema).
if(STATUSSIM_SYSTEM_PYTHON)
  add_test(NAME schema.world
    COMMAND ${STATUSSIM_SYSTEM_PYTHON} ${PROJECT_SOURCE_DIR}/tests/worlds/schema_check_worlds.py
      ${PROJECT_SOURCE_DIR})
  set_tests_properties(schema.world PROPERTIES LABELS schema)
endif()
