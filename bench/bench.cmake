# Benchmarks (Google Benchmark). Included when STATUSSIM_BENCH is on.
add_executable(bench_suite bench/bench_suite.cc)
target_link_libraries(bench_suite PRIVATE statussim_harness statussim_sim statussim_warnings
  benchmark::benchmark)
target_compile_definitions(bench_suite PRIVATE STATUSSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

# Fan-out at scale: the model against reference kernels over the same
# generated worlds (bench/RESULTS.md, scripts/bench).
add_executable(bench_scale bench/model.cc bench/limits.cc bench/worlds.cc)
target_link_libraries(bench_scale PRIVATE statussim_sim statussim_warnings benchmark::benchmark)

# statussim explore's rate (docs/explore.md): generated scenarios per second
# per core, reference against a builtin mutant.
add_executable(bench_explore bench/explore.cc)
target_link_libraries(bench_explore PRIVATE statussim_harness statussim_sim statussim_warnings
  benchmark::benchmark)
