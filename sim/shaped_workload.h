// The load of a World (sim/world.h) over virtual time: the hold model of
// sim/workload.h (one pending action per account on a TimerQueue) with the
// action mix, reconnect share, login storm and diurnal curve of its LoadSpec.
//
// Invariants:
//  - Deterministic: one generator (the workload stream of sim/workload.cc)
//    for the actions, another for the storm's instants.
//  - With the uniform world's load (80/10/10/0, reconnect 100%, no storm,
//    no curve, fixed device counts) every draw is the one Workload makes, so
//    the delivery log is the same.
#ifndef STATUSSIM_SIM_SHAPED_WORKLOAD_H_
#define STATUSSIM_SIM_SHAPED_WORKLOAD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/backend.h"
#include "sim/timer_queue.h"
#include "sim/workload.h"
#include "sim/world.h"

namespace statussim::sim {

// What the actions did, by kind.
struct ActionCounts {
  uint64_t sets = 0;          // custom status set
  uint64_t logouts = 0;       // logged out
  uint64_t logins = 0;        // logged back in after a logout
  uint64_t silent = 0;        // link lost silently
  uint64_t closing = 0;       // link closed
  uint64_t reconnects = 0;    // lost link back
  uint64_t stayed_lost = 0;   // a lost device picked again that did not reconnect
  uint64_t storm_logins = 0;  // devices logged in by the storm
};

class ShapedWorkload {
 public:
  // `layout` is what BuildWorld(backend, w) returned; both must outlive this.
  ShapedWorkload(Backend* backend, const World& w, const WorldLayout& layout);
  // Runs the next action (and the backend timers due before it); false when
  // nothing is left to do (no account has a device).
  bool Step();
  // The instant of the next action, if any.
  std::optional<Millis> NextDue() { return queue_.NextDue(); }
  uint64_t actions() const { return actions_; }
  const ActionCounts& counts() const { return counts_; }
  size_t pending() const { return queue_.live(); }  // actions scheduled

 private:
  enum DeviceState : uint8_t { kIn, kOut, kLinkDown };  // as the workload left it
  enum Kind : uint32_t { kAction = 0, kStorm = 1 };
  // The delay to account a's next action scheduled at `t`.
  Millis Gap(AccountId a, Millis t);
  // Activity at virtual time t relative to mean_gap (1000 = as given).
  uint32_t DiurnalPermille(Millis t) const;

  Backend* backend_;
  const World& world_;
  const WorldLayout& layout_;
  Rng rng_;
  Rng storm_rng_;
  TimerQueue queue_;                  // one pending action per account
  std::vector<uint8_t> state_;        // DeviceState per device
  std::vector<std::string> customs_;  // the pool
  uint64_t weight_total_ = 0;         // of the action mix
  uint64_t actions_ = 0;
  ActionCounts counts_;
};

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_SHAPED_WORKLOAD_H_
