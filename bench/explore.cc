// statussim explore's rate: generated scenarios per second on one core, for
// generation alone and for a whole differential run (generate, the reference,
// the client, compare) with the client the reference itself or a builtin
// mutant (docs/explore.md). Process clients add their own cost per step:
// see `statussim explore`'s rate line on standard error.
//
//   build/bench_explore --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdint>

#include "harness/builtin_client.h"
#include "harness/explore.h"
#include "harness/generate.h"
#include "sim/faults.h"

namespace statussim::harness {
namespace {

// Generation alone (it runs the reference alongside to aim its waits).
void BM_Explore_Generate(benchmark::State& state) {
  uint64_t seed = 1;
  int64_t steps = 0;
  for (auto _ : state) {
    Generated g = GenerateScenario(seed++);
    steps += static_cast<int64_t>(g.scenario.steps.size());
    benchmark::DoNotOptimize(g.scenario.steps.data());
  }
  state.counters["scenarios/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                     benchmark::Counter::kIsRate);
  state.counters["steps/s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Explore_Generate);

// One seed of a campaign, as `statussim explore -j 1` runs it, against the
// reference (arg 0) or the builtin mutant evict-newest (arg 1).
void BM_Explore_Seed(benchmark::State& state) {
  const sim::Fault fault = state.range(0) == 0 ? sim::Fault::kNone : sim::Fault::kEvictNewest;
  BuiltinClient reference;
  BuiltinClient client(nullptr, "client", fault);
  uint64_t seed = 1;
  int64_t diverged = 0;
  for (auto _ : state) {
    const Generated g = GenerateScenario(seed++);
    const Recording want = RecordRun(g.scenario, reference);
    const Recording got = RecordRun(g.scenario, client);
    diverged += Compare(g.scenario, want, got).has_value();
  }
  state.SetLabel(state.range(0) == 0 ? "reference" : "mutant evict-newest");
  state.counters["scenarios/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                     benchmark::Counter::kIsRate);
  state.counters["diverged"] = static_cast<double>(diverged);
}
BENCHMARK(BM_Explore_Seed)->Arg(0)->Arg(1);

}  // namespace
}  // namespace statussim::harness

BENCHMARK_MAIN();
