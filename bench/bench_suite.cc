// Loading and running the scenario suite: scenarios per second and steps per
// second, for the loader and for the runner with the builtin client.
//
//   build/bench_suite --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "harness/builtin_client.h"
#include "harness/loader.h"
#include "harness/runner.h"
#include "harness/suite.h"

namespace statussim::harness {
namespace {

std::vector<Scenario> LoadOrDie() {
  const LoadOptions options = EmbeddedSpecOptions();
  std::vector<LoadError> errors;
  std::vector<Scenario> suite =
      LoadSuite({std::string(STATUSSIM_SOURCE_DIR) + "/scenarios"}, options, &errors);
  if (!errors.empty() || suite.empty()) {
    std::fprintf(stderr, "cannot load the suite: %s\n",
                 errors.empty() ? "no scenarios" : errors[0].ToString().c_str());
    std::exit(2);
  }
  return suite;
}

int64_t StepCount(const std::vector<Scenario>& suite) {
  int64_t steps = 0;
  for (const Scenario& s : suite) {
    for (const Step& step : s.steps) steps += step.times;
  }
  return steps;
}

// Parsing and validating every file of scenarios/.
void BM_Suite_Load(benchmark::State& state) {
  size_t n = 0;
  for (auto _ : state) {
    std::vector<Scenario> suite = LoadOrDie();
    n = suite.size();
    benchmark::DoNotOptimize(suite.data());
  }
  state.counters["scenarios/s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Suite_Load)->Unit(benchmark::kMillisecond);

// Running the loaded suite against the builtin client (checks and traces
// included, reports excluded).
void BM_Suite_Replay(benchmark::State& state) {
  const std::vector<Scenario> suite = LoadOrDie();
  const int64_t steps = StepCount(suite);
  std::vector<ClientSpec> clients = {{"builtin", []() -> Result<std::unique_ptr<Client>> {
                                        return std::unique_ptr<Client>(
                                            std::make_unique<BuiltinClient>());
                                      }}};
  int failed = 0;
  for (auto _ : state) {
    RunResults run = RunSuite(suite, clients, {});
    failed = CountVerdicts(run).failed;
    benchmark::DoNotOptimize(run.scenarios.data());
  }
  if (failed != 0) state.SkipWithError("the suite does not pass");
  state.counters["scenarios/s"] = benchmark::Counter(static_cast<double>(suite.size()),
                                                     benchmark::Counter::kIsIterationInvariantRate);
  state.counters["steps/s"] =
      benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Suite_Replay)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace statussim::harness

BENCHMARK_MAIN();
