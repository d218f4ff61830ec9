#include "sim/timer_queue.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace statussim::sim {
namespace {
constexpr size_t kArity = 4;
}  // namespace

TimerId TimerQueue::Schedule(Millis due, TimerPayload payload) {
  TimerId seq = next_seq_++;
  slots_.push_back(Slot{payload, 1});
  ++live_;
  heap_.push_back(Key{due, seq});
  SiftUp(heap_.size() - 1);
  return seq;
}

bool TimerQueue::IsLive(TimerId seq) const {
  return seq >= first_seq_ && seq < next_seq_ && slots_[seq - first_seq_].alive != 0;
}

void TimerQueue::Cancel(TimerId id) {
  if (!IsLive(id)) return;
  slots_[id - first_seq_].alive = 0;
  --live_;
}

void TimerQueue::DropDeadTop() {
  while (!heap_.empty() && !IsLive(heap_.front().seq)) PopTop();
}

std::optional<Millis> TimerQueue::NextDue() {
  DropDeadTop();
  if (heap_.empty()) return std::nullopt;
  return heap_.front().due;
}

std::vector<Millis> TimerQueue::PendingDues() const {
  std::vector<Millis> dues;
  for (const Key& k : heap_) {
    if (IsLive(k.seq)) dues.push_back(k.due);
  }
  std::sort(dues.begin(), dues.end());
  return dues;
}

std::optional<TimerQueue::Fired> TimerQueue::PopDue(Millis limit) {
  DropDeadTop();
  if (heap_.empty() || heap_.front().due > limit) return std::nullopt;
  Key top = heap_.front();
  PopTop();
  Slot& slot = slots_[top.seq - first_seq_];
  Fired fired{top.due, top.seq, slot.payload};
  slot.alive = 0;
  --live_;
  if (heap_.empty() || slots_.size() > 1024) Compact();
  return fired;
}

void TimerQueue::PopTop() {
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) SiftDown(0);
}

// Drops the leading slots of timers that are gone, so the payload arrays stay
// proportional to the live window of sequence numbers.
void TimerQueue::Compact() {
  while (dead_prefix_ < slots_.size() && slots_[dead_prefix_].alive == 0) ++dead_prefix_;
  if (dead_prefix_ == 0 || dead_prefix_ * 2 < slots_.size()) return;
  const auto n = static_cast<std::ptrdiff_t>(dead_prefix_);
  slots_.erase(slots_.begin(), slots_.begin() + n);
  first_seq_ += dead_prefix_;
  dead_prefix_ = 0;
  // Dead keys still in the heap may point below first_seq_: IsLive says no.
}

void TimerQueue::SiftUp(size_t i) {
  Key k = heap_[i];
  while (i > 0) {
    size_t parent = (i - 1) / kArity;
    if (!(k < heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = k;
}

void TimerQueue::SiftDown(size_t i) {
  Key k = heap_[i];
  const size_t n = heap_.size();
  for (;;) {
    size_t first = i * kArity + 1;
    if (first >= n) break;
    size_t best = first;
    size_t last = first + kArity < n ? first + kArity : n;
    for (size_t c = first + 1; c < last; ++c) {
      if (heap_[c] < heap_[best]) best = c;
    }
    if (!(heap_[best] < k)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = k;
}

}  // namespace statussim::sim
