# CLI-level tests: the suite through the binary, coverage, determinism.
# Included from the root CMakeLists.txt when BUILD_TESTING is on.

# The whole suite passes against the reference client.
add_test(NAME suite.builtin COMMAND statussim run ${PROJECT_SOURCE_DIR}/scenarios --color never -q)
set_tests_properties(suite.builtin PROPERTIES LABELS "scenario;conformance" TIMEOUT 300)

# Every SPEC rule is covered by at least one scenario (exit 1 otherwise).
add_test(NAME suite.coverage COMMAND statussim coverage ${PROJECT_SOURCE_DIR}/scenarios)
set_tests_properties(suite.coverage PROPERTIES LABELS "scenario")

# Every SPEC rule is also exercised in the model by some scenario of the suite
# (sim/exercise.h), and the JSON figures are written.
add_test(NAME suite.exercised
  COMMAND bash -c "$<TARGET_FILE:statussim> coverage --exercised ${PROJECT_SOURCE_DIR}/scenarios -j 2 --json ${PROJECT_BINARY_DIR}/exercised.json > ${PROJECT_BINARY_DIR}/exercised.txt && grep -q '^73 of 73 rules exercised in the model' ${PROJECT_BINARY_DIR}/exercised.txt && grep -q '\"format\": \"statussim-exercise\"' ${PROJECT_BINARY_DIR}/exercised.json")
set_tests_properties(suite.exercised PROPERTIES LABELS "scenario")

# Trace hashes are identical run to run and with --jobs 2.
add_test(NAME suite.determinism
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/determinism.sh $<TARGET_FILE:statussim>
          ${PROJECT_SOURCE_DIR}/scenarios ${PROJECT_BINARY_DIR}/determinism)
set_tests_properties(suite.determinism PROPERTIES LABELS "scenario" TIMEOUT 300)

# spec/ holds copies of the three contracts; each must equal ../shared/'s.
foreach(contract SPEC SCENARIOS PROTOCOL)
  add_test(NAME spec.copy_matches_contract.${contract}
    COMMAND bash -c "f=${PROJECT_SOURCE_DIR}/../shared/${contract}.md; if [ -f \"$f\" ]; then cmp \"$f\" ${PROJECT_SOURCE_DIR}/spec/${contract}.md; else echo 'no ../shared/${contract}.md beside the project: skipped'; fi")
endforeach()

include(${PROJECT_SOURCE_DIR}/tests/loader_cli.cmake OPTIONAL)

# docs/choices.md and the scenarios' choice-ID tags agree: every tag names an
# open choice marked as asserted, every marked choice has a tagged scenario.
# Needs Debian's python3 with python3-yaml.
if(STATUSSIM_SYSTEM_PYTHON)
  add_test(NAME suite.choice_tags
    COMMAND ${STATUSSIM_SYSTEM_PYTHON} ${PROJECT_SOURCE_DIR}/tests/check_choices.py
      ${PROJECT_SOURCE_DIR})
  set_tests_properties(suite.choice_tags PROPERTIES LABELS scenario)
endif()

# The same suite through the process client: the Python example SDK (sdk
# mode) and the C++ full-mode client, a fresh process per scenario; their
# traces must equal the builtin's (cross_client.sh, there with --client-reuse).
add_test(NAME suite.python_sdk
  COMMAND statussim run ${PROJECT_SOURCE_DIR}/scenarios --color never -q --jobs 2
          --client "exec:${STATUSSIM_PYTHON} ${PROJECT_SOURCE_DIR}/clients/python/client.py")
set_tests_properties(suite.python_sdk PROPERTIES LABELS "scenario;process" TIMEOUT 600)
add_test(NAME suite.full_mode
  COMMAND statussim run ${PROJECT_SOURCE_DIR}/scenarios --color never -q
          --client "exec:$<TARGET_FILE:statussim_full_client>")
