// The partitioned run (sim/partition.h) in one process: every number of
// ranks and every window delivers to each device what the single-process run
// delivers, in the same order (the delivery hash, sim/delivery_hash.h).
#include "sim/partition.h"

#include <boost/test/unit_test.hpp>
#include <vector>

#include "sim/delivery_hash.h"
#include "sim/workload.h"

namespace statussim::sim {
namespace {

struct Single {
  uint64_t delivery_hash = 0;
  uint64_t log_hash = 0;
  uint64_t changes = 0;
  uint64_t deliveries = 0;
  uint64_t actions = 0;
};

// The loop of `statussim scale` (app/scale.cc), with its delivery hash.
Single RunSingle(const WorldSpec& w, const WorkloadSpec& spec, uint64_t target) {
  FlatLog log;
  Backend backend(WorldApp(w), &log);
  BuildWorld(&backend, w);
  DeliveryHash delivery(size_t{w.accounts} * w.devices_per_account);
  delivery.AddLog(log.records(), backend);
  log.Drain();
  const uint64_t changes_before = backend.changes();
  const uint64_t delivered_before = log.delivered();
  Workload workload(&backend, w, spec);
  while (backend.changes() - changes_before < target) workload.Step();
  delivery.AddLog(log.records(), backend);
  log.Drain();
  return Single{delivery.Combined(), log.hash(), backend.changes() - changes_before,
                log.delivered() - delivered_before, workload.actions()};
}

WorldSpec World(uint32_t accounts, uint32_t subs, uint32_t devices, uint32_t friends,
                uint64_t seed) {
  WorldSpec w;
  w.accounts = accounts;
  w.subscriptions_per_account = subs;
  w.devices_per_account = devices;
  w.friends_per_account = friends;
  w.seed = seed;
  return w;
}

BOOST_AUTO_TEST_SUITE(partition)

BOOST_AUTO_TEST_CASE(delivery_hash_sees_the_order_per_device_only) {
  DeliveryHash a(2), b(2), c(2);
  a.Add(0, 1, 1, 10);
  a.Add(1, 2, 1, 20);
  a.Add(0, 3, 2, 30);
  b.Add(1, 2, 1, 20);  // the other device's item first: same hash
  b.Add(0, 1, 1, 10);
  b.Add(0, 3, 2, 30);
  c.Add(0, 3, 2, 30);  // device 0's items swapped: another hash
  c.Add(1, 2, 1, 20);
  c.Add(0, 1, 1, 10);
  BOOST_TEST(a.Combined() == b.Combined());
  BOOST_TEST(a.Combined() != c.Combined());
}

BOOST_AUTO_TEST_CASE(keys_order_timers_before_actions_and_by_parent) {
  const uint64_t action5[] = {100, 1, 5};
  const uint64_t action6[] = {100, 1, 6};
  const uint64_t timer_of_7[] = {100, 0, 40, 1, 7, 0};   // set by action 7 at 40
  const uint64_t timer_of_3[] = {100, 0, 40, 1, 3, 1};   // set by action 3 at 40, second
  const uint64_t timer_of_3a[] = {100, 0, 40, 1, 3, 0};  // its first
  BOOST_TEST(KeyLess(action5, 3, action6, 3));
  BOOST_TEST(KeyLess(timer_of_7, 6, action5, 3));
  BOOST_TEST(KeyLess(timer_of_3, 6, timer_of_7, 6));
  BOOST_TEST(KeyLess(timer_of_3a, 6, timer_of_3, 6));
  BOOST_TEST(!KeyLess(action6, 3, action6, 3));
}

BOOST_AUTO_TEST_CASE(home_ranks_spread_accounts) {
  std::vector<int> count(4);
  for (AccountId a = 0; a < 4000; ++a) ++count[HomeRank(a, 4)];
  for (int c : count) BOOST_TEST((c > 900 && c < 1100));
  BOOST_TEST(HomeRank(12345, 1) == 0u);
}

// Timers of every kind fire (a short mean gap against 30 s clears and 60 s
// heartbeats), subscriptions are emptied by CLR-4, friends and subscribers
// overlap; every rank count and window gives the single-process hash.
BOOST_AUTO_TEST_CASE(any_ranks_any_window_same_delivery_hash) {
  WorkloadSpec spec;
  spec.mean_gap = 20'000;
  spec.set_percent = 60;  // more logouts and losses: more timers
  const struct {
    WorldSpec w;
    uint64_t changes;
  } cases[] = {
      {World(1500, 10, 2, 3, 5), 12'000},
      {World(400, 50, 3, 0, 7), 8'000},
      {World(300, 4, 7, 6, 9), 6'000},  // web-like devices past the six platforms
      {World(1, 0, 2, 0, 1), 50},       // one account, nobody to tell
  };
  for (const auto& c : cases) {
    const Single one = RunSingle(c.w, spec, c.changes);
    BOOST_TEST_MESSAGE("accounts " << c.w.accounts << ": single delivery hash " << std::hex
                                   << one.delivery_hash << std::dec << ", " << one.deliveries
                                   << " deliveries");
    for (uint32_t ranks : {1u, 2u, 3u, 4u}) {
      for (Millis window : {Millis{1}, Millis{997}, Millis{600'000}}) {
        PartitionStats stats;
        const uint64_t hash = RunPartitionedInProcess(c.w, spec, c.changes, ranks, window, &stats);
        BOOST_TEST_CONTEXT("accounts " << c.w.accounts << ", " << ranks << " ranks, window "
                                       << window << " ms") {
          BOOST_TEST(hash == one.delivery_hash);
          BOOST_TEST(stats.changes == one.changes);
          BOOST_TEST(stats.deliveries == one.deliveries);
          BOOST_TEST(stats.actions == one.actions);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(another_seed_another_hash_no_change_no_delivery) {
  WorkloadSpec spec;
  const uint64_t a = RunPartitionedInProcess(World(800, 8, 2, 2, 1), spec, 3000, 2, 1000);
  const uint64_t b = RunPartitionedInProcess(World(800, 8, 2, 2, 2), spec, 3000, 2, 1000);
  BOOST_TEST(a != b);
  PartitionStats stats;
  const uint64_t none = RunPartitionedInProcess(World(800, 8, 2, 2, 1), spec, 0, 3, 1000, &stats);
  BOOST_TEST(none == RunSingle(World(800, 8, 2, 2, 1), spec, 0).delivery_hash);
  BOOST_TEST(stats.deliveries == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::sim
