// Worlds (sim/world.h), their load (sim/shaped_workload.h) and the capacity
// meter (sim/capacity_meter.h): counts stay in range, a uniform World is the
// generator of sim/workload.h draw for draw, the meter changes no push.
#include "sim/world.h"

#include <boost/test/unit_test.hpp>
#include <vector>

#include "sim/capacity_meter.h"
#include "sim/distributions.h"
#include "sim/shaped_workload.h"
#include "sim/workload.h"

namespace statussim::sim {
namespace {

BOOST_AUTO_TEST_SUITE(world)

// A fixed count consumes nothing from the generator (the uniform world's
// streams stay those of sim/workload.cc).
BOOST_AUTO_TEST_CASE(fixed_counts_draw_nothing) {
  Rng a(7);
  Rng b(7);
  const CountSampler fixed(CountDist::Fixed(5));
  for (int i = 0; i < 10; ++i) BOOST_TEST(fixed.Draw(&a) == 5u);
  BOOST_TEST(a.Next() == b.Next());
}

BOOST_AUTO_TEST_CASE(uniform_and_zipf_stay_in_range_and_zipf_is_skewed) {
  Rng rng(3);
  CountDist u;
  u.kind = CountDist::Kind::kUniform;
  u.min = 2;
  u.max = 4;
  CountDist z;
  z.kind = CountDist::Kind::kZipf;
  z.min = 1;
  z.max = 100;
  z.exponent = 1.5;
  const CountSampler us(u);
  const CountSampler zs(z);
  std::vector<int> seen_u(5);
  int zipf_min = 0;
  int zipf_top_half = 0;
  for (int i = 0; i < 20000; ++i) {
    const uint32_t x = us.Draw(&rng);
    BOOST_REQUIRE(x >= 2u);
    BOOST_REQUIRE(x <= 4u);
    ++seen_u[x];
    const uint32_t y = zs.Draw(&rng);
    BOOST_REQUIRE(y >= 1u);
    BOOST_REQUIRE(y <= 100u);
    zipf_min += y == 1;
    zipf_top_half += y > 50;
  }
  for (int v = 2; v <= 4; ++v) BOOST_TEST(seen_u[v] > 6000);
  // P(1) = 1 / zeta-ish(1.5, 100) ~ 0.41; P(k > 50) ~ 0.02.
  BOOST_TEST(zipf_min > 7000);
  BOOST_TEST(zipf_top_half < 1000);
}

// A uniform World builds the backend BuildWorld(WorldSpec) builds and its
// load makes the pushes Workload makes.
BOOST_AUTO_TEST_CASE(a_uniform_world_is_the_old_generator) {
  WorldSpec ws;
  ws.accounts = 3000;
  ws.subscriptions_per_account = 7;
  ws.devices_per_account = 3;
  ws.friends_per_account = 3;
  ws.seed = 11;
  FlatLog old_log;
  Backend old_backend(WorldApp(ws), &old_log);
  BuildWorld(&old_backend, ws);
  Workload old_load(&old_backend, ws, WorkloadSpec{});

  const World w = UniformWorld(ws, WorkloadSpec{}.mean_gap, 0);
  FlatLog log;
  CapacityMeter meter(&log, w.total_accounts());
  Backend backend(EffectiveApp(w), &meter);
  const WorldLayout layout = BuildWorld(&backend, w);
  ShapedWorkload load(&backend, w, layout);
  meter.Start(&backend);

  for (AccountId a = 0; a < ws.accounts; ++a) {
    const auto x = old_backend.SubscriptionsOf(a);
    const auto y = backend.SubscriptionsOf(a);
    BOOST_REQUIRE(std::vector<AccountId>(x.begin(), x.end()) ==
                  std::vector<AccountId>(y.begin(), y.end()));
    BOOST_REQUIRE(old_backend.FriendsOf(a).size() == backend.FriendsOf(a).size());
  }
  for (int i = 0; i < 20000; ++i) {
    old_load.Step();
    BOOST_REQUIRE(load.Step());
    meter.Sample(0);
  }
  old_log.Drain();
  log.Drain();
  BOOST_TEST(log.hash() == old_log.hash());
  BOOST_TEST(log.delivered() == old_log.delivered());
  BOOST_TEST(backend.changes() == old_backend.changes());
  // The meter saw every change and every push of the run.
  uint64_t in_histogram = 0;
  for (uint64_t n : meter.fanout_histogram()) in_histogram += n;
  uint64_t per_second = 0;
  for (const auto& s : meter.seconds()) per_second += s.changes;
  BOOST_TEST(in_histogram == per_second);
  BOOST_TEST(in_histogram > 10000u);
}

// An activity of 2 everywhere halves the gaps: about twice the actions in
// the same virtual time.
BOOST_AUTO_TEST_CASE(a_diurnal_curve_scales_the_rate) {
  auto actions_in = [](std::vector<uint32_t> curve) {
    World w;
    w.accounts = 2000;
    w.subscriptions = CountDist::Fixed(2);
    w.load.diurnal_period = curve.empty() ? 0 : 3'600'000;
    w.load.diurnal_permille = curve;
    FlatLog log;
    Backend backend(EffectiveApp(w), &log);
    const WorldLayout layout = BuildWorld(&backend, w);
    ShapedWorkload load(&backend, w, layout);
    while (load.NextDue().value() <= 600'000) {
      load.Step();
      log.Clear();
    }
    return load.actions();
  };
  const uint64_t plain = actions_in({});
  const uint64_t doubled = actions_in({2000, 2000});
  BOOST_TEST(doubled > plain * 17 / 10);
  BOOST_TEST(doubled < plain * 23 / 10);
}

// Celebrities get exactly their subscribers; the storm's accounts start
// logged out and log in within its window.
BOOST_AUTO_TEST_CASE(celebrities_and_the_storm) {
  World w;
  w.accounts = 1000;
  w.subscriptions = CountDist::Fixed(3);
  w.celebrities = {{"star", 999, 0}, {"idol", 100, 5000}};
  w.load.storm_permille = 500;
  w.load.storm_at = 60'000;
  w.load.storm_over = 1000;
  FlatLog log;
  Backend backend(EffectiveApp(w), &log);
  const WorldLayout layout = BuildWorld(&backend, w);
  BOOST_TEST(backend.AccountName(1000) == "star");
  // star: every regular account and idol subscribe (999 of the 1001 others,
  // each exactly once), plus whatever random subscriptions hit it.
  BOOST_TEST(backend.SubscribersOf(1000).size() >= 999u);
  BOOST_TEST(backend.SubscribersOf(1001).size() >= 100u);
  size_t offline = 0;
  for (uint8_t o : layout.offline) offline += o;
  BOOST_TEST(offline > 400u);
  BOOST_TEST(offline < 600u);
  ShapedWorkload load(&backend, w, layout);
  while (load.NextDue().value() < 61'000) {
    load.Step();
    log.Clear();
  }
  BOOST_TEST(load.counts().storm_logins >= offline * 2);  // two devices each
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::sim
