#include "sim/rate_limiter.h"

namespace statussim::sim {

bool RateLimiter::Admit(Millis now, Millis window, int64_t count) {
  if (calls_ == 0 || now - start_ > window) {  // RL-2: strictly greater starts a new window
    start_ = now;
    calls_ = 0;
  }
  ++calls_;  // RL-2: rejected calls count too
  return calls_ <= count;
}

}  // namespace statussim::sim