set_tests_properties(suite.full_mode PROPERTIES LABELS "scenario;process" TIMEOUT 600)
add_test(NAME suite.cross_client_traces
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/cross_client.sh $<TARGET_FILE:statussim>
          ${PROJECT_SOURCE_DIR}/scenarios ${PROJECT_BINARY_DIR}/cross_client
          "${STATUSSIM_PYTHON} ${PROJECT_SOURCE_DIR}/clients/python/client.py" $<TARGET_FILE:statussim_full_client>)
set_tests_properties(suite.cross_client_traces PROPERTIES LABELS "scenario;process" TIMEOUT 600)

# The Python example's own unit tests.
add_test(NAME clients.python_unit COMMAND ${STATUSSIM_PYTHON} -m unittest -q
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/clients/python)

# The mutation check: every built-in mutant is killed by some scenario.
add_test(NAME suite.mutation COMMAND statussim mutate ${PROJECT_SOURCE_DIR}/scenarios --jobs 2)
set_tests_properties(suite.mutation PROPERTIES LABELS "scenario;mutation" TIMEOUT 600)

# docs/mutants.md names every mutant under its rule, and every SPEC rule has
# a mutant of its own (a row per clause of SPEC.md).
if(STATUSSIM_SYSTEM_PYTHON)
  add_test(NAME suite.mutant_table
    COMMAND ${STATUSSIM_SYSTEM_PYTHON} ${PROJECT_SOURCE_DIR}/tests/check_mutants.py
      $<TARGET_FILE:statussim> ${PROJECT_SOURCE_DIR})
  set_tests_properties(suite.mutant_table PROPERTIES LABELS "mutation")
endif()

# Nothing lost: SIGINT half-way through leaves complete, valid reports.
add_test(NAME cli.interrupt
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/interrupt.sh $<TARGET_FILE:statussim>
          ${PROJECT_SOURCE_DIR}/scenarios ${PROJECT_BINARY_DIR}/interrupt
          "${STATUSSIM_PYTHON} ${PROJECT_SOURCE_DIR}/tests/clients/misbehave.py slow")
set_tests_properties(cli.interrupt PROPERTIES LABELS "cli" TIMEOUT 120)

# --filter, --exclude and --client take one value each: a path after them is
# a path (it was read as a second glob, and the whole default suite ran).
add_test(NAME cli.options_before_paths
  COMMAND bash -c "a=$($<TARGET_FILE:statussim> list ${PROJECT_SOURCE_DIR}/scenarios/set | wc -l); b=$($<TARGET_FILE:statussim> list --filter '*' --exclude none ${PROJECT_SOURCE_DIR}/scenarios/set | wc -l); c=$($<TARGET_FILE:statussim> list ${PROJECT_SOURCE_DIR}/scenarios | wc -l); echo \"$a $b $c\"; [ \"$a\" = \"$b\" ] && [ \"$a\" -lt \"$c\" ]"
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli.options_before_paths PROPERTIES LABELS cli)

# --expectations: known failures, stale entries, located input errors, reports.
add_test(NAME cli.expectations
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/expectations.sh $<TARGET_FILE:statussim> ${PROJECT_SOURCE_DIR})
set_tests_properties(cli.expectations PROPERTIES LABELS cli)

# --repeat: deterministic clients are never flaky; a flaky one fails the run.
add_test(NAME cli.repeat
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/repeat.sh $<TARGET_FILE:statussim> ${PROJECT_SOURCE_DIR}
          ${STATUSSIM_PYTHON})
set_tests_properties(cli.repeat PROPERTIES LABELS cli)

# statussim explore: a planted bug in an unseen process client is found and
# shrunk; no divergence from the example clients; deterministic; shards merge.
add_test(NAME cli.explore
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/explore.sh $<TARGET_FILE:statussim> ${PROJECT_SOURCE_DIR}
          ${STATUSSIM_PYTHON} $<TARGET_FILE:statussim_full_client>)
set_tests_properties(cli.explore PROPERTIES LABELS "explore;process" TIMEOUT 600)
