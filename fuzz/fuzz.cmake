# libFuzzer targets (fuzz/*.cc), built with clang when -DSTATUSSIM_FUZZ=ON
# (scripts/fuzz configures build-fuzz/ with clang++-14). The fuzz executables
# get -fsanitize=fuzzer (libFuzzer's main); everything else in this build tree
# is instrumented for coverage and checked by ASan and UBSan
# (-fsanitize=fuzzer-no-link,address,undefined), so the libraries under test
# feed libFuzzer's coverage and any sanitizer report stops the run.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "STATUSSIM_FUZZ needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-14), "
                      "not ${CMAKE_CXX_COMPILER_ID}")
endif()

set(STATUSSIM_FUZZ_SANITIZERS address,undefined)
set(STATUSSIM_FUZZ_FLAGS -fno-sanitize-recover=all -fno-omit-frame-pointer -g)

# This file is included after the libraries and executables are defined, so
# add_compile_options would not reach them: instrument every target so far.
get_property(_statussim_targets DIRECTORY ${PROJECT_SOURCE_DIR} PROPERTY BUILDSYSTEM_TARGETS)
foreach(_t IN LISTS _statussim_targets)
  get_target_property(_type ${_t} TYPE)
  if(_type STREQUAL "STATIC_LIBRARY" OR _type STREQUAL "EXECUTABLE")
    target_compile_options(${_t} PRIVATE
      -fsanitize=fuzzer-no-link,${STATUSSIM_FUZZ_SANITIZERS} ${STATUSSIM_FUZZ_FLAGS})
  endif()
  if(_type STREQUAL "EXECUTABLE")
    target_link_options(${_t} PRIVATE -fsanitize=${STATUSSIM_FUZZ_SANITIZERS})
  endif()
endforeach()
# And every target defined later (in this folder).
add_compile_options(-fsanitize=fuzzer-no-link,${STATUSSIM_FUZZ_SANITIZERS} ${STATUSSIM_FUZZ_FLAGS})

function(statussim_fuzz_target name)
  add_executable(${name} ${PROJECT_SOURCE_DIR}/fuzz/${name}.cc)
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,${STATUSSIM_FUZZ_SANITIZERS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,${STATUSSIM_FUZZ_SANITIZERS})
  target_link_libraries(${name} PRIVATE statussim_harness statussim_sim statussim_warnings
    fmt::fmt)
endfunction()

statussim_fuzz_target(fuzz_loader)           # YAML text -> LoadScenarioText
statussim_fuzz_target(fuzz_protocol)         # client lines -> ParseJson + message checks
statussim_fuzz_target(fuzz_duration_expand)  # ParseDuration, ExpandPattern
