# Hostile process clients (issue 15, items 3 and 4): every misbehaviour of a
# client gets a precise verdict in time, and no process it started outlives
# statussim. One CTest per case of tests/hostile/run_hostile.py (see its
# docstring for what every case checks); `hostile.chaos` runs the whole suite
# twice through tests/hostile/chaos_client.py. Included from the root
# CMakeLists.txt when BUILD_TESTING is on. Run them with `ctest -L hostile`.

set(_hostile_driver ${PROJECT_SOURCE_DIR}/tests/hostile/run_hostile.py)
# case, then its CTest TIMEOUT in seconds. The long ones first, so that
# `ctest -j` starts them early.
set(_hostile_cases
  chaos 600
  fan_out_3000 300
  late_event 180
  late_garbage 180
  order_independent_errors 60
  close_stdout_keep_running 60
  trickle 60
  flood_values 120
  nul_byte 60
  invalid_utf8 60
  text_after 60
  ok_and_error 60
  ok_null 60
  throws_nonstring 60
  bg_children_pass 60
  bg_children_exit5 60
  grandchild_holds_stdout 60
  grandchild_setsid 60
  sigkill_statussim 90
  second_sigint 90
  bom 60
  crlf 60
  id_float 60
  stderr_flood_answering 60
  stderr_flood_silent 60
  no_read 60
  sigstop 60
  ignore_term 60
  exit2_after_end 60)

list(LENGTH _hostile_cases _hostile_n)
math(EXPR _hostile_last "${_hostile_n} - 1")
foreach(_i RANGE 0 ${_hostile_last} 2)
  math(EXPR _j "${_i} + 1")
  list(GET _hostile_cases ${_i} _case)
  list(GET _hostile_cases ${_j} _timeout)
  add_test(NAME hostile.${_case}
    COMMAND ${STATUSSIM_PYTHON} ${_hostile_driver}
            --statussim $<TARGET_FILE:statussim>
            --full-client $<TARGET_FILE:statussim_full_client>
            --work ${PROJECT_BINARY_DIR}/hostile ${_case})
  set_tests_properties(hostile.${_case} PROPERTIES LABELS hostile TIMEOUT ${_timeout})
endforeach()
