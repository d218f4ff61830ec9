// Project benchmarks: the model's real paths over the worlds of
// bench/worlds.h, each with the reference kernel of bench/limits.cc that
// bench/report.py divides it by.
//
//   build/bench_scale --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>
#include <vector>

#include "bench/counters.h"
#include "bench/worlds.h"
#include "sim/timer_queue.h"

namespace statussim::bench {
namespace {

using Clock = std::chrono::steady_clock;

// A status change on a logged-in device of the hot account, through
// Backend::SetSelfStatus: own instances, subscribers, friends, gates, EVT-4
// deduplication, into a PushSink that appends to a flat log.
void BM_FanOut_StatusUpdated(benchmark::State& state) {
  FanoutWorld& world = GetFanoutWorld(state.range(1));
  const sim::AccountId hot = HotAccount(world, state.range(0));
  sim::Backend& backend = *world.backend;
  const sim::DeviceId device = sim::WorldDevice(world.spec, hot, 0);
  const std::string customs[2] = {"busy", "away"};
  uint64_t deliveries = 0;
  int flip = backend.CustomOf(hot) == customs[1] ? 1 : 0;  // every set is a change
  world.log.Clear();
  const uint64_t changes_before = backend.changes();
  for (auto _ : state) {
    backend.SetSelfStatus(device, customs[flip ^= 1]);
    deliveries += world.log.records().size();
    world.log.Clear();
  }
  if (backend.changes() - changes_before != static_cast<uint64_t>(state.iterations())) {
    state.SkipWithError("a set was not a change");
  }
  SetDeliveryCounters(state, static_cast<double>(deliveries),
                      static_cast<double>(state.iterations()));
}
BENCHMARK(BM_FanOut_StatusUpdated)
    ->ArgNames({"subs", "users"})
    ->Args({10, 1'000'000})
    ->Args({100, 1'000'000})
    ->Args({10'000, 1'000'000})
    ->Args({1'000'000, 1'000'000});

// A batch of 100 subscriptions of one account to random accounts, both
// indexes (the list and the reverse index), SUB-9 order and cap; then the
// same 100 unsubscribed. Manual time = the subscribes; the unsubscribes are
// a counter. Account IDs, not strings: BM_UserIdLookup measures the lookup.
void BM_Subscribe_Batch100(benchmark::State& state) {
  GraphWorld& world = GetGraphWorld(state.range(0), 100);
  sim::Backend& backend = *world.backend;
  const uint32_t n = world.spec.accounts;
  sim::Rng rng(17);
  constexpr int kBatch = 100;
  double sub_seconds = 0, unsub_seconds = 0;
  std::vector<sim::AccountId> targets(kBatch);
  for (auto _ : state) {
    const auto s = static_cast<sim::AccountId>(rng.Below(n));
    for (sim::AccountId& t : targets) {
      t = static_cast<sim::AccountId>(rng.Below(n - 1));
      if (t >= s) ++t;
    }
    const auto t0 = Clock::now();
    backend.SubscribeAccounts(s, targets);
    const auto t1 = Clock::now();
    backend.UnsubscribeAccounts(s, targets);
    const auto t2 = Clock::now();
    const double sub = std::chrono::duration<double>(t1 - t0).count();
    sub_seconds += sub;
    unsub_seconds += std::chrono::duration<double>(t2 - t1).count();
    state.SetIterationTime(sub);
  }
  const double edges = static_cast<double>(state.iterations()) * kBatch;
  state.counters["ns_per_edge"] = benchmark::Counter(sub_seconds * 1e9 / edges);
  state.counters["unsubscribe_ns_per_edge"] = benchmark::Counter(unsub_seconds * 1e9 / edges);
  state.counters["edges/s"] = benchmark::Counter(edges, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Subscribe_Batch100)->ArgName("users")->Arg(1'000'000)->UseManualTime();

// Heap bytes per subscription (both indexes) after every account subscribed
// to 100 random others; the timed part walks every reverse index once.
void BM_Graph_Memory(benchmark::State& state) {
  GraphWorld& world = GetGraphWorld(state.range(0), state.range(1));
  const sim::Backend& backend = *world.backend;
  uint64_t total = 0;
  for (auto _ : state) {
    for (sim::AccountId a = 0; a < world.spec.accounts; ++a) {
      total += backend.SubscribersOf(a).size();
    }
    benchmark::DoNotOptimize(total);
  }
  state.counters["bytes_per_edge"] = benchmark::Counter(
      static_cast<double>(world.edge_bytes) / static_cast<double>(world.edges));
  state.counters["edges"] = benchmark::Counter(static_cast<double>(world.edges));
  state.counters["build_ns_per_edge"] =
      benchmark::Counter(world.build_seconds * 1e9 / static_cast<double>(world.edges));
}
BENCHMARK(BM_Graph_Memory)
    ->ArgNames({"users", "subs"})
    ->Args({1'000'000, 100})
    ->Unit(benchmark::kMillisecond);

// The hold model on the model's TimerQueue (payloads, cancellation marks).
void BM_TimerQueue_Hold(benchmark::State& state) {
  const auto pending = static_cast<size_t>(state.range(0));
  const std::vector<int64_t> inc = HoldIncrements(1 << 16, static_cast<int64_t>(pending));
  sim::TimerQueue queue;
  for (size_t i = 0; i < pending; ++i) {
    queue.Schedule(inc[i & 0xFFFF], {0, static_cast<uint32_t>(i)});
  }
  size_t j = pending;
  for (auto _ : state) {
    const auto fired = queue.PopDue(INT64_MAX);
    queue.Schedule(fired->due + inc[j++ & 0xFFFF], fired->payload);
  }
  state.counters["ops/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TimerQueue_Hold)->ArgName("pending")->Arg(1000)->Arg(100'000)->Arg(1'000'000);

// User ID to account through the backend's interner, random order.
void BM_UserIdLookup(benchmark::State& state) {
  FanoutWorld& world = GetFanoutWorld(state.range(0));
  const std::vector<std::string>& queries = ShuffledNames(state.range(0));
  const sim::Backend& backend = *world.backend;
  size_t i = 0;
  uint64_t sum = 0;
  for (auto _ : state) {
    sum += *backend.FindAccount(queries[i]);
    if (++i == queries.size()) i = 0;
  }
  benchmark::DoNotOptimize(sum);
  state.counters["lookups/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_UserIdLookup)->ArgName("ids")->Arg(1'000'000);

// The whole loop of `statussim scale`: workload timers, backend timers,
// status changes, fan-out and draining the log into its hash. log_hash is
// the low 32 bits of the hash after the first 100000 changes (fixed, so a
// change of semantics shows; the timed part continues from there).
struct EndToEnd {
  sim::WorldSpec spec;
  sim::FlatLog log;
  std::unique_ptr<sim::Backend> backend;
  std::unique_ptr<sim::Workload> workload;
  uint64_t prefix_hash = 0;
};
EndToEnd& GetEndToEnd(int64_t users, int64_t devices, int64_t subs) {
  static std::unique_ptr<EndToEnd> e;
  if (e) return *e;
  e = std::make_unique<EndToEnd>();
  e->spec.accounts = static_cast<uint32_t>(users);
  e->spec.devices_per_account = static_cast<uint32_t>(devices);
  e->spec.subscriptions_per_account = static_cast<uint32_t>(subs);
  e->spec.seed = 3;
  e->backend = std::make_unique<sim::Backend>(sim::WorldApp(e->spec), &e->log);
  sim::BuildWorld(e->backend.get(), e->spec);
  e->workload = std::make_unique<sim::Workload>(e->backend.get(), e->spec, sim::WorkloadSpec{});
  while (e->backend->changes() < 100'000) {
    e->workload->Step();
    if (e->log.records().size() >= (1 << 16)) e->log.Drain();
  }
  e->log.Drain();
  e->prefix_hash = e->log.hash();
  return *e;
}

void BM_Sim_EndToEnd(benchmark::State& state) {
  EndToEnd& e = GetEndToEnd(state.range(0), state.range(1), state.range(2));
  const uint64_t changes_before = e.backend->changes();
  const uint64_t delivered_before = e.log.delivered();
  constexpr int kSteps = 1000;
  for (auto _ : state) {
    for (int i = 0; i < kSteps; ++i) e.workload->Step();
    if (e.log.records().size() >= (1 << 16)) e.log.Drain();
  }
  e.log.Drain();
  const auto changes = static_cast<double>(e.backend->changes() - changes_before);
  SetDeliveryCounters(state, static_cast<double>(e.log.delivered() - delivered_before), changes);
  state.counters["log_hash"] = benchmark::Counter(static_cast<double>(e.prefix_hash & 0xFFFFFFFF));
  state.counters["pending_timers"] =
      benchmark::Counter(static_cast<double>(e.backend->pending_timers()));
}
BENCHMARK(BM_Sim_EndToEnd)
    ->ArgNames({"users", "devices_per_user", "subs"})
    ->Args({100'000, 2, 10})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace statussim::bench

BENCHMARK_MAIN();
