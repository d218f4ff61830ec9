# The official Web SDK under the harness (clients/tencent-web): the adapter's own tests, and the
# whole suite against it, checked against clients/tencent-web/expectations.yaml, three times. Needs Node.js and the SDK installed with `npm ci` in
# clients/tencent-web (scripts/lib.sh does it when npm is there); skipped (77) otherwise.
find_program(STATUSSIM_NODE node)
if(STATUSSIM_NODE)
  set(STATUSSIM_TENCENT_WEB ${PROJECT_SOURCE_DIR}/clients/tencent-web)
  add_test(NAME clients.tencent_web_unit
    COMMAND bash -c "test -d node_modules/@tencentcloud/chat || { echo 'skipped: run npm ci in clients/tencent-web'; exit 77; }; exec \"$1\" --test test/" bash ${STATUSSIM_NODE}
    WORKING_DIRECTORY ${STATUSSIM_TENCENT_WEB})
  set_tests_properties(clients.tencent_web_unit PROPERTIES LABELS "clients;tencent" SKIP_RETURN_CODE 77 TIMEOUT 300)
  # The whole suite against the real SDK with its known failures, three runs
  # of each scenario: exit 0 only when every failure is expected and nothing
  # is flaky (issue 10). One process per worker (--client-reuse): Node and
  # the SDK take ~0.4 s to start, 444 times otherwise.
  add_test(NAME suite.tencent_web
    COMMAND bash -c "test -d clients/tencent-web/node_modules/@tencentcloud/chat || { echo 'skipped: run npm ci in clients/tencent-web'; exit 77; }; exec \"$1\" run scenarios -q --color never --jobs 2 --repeat 3 --client-reuse --client \"tencent=exec:$2 clients/tencent-web/adapter.js\" --expectations tencent=clients/tencent-web/expectations.yaml --json $3/tencent_web.json --badge $3/tencent_web.svg" bash $<TARGET_FILE:statussim> ${STATUSSIM_NODE} ${PROJECT_BINARY_DIR}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(suite.tencent_web PROPERTIES LABELS "scenario;process;tencent" SKIP_RETURN_CODE 77 TIMEOUT 900)
endif()
