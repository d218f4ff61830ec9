// RateLimiter: the fixed-window budget of one device for one command (RL-2).
//
// A window starts at the first call; a call at time t starts a new window when
// t - start > window (strictly greater). Every call that reaches the limiter
// counts, rejected ones too; a call is rejected when the count in its window
// exceeds the allowed count.
#ifndef STATUSSIM_SIM_RATE_LIMITER_H_
#define STATUSSIM_SIM_RATE_LIMITER_H_

#include <cstdint>

#include "sim/types.h"

namespace statussim::sim {

class RateLimiter {
 public:
  // Counts a call at `now`; true if it is within the budget. `window` and
  // `count` are read at the call (GATE-4: a changed parameter applies from the
  // next call on; the current window keeps its start).
  bool Admit(Millis now, Millis window, int64_t count);
  // RL-1: a logout resets the budget.
  void Reset() { *this = RateLimiter(); }
  // Takes back the last count (only a planted fault does this: sim/faults.h).
  void Uncount() { --calls_; }

  Millis window_start() const { return start_; }
  int64_t calls_in_window() const { return calls_; }

 private:
  Millis start_ = 0;   // start of the current window
  int64_t calls_ = 0;  // calls counted in it; 0 = no window yet
};

// The three rate-limited commands (RL-1).
enum class RateCommand : uint8_t { kGet, kSubscribe, kUnsubscribe };
inline constexpr int kRateCommandCount = 3;

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_RATE_LIMITER_H_
