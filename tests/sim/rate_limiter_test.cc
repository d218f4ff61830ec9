// RateLimiter: RL-2's fixed window.
#include "sim/rate_limiter.h"

#include <boost/test/unit_test.hpp>

namespace statussim::sim {
namespace {

BOOST_AUTO_TEST_SUITE(rate_limiter)

// RL-2: the 21st call in a window is rejected; rejected calls count.
BOOST_AUTO_TEST_CASE(rl2_twenty_per_window_rejected_count) {
  RateLimiter l;
  for (int i = 0; i < 20; ++i) BOOST_TEST(l.Admit(0, 5000, 20));
  BOOST_TEST(!l.Admit(0, 5000, 20));
  BOOST_TEST(!l.Admit(100, 5000, 20));
  BOOST_TEST(l.calls_in_window() == 22);
}

// RL-2: a new window starts only when t - start > window (strictly).
BOOST_AUTO_TEST_CASE(rl2_window_boundary_5000_same_5001_new) {
  RateLimiter l;
  for (int i = 0; i < 20; ++i) BOOST_TEST(l.Admit(1000, 5000, 20));
  BOOST_TEST(!l.Admit(6000, 5000, 20));  // start + 5000: same window
  BOOST_TEST(l.window_start() == 1000);
  BOOST_TEST(l.Admit(6001, 5000, 20));  // start + 5001: new window
  BOOST_TEST(l.window_start() == 6001);
  BOOST_TEST(l.calls_in_window() == 1);
}

// RL-1: a reset (logout) gives a fresh budget.
BOOST_AUTO_TEST_CASE(rl1_reset_gives_a_fresh_budget) {
  RateLimiter l;
  for (int i = 0; i < 21; ++i) l.Admit(0, 5000, 20);
  l.Reset();
  BOOST_TEST(l.Admit(0, 5000, 20));
}

// PAR-2: the count and window are read at each call.
BOOST_AUTO_TEST_CASE(par2_count_zero_rejects_everything) {
  RateLimiter l;
  BOOST_TEST(!l.Admit(0, 5000, 0));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::sim
