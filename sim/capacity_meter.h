// CapacityMeter: a PushSink in front of a FlatLog that measures a run for the
// capacity report of `statussim scale`: changes and deliveries per virtual
// second, the deliveries of each change, fan-out per account, pending timers.
//
// Invariants:
//  - It forwards every push to the log unchanged and in order: the log hash
//    is the one the log alone would give.
//  - Everything it counts is a function of the run (virtual time, the
//    backend's counters), never of wall time: the same world and seed give
//    the same figures.
//  - A change is seen through Backend::changes(): a batch pushed while the
//    counter moved is that change's fan-out (one batch per change, EVT-4);
//    a change with no recipient pushes nothing and is counted at the next
//    batch or Sample with 0 deliveries.
#ifndef STATUSSIM_SIM_CAPACITY_METER_H_
#define STATUSSIM_SIM_CAPACITY_METER_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/backend.h"
#include "sim/workload.h"

namespace statussim::sim {

// Buckets of deliveries per change: 0, then [2^(k-1), 2^k) for k = 1..
inline constexpr int kFanoutBuckets = 34;

class CapacityMeter : public PushSink {
 public:
  CapacityMeter(FlatLog* log, uint32_t accounts) : log_(log), by_account_(accounts) {}
  // Starts measuring (pushes before this are only forwarded).
  void Start(const Backend* backend);
  // After each workload step: counts changes that pushed nothing, samples
  // the pending timers (`extra` adds the workload's own queue).
  void Sample(uint64_t extra_pending);

  void OnStatus(DeviceId device, const StatusItem& item) override;
  void OnStatusBatch(std::span<const DeviceId> devices, const StatusItem& item) override;
  void OnKicked(DeviceId device, KickType type) override;

  struct Second {
    uint64_t changes = 0;      // status changes in this virtual second
    uint64_t deliveries = 0;   // pushed items and kicks
    uint64_t pending_max = 0;  // most timers pending at a sample in it
  };
  struct AccountLoad {
    uint64_t changes = 0;     // its status changes
    uint64_t deliveries = 0;  // items its changes pushed
  };
  Millis start() const { return start_; }
  const std::vector<Second>& seconds() const { return seconds_; }
  const std::array<uint64_t, kFanoutBuckets>& fanout_histogram() const { return histogram_; }
  const std::vector<AccountLoad>& by_account() const { return by_account_; }
  uint64_t max_fanout() const { return max_fanout_; }
  AccountId max_fanout_account() const { return max_fanout_account_; }
  Millis max_fanout_at() const { return max_fanout_at_; }
  uint64_t peak_pending() const { return peak_pending_; }
  Millis peak_pending_at() const { return peak_pending_at_; }
  uint64_t kicks() const { return kicks_; }

 private:
  Second& At();               // the current virtual second
  uint64_t TakeNewChanges();  // changes since the last look

  FlatLog* log_;
  const Backend* backend_ = nullptr;  // null until Start
  Millis start_ = 0;                  // virtual time of Start
  uint64_t last_changes_ = 0;
  std::vector<Second> seconds_;
  std::array<uint64_t, kFanoutBuckets> histogram_{};
  std::vector<AccountLoad> by_account_;
  uint64_t max_fanout_ = 0;
  AccountId max_fanout_account_ = kNoId;
  Millis max_fanout_at_ = 0;
  uint64_t peak_pending_ = 0;
  Millis peak_pending_at_ = 0;
  uint64_t kicks_ = 0;
};

// The bucket of a change that pushed n items.
int FanoutBucket(uint64_t n);

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_CAPACITY_METER_H_
