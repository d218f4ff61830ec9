// TimerQueue: (due, seq) order, cancellation, PAR-1.
#include "sim/timer_queue.h"

#include <boost/test/unit_test.hpp>
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

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::sim
