#include "sim/shaped_workload.h"

#include <algorithm>

namespace statussim::sim {
namespace {

// sim/workload.cc's derivation: stream 3 is the workload's.
constexpr uint64_t kWorkloadStream = 3;
constexpr uint64_t kStormInstantStream = 10;
uint64_t StreamSeed(uint64_t seed, uint64_t s) { return seed * 0x9E3779B97F4A7C15ULL + s; }

}  // namespace

ShapedWorkload::ShapedWorkload(Backend* backend, const World& w, const WorldLayout& layout)
    : backend_(backend),
      world_(w),
      layout_(layout),
      rng_(StreamSeed(w.seed, kWorkloadStream)),
      storm_rng_(StreamSeed(w.seed, kStormInstantStream)),
      state_(layout.devices(), kIn) {
  const LoadSpec& l = w.load;
  for (uint32_t i = 0; i < std::max<uint32_t>(l.custom_pool, 1); ++i) {
    customs_.push_back("s" + std::to_string(i));
  }
  weight_total_ = uint64_t{l.set_weight} + l.logout_weight + l.silent_weight + l.closing_weight;
  const uint32_t n = w.total_accounts();
  for (uint32_t a = 0; a < n; ++a) {
    if (layout.DeviceCount(a) == 0) continue;
    if (layout.offline[a] != 0) {
      for (DeviceId d = layout.first_device[a]; d < layout.first_device[a + 1]; ++d)
        state_[d] = kOut;
      const auto at = static_cast<Millis>(storm_rng_.Below(static_cast<uint64_t>(l.storm_over)));
      queue_.Schedule(std::max(backend->now() + 1, l.storm_at + at), {kStorm, a});
      continue;
    }
    queue_.Schedule(backend->now() + Gap(a, backend->now()), {kAction, a});
  }
}

uint32_t ShapedWorkload::DiurnalPermille(Millis t) const {
  const LoadSpec& l = world_.load;
  const std::vector<uint32_t>& curve = l.diurnal_permille;
  const uint64_t points = curve.size();
  // Position in the period in units of 1/points of it, as an integer and a
  // remainder (all integer arithmetic: the same everywhere).
  const auto in_period = static_cast<uint64_t>(t % l.diurnal_period);
  const uint64_t scaled = in_period * points;
  const uint64_t i = scaled / static_cast<uint64_t>(l.diurnal_period);
  const uint64_t rest = scaled % static_cast<uint64_t>(l.diurnal_period);
  const int64_t a = curve[i];
  const int64_t b = curve[(i + 1) % points];
  return static_cast<uint32_t>(a + (b - a) * static_cast<int64_t>(rest) / l.diurnal_period);
}

Millis ShapedWorkload::Gap(AccountId a, Millis t) {
  Millis mean = world_.load.mean_gap;
  if (a >= world_.accounts && world_.celebrities[a - world_.accounts].mean_gap > 0) {
    mean = world_.celebrities[a - world_.accounts].mean_gap;
  }
  const auto span = static_cast<uint64_t>(2 * std::max<Millis>(mean, 1));
  const auto gap = 1 + static_cast<Millis>(rng_.Below(span));
  if (world_.load.diurnal_period <= 0) return gap;
  const uint32_t activity = std::max<uint32_t>(DiurnalPermille(t), 1);
  return std::max<Millis>(1, gap * 1000 / activity);
}

bool ShapedWorkload::Step() {
  const auto fired = queue_.PopDue(INT64_MAX);
  if (!fired) return false;
  backend_->AdvanceTo(fired->due);
  const AccountId a = fired->payload.target;
  const DeviceId first = layout_.FirstDevice(a);
  const uint32_t count = layout_.DeviceCount(a);
  if (fired->payload.kind == kStorm) {
    for (uint32_t j = 0; j < count; ++j) {
      if (state_[first + j] != kOut) continue;
      backend_->Login(first + j, a, static_cast<Platform>(layout_.platform[first + j]));
      state_[first + j] = kIn;
      ++counts_.storm_logins;
    }
  } else {
    const LoadSpec& l = world_.load;
    const DeviceId d = first + static_cast<uint32_t>(rng_.Below(count));
    const uint64_t roll = rng_.Below(weight_total_);
    switch (state_[d]) {
      case kIn:
        if (roll < l.set_weight) {
          backend_->SetSelfStatus(d, customs_[rng_.Below(customs_.size())]);
          ++counts_.sets;
        } else if (roll < uint64_t{l.set_weight} + l.logout_weight) {
          backend_->Logout(d);
          state_[d] = kOut;
          ++counts_.logouts;
        } else if (roll < uint64_t{l.set_weight} + l.logout_weight + l.silent_weight) {
          backend_->Disconnect(d, LossKind::kSilent);
          state_[d] = kLinkDown;
          ++counts_.silent;
        } else {
          backend_->Disconnect(d, LossKind::kClose);
          state_[d] = kLinkDown;
          ++counts_.closing;
        }
        break;
      case kOut:
        backend_->Login(d, a, static_cast<Platform>(layout_.platform[d]));
        state_[d] = kIn;
        ++counts_.logins;
        break;
      case kLinkDown:
        if (l.reconnect_percent >= 100 || rng_.Below(100) < l.reconnect_percent) {
          backend_->Reconnect(d);
          state_[d] = kIn;
          ++counts_.reconnects;
        } else {
          ++counts_.stayed_lost;
        }
        break;
    }
  }
  ++actions_;
  queue_.Schedule(fired->due + Gap(a, fired->due), {kAction, a});
  return true;
}

}  // namespace statussim::sim
