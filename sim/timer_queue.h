// TimerQueue: pending timers on the virtual clock.
//
// Invariants: timers come out in (due, seq) order, where seq is the order in
// which they were scheduled (PAR-1: same-instant timers run in the order they
// were set). A cancelled timer never comes out. The queue never reads a clock;
// the caller says up to which instant it wants timers.
//
// Layout: a 4-ary min-heap of 24-byte entries (due, seq, payload), so a timer
// that fires needs nothing outside the heap, and one bit per scheduled timer
// saying whether it is still pending (a window of sequence numbers, about
// 1/100 of the heap's size). Cancellation clears the bit and the entry is
// discarded when it reaches the top (lazy deletion). The heap's root sits
// three entries into a cache-line-aligned array, so the four children of
// every node span exactly two 64-byte lines.
#ifndef STATUSSIM_SIM_TIMER_QUEUE_H_
#define STATUSSIM_SIM_TIMER_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <new>
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
  TimerQueue();
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

  // The payload of the earliest timer, live or cancelled (a hint for
  // prefetching what the next PopDue will need; nothing is removed).
  const TimerPayload* PeekPayload() const { return size() > 0 ? &top().payload : nullptr; }

  size_t live() const { return live_; }
  // The due times of every live timer, ascending (explore aims its waits at
  // them; O(n log n), not for hot paths).
  std::vector<Millis> PendingDues() const;
  // The id the next Schedule returns: ids grow by one per scheduled timer.
  TimerId next_id() const { return next_seq_; }

 private:
  struct Entry {
    Millis due;
    TimerId seq;
    TimerPayload payload;
    bool operator<(const Entry& o) const { return due != o.due ? due < o.due : seq < o.seq; }
  };
  static_assert(sizeof(Entry) == 24);
  // Cache-line-aligned storage for the heap (see Layout above).
  template <class T>
  struct LineAligned {
    using value_type = T;
    LineAligned() = default;
    template <class U>
    LineAligned(const LineAligned<U>&) {}
    T* allocate(size_t n) {
      return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{64}));
    }
    void deallocate(T* p, size_t) { ::operator delete(p, std::align_val_t{64}); }
    bool operator==(const LineAligned&) const { return true; }
  };
  // heap_[kRoot + i] is node i; children of node i are nodes 4i+1 .. 4i+4.
  static constexpr size_t kRoot = 3;

  size_t size() const { return heap_.size() - kRoot; }
  Entry& at(size_t i) { return heap_[kRoot + i]; }
  const Entry& top() const { return heap_[kRoot]; }
  void SiftUp(size_t i);
  void SiftDown(size_t i);
  void PopTop();
  void DropDeadTop();
  bool IsLive(TimerId seq) const {
    const TimerId off = seq - first_seq_;  // wraps for seq < first_seq_: out of range
    return off < next_seq_ - first_seq_ && (pending_[off / 64] >> (off % 64) & 1) != 0;
  }
  void ClearBit(TimerId seq) {
    const TimerId off = seq - first_seq_;
    pending_[off / 64] &= ~(uint64_t{1} << (off % 64));
  }
  void Compact();

  std::vector<Entry, LineAligned<Entry>> heap_;  // kRoot unused entries, then the nodes
  // Bit (seq - first_seq_) is set while timer seq is pending. Leading words
  // that are all zero are dropped by Compact when they are most of them.
  std::vector<uint64_t> pending_;
  TimerId first_seq_ = 0;  // seq of bit 0 of pending_[0] (a multiple of 64)
  TimerId next_seq_ = 1;
  size_t zero_prefix_ = 0;  // leading words known to be zero (amortised scan)
  size_t live_ = 0;
};

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_TIMER_QUEUE_H_
