// TimerQueue: (due, seq) order, cancellation, PAR-1.
#include "sim/timer_queue.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace statussim::sim {
namespace {

BOOST_AUTO_TEST_SUITE(timer_queue)

// PAR-1: same-instant timers run in the order they were set.
BOOST_AUTO_TEST_CASE(par1_same_instant_in_schedule_order) {
  TimerQueue q;
  q.Schedule(50, {1, 0});
  q.Schedule(10, {2, 0});
  q.Schedule(50, {3, 0});
  q.Schedule(10, {4, 0});
  std::vector<uint32_t> kinds;
  while (auto f = q.PopDue(100)) kinds.push_back(f->payload.kind);
  BOOST_TEST(kinds == (std::vector<uint32_t>{2, 4, 1, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(pop_due_respects_the_limit) {
  TimerQueue q;
  q.Schedule(100, {1, 0});
  BOOST_TEST(!q.PopDue(99).has_value());
  BOOST_TEST(q.NextDue().value() == 100);
  auto f = q.PopDue(100);
  BOOST_REQUIRE(f.has_value());
  BOOST_TEST(f->due == 100);
  BOOST_TEST(q.live() == 0u);
}

BOOST_AUTO_TEST_CASE(cancelled_timers_never_fire_and_cancel_is_idempotent) {
  TimerQueue q;
  TimerId a = q.Schedule(10, {1, 0});
  TimerId b = q.Schedule(20, {2, 0});
  q.Cancel(a);
  q.Cancel(a);
  q.Cancel(0);
  BOOST_TEST(q.live() == 1u);
  auto f = q.PopDue(1000);
  BOOST_REQUIRE(f.has_value());
  BOOST_TEST(f->id == b);
  q.Cancel(b);  // already ran: no-op
  BOOST_TEST(!q.PopDue(1000).has_value());
}

// Many timers with interleaved cancellation come out sorted; exercises the
// 4-ary heap and the compaction of dead slots.
BOOST_AUTO_TEST_CASE(large_interleaved_schedule_stays_ordered) {
  TimerQueue q;
  std::vector<TimerId> ids;
  uint64_t x = 12345;
  for (int i = 0; i < 5000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    ids.push_back(q.Schedule(static_cast<Millis>(x >> 50), {static_cast<uint32_t>(i), 0}));
  }
  for (size_t i = 0; i < ids.size(); i += 3) q.Cancel(ids[i]);
  Millis last = -1;
  TimerId last_id = 0;
  size_t n = 0;
  while (auto f = q.PopDue(INT64_MAX)) {
    BOOST_TEST((f->due > last || (f->due == last && f->id > last_id)));
    BOOST_TEST(f->payload.kind % 3 != 0u);
    last = f->due;
    last_id = f->id;
    ++n;
  }
  BOOST_TEST(n == 5000u - 1667u);
}

// Against a sorted set, through many cancellations, pops and compactions of
// the pending bitset (sequence windows far wider than 64): the same timers
// come out in the same order, live() and PendingDues() agree, and
// cancelling a fired timer changes nothing.
BOOST_AUTO_TEST_CASE(matches_a_sorted_set_through_cancels_and_compactions) {
  TimerQueue q;
  std::set<std::pair<Millis, TimerId>> ref;
  std::map<TimerId, std::pair<Millis, uint32_t>> pending;  // id -> due, payload target
  uint64_t x = 99;
  auto next = [&] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return x >> 33;
  };
  Millis now = 0;
  for (uint32_t i = 0; i < 100'000; ++i) {
    const uint64_t op = next() % 10;
    if (op < 4) {
      const Millis due = now + static_cast<Millis>(next() % (i < 50'000 ? 100'000 : 50));
      const TimerId id = q.Schedule(due, {1, i});
      BOOST_REQUIRE(id + 1 == q.next_id());
      ref.insert({due, id});
      pending[id] = {due, i};
    } else if (op < 6) {
      const TimerId id = next() % (q.next_id() + 1);  // pending, fired, cancelled, 0 or unused
      q.Cancel(id);
      if (auto it = pending.find(id); it != pending.end()) {
        ref.erase({it->second.first, id});
        pending.erase(it);
      }
    } else {
      now += static_cast<Millis>(next() % 100);
      const auto fired = q.PopDue(now);
      if (!ref.empty() && ref.begin()->first <= now) {
        BOOST_REQUIRE(fired.has_value());
        BOOST_REQUIRE(fired->due == ref.begin()->first);
        BOOST_REQUIRE(fired->id == ref.begin()->second);
        BOOST_REQUIRE(fired->payload.target == pending[fired->id].second);
        ref.erase(ref.begin());
        pending.erase(fired->id);
        q.Cancel(fired->id);  // already ran: no-op
      } else {
        BOOST_REQUIRE(!fired.has_value());
      }
    }
    BOOST_REQUIRE(q.live() == ref.size());
    if (i % 10'000 == 0) {
      std::vector<Millis> dues;
      for (const auto& [due, id] : ref) dues.push_back(due);
      BOOST_REQUIRE(q.PendingDues() == dues);
      BOOST_REQUIRE(q.NextDue() == (ref.empty() ? std::nullopt : std::optional(ref.begin()->first)));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::sim
