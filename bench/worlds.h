// Worlds shared by the reference kernels (bench/limits.cc) and the project
// benchmarks (bench/model.cc): each is built once per process, from the same
// generator as `statussim scale` (sim/workload.h), and kept for every
// repetition.
#ifndef STATUSSIM_BENCH_WORLDS_H_
#define STATUSSIM_BENCH_WORLDS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/backend.h"
#include "sim/workload.h"

namespace statussim::bench {

// The fan-out world: `users` accounts with 2 logged-in devices and about 2
// friends each; for each fan-out size N one hot account with N random
// subscribers (every other account when N >= users - 1).
struct FanoutWorld {
  sim::WorldSpec spec;
  sim::FlatLog log;
  std::unique_ptr<sim::Backend> backend;
  std::vector<int64_t> sizes;  // the N of each hot account, hot account i = index
};
FanoutWorld& GetFanoutWorld(int64_t users);
// The hot account with `subs` subscribers (added on first use).
sim::AccountId HotAccount(FanoutWorld& world, int64_t subs);
// The accounts that receive a change of `hot`, as the model would pick them
// (itself, its subscribers, then its friends not yet picked: EVT-1..4).
std::vector<sim::AccountId> Recipients(const FanoutWorld& world, sim::AccountId hot);

// The graph world: `users` accounts, `subs` random subscriptions each, 2
// devices each; heap bytes used by the subscription phase alone.
struct GraphWorld {
  sim::WorldSpec spec;
  sim::FlatLog log;
  std::unique_ptr<sim::Backend> backend;
  uint64_t edges = 0;        // subscriptions held (each in both indexes)
  uint64_t edge_bytes = 0;   // heap bytes the subscription phase added
  double build_seconds = 0;  // of the subscription phase
};
GraphWorld& GetGraphWorld(int64_t users, int64_t subs);

// Account names "u<i>" and a fixed random order of lookups over them.
const std::vector<std::string>& ShuffledNames(int64_t n);

// Random increments of the hold model, in [1, 2 * mean].
std::vector<int64_t> HoldIncrements(size_t count, int64_t mean);

}  // namespace statussim::bench

#endif  // STATUSSIM_BENCH_WORLDS_H_
