#include "bench/worlds.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace statussim::bench {
namespace {

uint64_t HeapInUse() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

}  // namespace

FanoutWorld& GetFanoutWorld(int64_t users) {
  static std::map<int64_t, std::unique_ptr<FanoutWorld>> worlds;
  auto& slot = worlds[users];
  if (slot) return *slot;
  slot = std::make_unique<FanoutWorld>();
  FanoutWorld& w = *slot;
  w.spec.accounts = static_cast<uint32_t>(users);
  w.spec.devices_per_account = 2;
  w.spec.friends_per_account = 2;
  w.spec.subscriptions_per_account = 0;
  w.spec.seed = 7;
  w.backend = std::make_unique<sim::Backend>(sim::WorldApp(w.spec), &w.log);
  sim::BuildWorld(w.backend.get(), w.spec);
  w.log.Clear();
  return w;
}

sim::AccountId HotAccount(FanoutWorld& world, int64_t subs) {
  auto it = std::find(world.sizes.begin(), world.sizes.end(), subs);
  if (it != world.sizes.end()) return static_cast<sim::AccountId>(it - world.sizes.begin());
  const auto hot = static_cast<sim::AccountId>(world.sizes.size());
  world.sizes.push_back(subs);
  const uint32_t n = world.spec.accounts;
  sim::Backend& b = *world.backend;
  if (static_cast<uint64_t>(subs) >= n - 1ULL) {
    for (sim::AccountId s = 0; s < n; ++s) {
      if (s != hot) b.SubscribeAccount(s, hot);
    }
    return hot;
  }
  // N distinct random subscribers (rejection; N < users).
  sim::Rng rng(1000 + static_cast<uint64_t>(subs));
  std::vector<uint8_t> taken(n, 0);
  taken[hot] = 1;
  for (int64_t k = 0; k < subs;) {
    const auto s = static_cast<sim::AccountId>(rng.Below(n));
    if (taken[s]) continue;
    taken[s] = 1;
    b.SubscribeAccount(s, hot);
    ++k;
  }
  return hot;
}

std::vector<sim::AccountId> Recipients(const FanoutWorld& world, sim::AccountId hot) {
  const sim::Backend& b = *world.backend;
  std::vector<uint8_t> seen(world.spec.accounts, 0);
  std::vector<sim::AccountId> out = {hot};
  seen[hot] = 1;
  for (sim::AccountId s : b.SubscribersOf(hot)) {
    if (!seen[s]) out.push_back(s);
    seen[s] = 1;
  }
  for (sim::AccountId f : b.FriendsOf(hot)) {
    if (!seen[f]) out.push_back(f);
    seen[f] = 1;
  }
  return out;
}

GraphWorld& GetGraphWorld(int64_t users, int64_t subs) {
  static std::map<std::pair<int64_t, int64_t>, std::unique_ptr<GraphWorld>> worlds;
  auto& slot = worlds[{users, subs}];
  if (slot) return *slot;
  slot = std::make_unique<GraphWorld>();
  GraphWorld& w = *slot;
  w.spec.accounts = static_cast<uint32_t>(users);
  w.spec.devices_per_account = 2;
  w.spec.subscriptions_per_account = 0;
  w.spec.seed = 11;
  w.backend = std::make_unique<sim::Backend>(sim::WorldApp(w.spec), &w.log);
  sim::BuildWorld(w.backend.get(), w.spec);
  w.spec.subscriptions_per_account = static_cast<uint32_t>(subs);
  w.backend->Configure(sim::WorldApp(w.spec));
  const uint64_t before = HeapInUse();
  const auto start = std::chrono::steady_clock::now();
  sim::AddWorldSubscriptions(w.backend.get(), w.spec);
  w.build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  w.edge_bytes = HeapInUse() - before;
  for (sim::AccountId a = 0; a < w.spec.accounts; ++a) {
    w.edges += w.backend->SubscriptionsOf(a).size();
  }
  w.log.Clear();
  return w;
}

const std::vector<std::string>& ShuffledNames(int64_t n) {
  static std::map<int64_t, std::vector<std::string>> cache;
  auto& names = cache[n];
  if (!names.empty()) return names;
  for (int64_t i = 0; i < n; ++i) names.push_back(sim::WorldAccountName(static_cast<uint32_t>(i)));
  sim::Rng rng(99);
  for (size_t i = names.size(); i > 1; --i) {  // Fisher-Yates
    std::swap(names[i - 1], names[rng.Below(i)]);
  }
  return names;
}

std::vector<int64_t> HoldIncrements(size_t count, int64_t mean) {
  sim::Rng rng(5);
  std::vector<int64_t> out(count);
  for (int64_t& x : out) x = 1 + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(2 * mean)));
  return out;
}

}  // namespace statussim::bench
