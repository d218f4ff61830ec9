// Reference kernels: what this machine can do at best for each job the model
// does, over the same worlds. They are the denominators of bench/report.py's
// ratios. Benchmark code, not product code: no gates, no rules, no
// bookkeeping beyond the job itself, and no prefetching or other tricks.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "bench/counters.h"
#include "bench/worlds.h"

namespace statussim::bench {
namespace {

// Sequential 8-byte appends to a flat log that is reused (the floor of any
// log writing).
void BM_Limit_SeqAppend8(benchmark::State& state) {
  constexpr size_t kBatch = 1 << 16;
  std::vector<uint64_t> log(kBatch);
  uint64_t v = 0;
  for (auto _ : state) {
    uint64_t* out = log.data();
    for (size_t i = 0; i < kBatch; ++i) out[i] = v++;
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  SetDeliveryCounters(state, static_cast<double>(state.iterations()) * kBatch, 0);
}
BENCHMARK(BM_Limit_SeqAppend8);

// Branch-free flat-log fan-out: the recipients of the hot account (itself,
// its subscribers, its friends, deduplicated beforehand) in CSR form, one
// 16-byte record per online device appended to one flat log.
void BM_Limit_FanoutRef(benchmark::State& state) {
  FanoutWorld& world = GetFanoutWorld(state.range(1));
  const sim::AccountId hot = HotAccount(world, state.range(0));
  const std::vector<sim::AccountId> recipients = Recipients(world, hot);
  // Online devices of every account, CSR (every device is online here).
  const uint32_t n = world.spec.accounts;
  const uint32_t per = world.spec.devices_per_account;
  std::vector<uint32_t> begin(static_cast<size_t>(n) + 1);
  std::vector<sim::DeviceId> devices(static_cast<size_t>(n) * per);
  for (uint32_t a = 0; a <= n; ++a) begin[a] = a * per;
  for (uint32_t a = 0; a < n; ++a) {
    for (uint32_t j = 0; j < per; ++j) devices[a * per + j] = sim::WorldDevice(world.spec, a, j);
  }
  std::vector<sim::LogRecord> log(recipients.size() * per);
  uint64_t deliveries = 0;
  uint32_t custom = 1;
  for (auto _ : state) {
    custom ^= 3;  // a new value each change
    size_t out = 0;
    sim::LogRecord* records = log.data();
    for (sim::AccountId r : recipients) {
      for (uint32_t k = begin[r]; k < begin[r + 1]; ++k) {
        records[out++] = sim::LogRecord{devices[k], hot, 1, custom};
      }
    }
    benchmark::DoNotOptimize(records);
    benchmark::ClobberMemory();
    deliveries += out;
  }
  SetDeliveryCounters(state, static_cast<double>(deliveries),
                      static_cast<double>(state.iterations()));
}
BENCHMARK(BM_Limit_FanoutRef)
    ->ArgNames({"subs", "users"})
    ->Args({10, 1'000'000})
    ->Args({100, 1'000'000})
    ->Args({10'000, 1'000'000})
    ->Args({1'000'000, 1'000'000});

// What every new subscription costs at least in the graph world: the two
// random accesses a subscribe makes per edge, the target's account record
// (for its reverse index) and then the end of that index, somewhere in the
// ~1 GB graph, for batches of 100 random targets as BM_Subscribe_Batch100
// draws them. Read only: no list scan, no SUB-9, nothing appended. Manual
// time, as BM_Subscribe_Batch100's, so the two compare in one run.
void BM_Limit_EdgeMissRef(benchmark::State& state) {
  GraphWorld& world = GetGraphWorld(state.range(0), 100);
  const sim::Backend& backend = *world.backend;
  const uint32_t n = world.spec.accounts;
  sim::Rng rng(17);
  constexpr int kBatch = 100;
  std::vector<sim::AccountId> targets(kBatch);
  uint64_t sum = 0;
  double seconds = 0;
  for (auto _ : state) {
    for (sim::AccountId& t : targets) t = static_cast<sim::AccountId>(rng.Below(n));
    const auto t0 = std::chrono::steady_clock::now();
    for (sim::AccountId t : targets) {
      const std::span<const sim::AccountId> rev = backend.SubscribersOf(t);
      sum += rev.empty() ? 0 : rev.back();
    }
    const double sec =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    seconds += sec;
    state.SetIterationTime(sec);
  }
  benchmark::DoNotOptimize(sum);
  state.counters["ns_per_edge"] = benchmark::Counter(
      seconds * 1e9 / (static_cast<double>(state.iterations()) * kBatch));
}
BENCHMARK(BM_Limit_EdgeMissRef)->ArgName("users")->Arg(1'000'000)->UseManualTime();

// The hold model on a plain 4-ary heap of 16-byte (time, seq) keys: pop the
// earliest, push it back later by a random increment.
struct HoldKey {
  int64_t due;
  uint64_t seq;
  bool operator<(const HoldKey& o) const { return due != o.due ? due < o.due : seq < o.seq; }
};
class RefHeap {
 public:
  void Push(HoldKey k) {
    heap_.push_back(k);
    size_t i = heap_.size() - 1;
    while (i > 0) {
      const size_t parent = (i - 1) / 4;
      if (!(k < heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = k;
  }
  HoldKey Pop() {
    const HoldKey top = heap_.front();
    const HoldKey k = heap_.back();
    heap_.pop_back();
    const size_t n = heap_.size();
    if (n == 0) return top;
    size_t i = 0;
    for (;;) {
      const size_t first = i * 4 + 1;
      if (first >= n) break;
      size_t best = first;
      const size_t last = first + 4 < n ? first + 4 : n;
      for (size_t c = first + 1; c < last; ++c) {
        if (heap_[c] < heap_[best]) best = c;
      }
      if (!(heap_[best] < k)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = k;
    return top;
  }

 private:
  std::vector<HoldKey> heap_;
};

void BM_Limit_HoldRef(benchmark::State& state) {
  const auto pending = static_cast<size_t>(state.range(0));
  const std::vector<int64_t> inc = HoldIncrements(1 << 16, static_cast<int64_t>(pending));
  RefHeap heap;
  uint64_t seq = 0;
  for (size_t i = 0; i < pending; ++i) heap.Push(HoldKey{inc[i & 0xFFFF], seq++});
  size_t j = pending;
  for (auto _ : state) {
    const HoldKey top = heap.Pop();
    heap.Push(HoldKey{top.due + inc[j++ & 0xFFFF], seq++});
  }
  state.counters["ops/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Limit_HoldRef)->ArgName("pending")->Arg(1000)->Arg(100'000)->Arg(1'000'000);

// A flat open-addressing string -> index table: linear probing over
// (hash tag, index) slots, the strings in one character arena.
class RefTable {
 public:
  explicit RefTable(const std::vector<std::string>& names) {
    size_t cap = 16;
    while (cap < names.size() * 2) cap *= 2;
    slots_.assign(cap, Slot{0, UINT32_MAX});
    mask_ = cap - 1;
    for (uint32_t i = 0; i < names.size(); ++i) {
      offsets_.push_back(static_cast<uint32_t>(arena_.size()));
      arena_.insert(arena_.end(), names[i].begin(), names[i].end());
      const uint64_t h = sim::HashId(names[i]);
      size_t at = h & mask_;
      while (slots_[at].index != UINT32_MAX) at = (at + 1) & mask_;
      slots_[at] = Slot{static_cast<uint32_t>(h >> 32), i};
    }
    offsets_.push_back(static_cast<uint32_t>(arena_.size()));
  }
  uint32_t Find(std::string_view s) const {
    const uint64_t h = sim::HashId(s);
    const auto tag = static_cast<uint32_t>(h >> 32);
    for (size_t at = h & mask_;; at = (at + 1) & mask_) {
      const Slot slot = slots_[at];
      if (slot.index == UINT32_MAX) return UINT32_MAX;
      if (slot.tag != tag) continue;
      const uint32_t b = offsets_[slot.index], e = offsets_[slot.index + 1];
      if (e - b == s.size() && std::memcmp(arena_.data() + b, s.data(), s.size()) == 0) {
        return slot.index;
      }
    }
  }

 private:
  struct Slot {
    uint32_t tag;
    uint32_t index;
  };
  std::vector<Slot> slots_;
  std::vector<char> arena_;
  std::vector<uint32_t> offsets_;
  size_t mask_ = 0;
};

void BM_Limit_IdLookupRef(benchmark::State& state) {
  const std::vector<std::string>& queries = ShuffledNames(state.range(0));
  std::vector<std::string> names;
  for (int64_t i = 0; i < state.range(0); ++i) {
    names.push_back(sim::WorldAccountName(static_cast<uint32_t>(i)));
  }
  const RefTable table(names);
  size_t i = 0;
  uint64_t sum = 0;
  for (auto _ : state) {
    sum += table.Find(queries[i]);
    if (++i == queries.size()) i = 0;
  }
  benchmark::DoNotOptimize(sum);
  state.counters["lookups/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Limit_IdLookupRef)->ArgName("ids")->Arg(1'000'000);

}  // namespace
}  // namespace statussim::bench
