#include "sim/timer_queue.h"

#include <algorithm>

namespace statussim::sim {
namespace {
constexpr size_t kArity = 4;
constexpr size_t kPrefetchFrom = 4096;  // entries (96 KiB): beyond L1
}  // namespace

TimerQueue::TimerQueue() : heap_(kRoot, Entry{0, 0, {}}), pending_(1, 0) {}

TimerId TimerQueue::Schedule(Millis due, TimerPayload payload) {
  const TimerId seq = next_seq_++;
  const TimerId off = seq - first_seq_;
  if (off / 64 >= pending_.size()) pending_.push_back(0);
  pending_[off / 64] |= uint64_t{1} << (off % 64);
  ++live_;
  heap_.push_back(Entry{due, seq, payload});
  SiftUp(size() - 1);
  return seq;
}

void TimerQueue::Cancel(TimerId id) {
  if (!IsLive(id)) return;
  ClearBit(id);
  --live_;
}

void TimerQueue::DropDeadTop() {
  while (size() > 0 && !IsLive(top().seq)) PopTop();
}

std::optional<Millis> TimerQueue::NextDue() {
  DropDeadTop();
  if (size() == 0) return std::nullopt;
  return top().due;
}

std::vector<Millis> TimerQueue::PendingDues() const {
  std::vector<Millis> dues;
  for (size_t i = kRoot; i < heap_.size(); ++i) {
    if (IsLive(heap_[i].seq)) dues.push_back(heap_[i].due);
  }
  std::sort(dues.begin(), dues.end());
  return dues;
}

std::optional<TimerQueue::Fired> TimerQueue::PopDue(Millis limit) {
  DropDeadTop();
  if (size() == 0 || top().due > limit) return std::nullopt;
  const Entry e = top();
  PopTop();
  ClearBit(e.seq);
  --live_;
  if (pending_[0] == 0 && pending_.size() > 16) Compact();  // no leading zero word: nothing to drop
  return Fired{e.due, e.seq, e.payload};
}

void TimerQueue::PopTop() {
  at(0) = heap_.back();
  heap_.pop_back();
  if (size() > 0) SiftDown(0);
}

// Drops the leading words of timers that are all gone, so the bitset stays
// proportional to the window of pending sequence numbers.
void TimerQueue::Compact() {
  while (zero_prefix_ < pending_.size() && pending_[zero_prefix_] == 0) ++zero_prefix_;
  if (zero_prefix_ == 0 || zero_prefix_ * 2 < pending_.size()) return;
  if (zero_prefix_ == pending_.size()) --zero_prefix_;  // keep the word next_seq_ is in
  const auto n = static_cast<std::ptrdiff_t>(zero_prefix_);
  pending_.erase(pending_.begin(), pending_.begin() + n);
  first_seq_ += 64 * zero_prefix_;
  zero_prefix_ = 0;
  // Dead entries still in the heap may have seq < first_seq_: IsLive says no.
}

void TimerQueue::SiftUp(size_t i) {
  const Entry e = at(i);
  while (i > 0) {
    const size_t parent = (i - 1) / kArity;
    if (!(e < at(parent))) break;
    at(i) = at(parent);
    i = parent;
  }
  at(i) = e;
}

void TimerQueue::SiftDown(size_t i) {
  const Entry e = at(i);
  const size_t n = size();
  for (;;) {
    const size_t first = i * kArity + 1;
    if (first >= n) break;
    size_t best = first;
    const size_t last = first + kArity < n ? first + kArity : n;
    // The next level's groups are fetched while this one is compared: the
    // lower levels of a large heap miss the caches (a small one fits in L1).
    if (n > kPrefetchFrom && last * kArity < n) {
      for (size_t c = first; c < last; ++c) {
        __builtin_prefetch(&at(c * kArity + 1));
        __builtin_prefetch(&at(c * kArity + kArity));
      }
    }
    for (size_t c = first + 1; c < last; ++c) {
      if (at(c) < at(best)) best = c;
    }
    if (!(at(best) < e)) break;
    at(i) = at(best);
    i = best;
  }
  at(i) = e;
}

}  // namespace statussim::sim
