#include "sim/capacity_meter.h"

#include <algorithm>
#include <bit>

namespace statussim::sim {

int FanoutBucket(uint64_t n) {
  return std::min(kFanoutBuckets - 1, static_cast<int>(std::bit_width(n)));
}

void CapacityMeter::Start(const Backend* backend) {
  backend_ = backend;
  start_ = backend->now();
  last_changes_ = backend->changes();
}

CapacityMeter::Second& CapacityMeter::At() {
  const auto s = static_cast<size_t>((backend_->now() - start_) / 1000);
  if (s >= seconds_.size()) seconds_.resize(s + 1);
  return seconds_[s];
}

uint64_t CapacityMeter::TakeNewChanges() {
  const uint64_t now = backend_->changes();
  const uint64_t fresh = now - last_changes_;
  last_changes_ = now;
  return fresh;
}

void CapacityMeter::Sample(uint64_t extra_pending) {
  if (backend_ == nullptr) return;
  const uint64_t fresh = TakeNewChanges();
  Second& sec = At();
  sec.changes += fresh;
  histogram_[0] += fresh;
  const uint64_t pending = backend_->pending_timers() + extra_pending;
  sec.pending_max = std::max(sec.pending_max, pending);
  if (pending > peak_pending_) {
    peak_pending_ = pending;
    peak_pending_at_ = backend_->now();
  }
}

void CapacityMeter::OnStatus(DeviceId device, const StatusItem& item) {
  log_->OnStatus(device, item);
  if (backend_ != nullptr) OnStatusBatch({}, item);  // counted as a batch of one below
}

void CapacityMeter::OnStatusBatch(std::span<const DeviceId> devices, const StatusItem& item) {
  uint64_t n = devices.size();
  if (n > 0) {
    log_->FlatLog::OnStatusBatch(devices, item);
  } else {
    n = 1;  // from OnStatus
  }
  if (backend_ == nullptr) return;
  const uint64_t fresh = TakeNewChanges();
  Second& sec = At();
  sec.deliveries += n;
  sec.changes += fresh;
  if (fresh == 0) return;  // an unchanged value pushed to its own instances (SET-6)
  // The last of the fresh changes is this batch's; earlier ones pushed nothing.
  histogram_[0] += fresh - 1;
  ++histogram_[FanoutBucket(n)];
  AccountLoad& load = by_account_[item.account];
  load.changes += 1;
  load.deliveries += n;
  if (n > max_fanout_) {
    max_fanout_ = n;
    max_fanout_account_ = item.account;
    max_fanout_at_ = backend_->now();
  }
}

void CapacityMeter::OnKicked(DeviceId device, KickType type) {
  log_->OnKicked(device, type);
  if (backend_ == nullptr) return;
  At().deliveries += 1;
  ++kicks_;
}

}  // namespace statussim::sim
