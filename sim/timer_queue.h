// TimerQueue: pending timers on the virtual clock.
//
// Invariants: timers come out in (due, seq) order, where seq is the order in
// which they were scheduled (PAR-1: same-instant timers run in the order they
// were set). A cancelled timer never comes out. The queue never reads a clock;
// the caller says up to which instant it wants timers.
//
// Layout: a 4-ary min-heap of 16-byte keys (due, seq) plus one slot per
// scheduled timer (payload and liveness together, one cache miss when a timer
// fires); cancellation marks the slot dead and the entry is discarded when it
// reaches the top (lazy deletion).
#ifndef STATUSSIM_SIM_TIMER_QUEUE_H_
#define STATUSSIM_SIM_TIMER_QUEUE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/types.h"

namespace statussim::sim {

// What a timer does, for the backend that owns the queue.
struct TimerPayload {
  uint32_t kind = 0;    // owner-defined
  uint32_t target = 0;  // owner-defined (an account or a device)
};

// A handle for Cancel. 0 is never a valid handle.
using TimerId = uint64_t;

class TimerQueue {
 public:
  TimerId Schedule(Millis due, TimerPayload payload);
  // Cancels a pending timer; cancelling one that already ran, or 0, is a no-op.
  void Cancel(TimerId id);

  struct Fired {
    Millis due;
    TimerId id;
    TimerPayload payload;
  };
  // Removes and returns the earliest live timer with due <= limit, if any.
  std::optional<Fired> PopDue(Millis limit);
  // The due time of the earliest live timer.
  std::optional<Millis> NextDue();

  size_t live() const { return live_; }
  // The due times of every live timer, ascending (explore aims its waits at
  // them; O(n log n), not for hot paths).
  std::vector<Millis> PendingDues() const;
  // The id the next Schedule returns: ids grow by one per scheduled timer.
  TimerId next_id() const { return next_seq_; }

 private:
  struct Key {
    Millis due;
    TimerId seq;
    bool operator<(const Key& o) const { return due != o.due ? due < o.due : seq < o.seq; }
  };
  void SiftUp(size_t i);
  void SiftDown(size_t i);
  void PopTop();
  void DropDeadTop();
  bool IsLive(TimerId seq) const;

  std::vector<Key> heap_;
  struct Slot {
    TimerPayload payload;
    uint32_t alive = 0;  // 1 while pending
  };
  // Per scheduled timer (index seq - first_seq_). Slots of timers that are
  // gone are reclaimed by Compact when most are dead.
  std::vector<Slot> slots_;
  TimerId first_seq_ = 1;  // seq of slots_[0]
  TimerId next_seq_ = 1;
  size_t dead_prefix_ = 0;  // leading slots known to be dead (amortised scan)
  size_t live_ = 0;
  void Compact();
};

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_TIMER_QUEUE_H_
