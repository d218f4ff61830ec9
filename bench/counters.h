// Counters every fan-out benchmark reports, so that bench/report.py reads
// the model and the reference the same way.
#ifndef STATUSSIM_BENCH_COUNTERS_H_
#define STATUSSIM_BENCH_COUNTERS_H_

#include <benchmark/benchmark.h>

namespace statussim::bench {

// deliveries/s, changes/s, ns_per_delivery and ns_per_change (when there are
// changes) over the timed part of the run.
inline void SetDeliveryCounters(benchmark::State& state, double deliveries, double changes) {
  using benchmark::Counter;
  state.counters["deliveries/s"] = Counter(deliveries, Counter::kIsRate);
  state.counters["ns_per_delivery"] =
      Counter(deliveries / 1e9, Counter::kIsRate | Counter::kInvert);
  if (changes > 0) {
    state.counters["changes/s"] = Counter(changes, Counter::kIsRate);
    state.counters["ns_per_change"] = Counter(changes / 1e9, Counter::kIsRate | Counter::kInvert);
    state.counters["deliveries_per_change"] = Counter(deliveries / changes);
  }
}

}  // namespace statussim::bench

#endif  // STATUSSIM_BENCH_COUNTERS_H_
