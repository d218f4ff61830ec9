# The official Web SDK under the harness (clients/tencent-web): the adapter's own tests, and the
# whole suite against it, checked against clients/tencent-web/expectations.yaml (and run twice:
# the traces must agree). Needs Node.js and the SDK installed with `npm ci` in
# clients/tencent-web (scripts/lib.sh does it when npm is there); skipped (77) otherwise.
find_program(STATUSSIM_NODE node)
if(STATUSSIM_NODE)
  set(STATUSSIM_TENCENT_WEB ${PROJECT_SOURCE_DIR}/clients/tencent-web)
  add_test(NAME clients.tencent_web_unit
    COMMAND bash -c "test -d node_modules/@tencentcloud/chat || { echo 'skipped: run npm ci in clients/tencent-web'; exit 77; }; exec \"$1\" --test test/" bash ${STATUSSIM_NODE}
    WORKING_DIRECTORY ${STATUSSIM_TENCENT_WEB})
  set_tests_properties(clients.tencent_web_unit PROPERTIES LABELS "clients;tencent" SKIP_RETURN_CODE 77 TIMEOUT 300)
  if(STATUSSIM_SYSTEM_PYTHON)
    add_test(NAME suite.tencent_web
      COMMAND ${STATUSSIM_SYSTEM_PYTHON} ${STATUSSIM_TENCENT_WEB}/scripts/check-suite.py
              --statussim $<TARGET_FILE:statussim> --node ${STATUSSIM_NODE} --reuse --runs 2
              ${PROJECT_SOURCE_DIR}/scenarios)
    set_tests_properties(suite.tencent_web PROPERTIES LABELS "scenario;process;tencent" SKIP_RETURN_CODE 77 TIMEOUT 600)
  endif()
endif()
