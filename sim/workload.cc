#include "sim/workload.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace statussim::sim {
namespace {

__extension__ typedef unsigned __int128 U128;

constexpr uint64_t kFnvPrime = 1099511628211ULL;

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// Independent streams for the parts of the world, so that changing one part
// (say K) leaves the others as they were.
enum Stream : uint64_t { kFriendStream = 1, kSubscriptionStream = 2, kWorkloadStream = 3 };
uint64_t StreamSeed(uint64_t seed, Stream s) { return seed * 0x9E3779B97F4A7C15ULL + s; }

}  // namespace

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

Rng::Rng(uint64_t seed) {
  for (uint64_t& s : s_) s = SplitMix64(&seed);
}

uint64_t Rng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

uint64_t Rng::Below(uint64_t n) {
  U128 m = static_cast<U128>(Next()) * n;
  auto low = static_cast<uint64_t>(m);
  if (low < n) {
    const uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<U128>(Next()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

std::string WorldAccountName(uint32_t i) { return "u" + std::to_string(i); }

Platform WorldPlatform(uint32_t slot) {
  static constexpr Platform kOrder[] = {Platform::kWeb, Platform::kAndroid, Platform::kIos,
                                        Platform::kWindows, Platform::kMac, Platform::kIpad};
  return slot < std::size(kOrder) ? kOrder[slot] : Platform::kWeb;
}

App WorldApp(const WorldSpec& w) {
  App app;
  app.premium = true;
  app.console.status_query_and_notify = true;
  app.console.friend_status_notify = true;
  app.console.web_max_instances = std::max<int64_t>(1, w.devices_per_account);
  app.params.subscription_cap =
      std::max<int64_t>(app.params.subscription_cap, w.subscriptions_per_account);
  return app;
}

void BuildWorld(Backend* backend, const WorldSpec& w, const Progress& progress) {
  const uint64_t n = w.accounts;
  const uint64_t devices = n * w.devices_per_account;
  backend->Reserve(n, devices);
  // Rough weights of the phases, for the progress callback.
  const double total = static_cast<double>(n * (2 + w.devices_per_account + w.friends_per_account) +
                                           n * w.subscriptions_per_account * 2);
  double done = 0;
  auto tick = [&](double work, uint64_t i) {
    if (progress != nullptr && (i & 0xFFFF) == 0) progress(std::min(1.0, (done + work) / total));
  };
  for (uint32_t a = 0; a < n; ++a) {
    backend->AddAccount(WorldAccountName(a));
    tick(2.0 * a, a);
  }
  done += 2.0 * static_cast<double>(n);
  for (uint32_t a = 0; a < n; ++a) {
    for (uint32_t j = 0; j < w.devices_per_account; ++j) {
      backend->Login(WorldDevice(w, a, j), a, WorldPlatform(j));
    }
    tick(static_cast<double>(a) * w.devices_per_account, a);
  }
  done += static_cast<double>(devices);
  if (n >= 2) {
    Rng rng(StreamSeed(w.seed, kFriendStream));
    for (uint32_t a = 0; a < n; ++a) {
      // About F/2 pairs started by each account; an odd F alternates.
      const uint32_t pairs = w.friends_per_account / 2 + (w.friends_per_account % 2 & (a % 2));
      for (uint32_t j = 0; j < pairs; ++j) {
        auto b = static_cast<AccountId>(rng.Below(n - 1));
        if (b >= a) ++b;
        backend->AddFriends(a, b);
      }
      tick(static_cast<double>(a) * w.friends_per_account, a);
    }
    done += static_cast<double>(n * w.friends_per_account);
  }
  const double subs_work = 2.0 * static_cast<double>(n * w.subscriptions_per_account);
  AddWorldSubscriptions(backend, w, [&](double f) {
    if (progress != nullptr) progress(std::min(1.0, (done + f * subs_work) / total));
  });
  if (progress != nullptr) progress(1.0);
}

void AddWorldSubscriptions(Backend* backend, const WorldSpec& w, const Progress& progress) {
  const uint32_t n = w.accounts;
  if (n < 2) return;
  Rng rng(StreamSeed(w.seed, kSubscriptionStream));
  std::vector<AccountId> targets(w.subscriptions_per_account);
  for (uint32_t s = 0; s < n; ++s) {
    for (AccountId& t : targets) {
      t = static_cast<AccountId>(rng.Below(n - 1));
      if (t >= s) ++t;
    }
    backend->SubscribeAccounts(s, targets);  // a repeat is a re-subscribe (SUB-9)
    if (progress != nullptr && (s & 0xFFFF) == 0) progress(static_cast<double>(s) / n);
  }
}

LogRecord* FlatLog::Append(size_t n) {
  if (size_ + n > capacity_) {
    const size_t cap = std::max(size_ + n, capacity_ * 2 + 1024);
    std::unique_ptr<LogRecord[]> grown(new LogRecord[cap]);
    std::copy(buffer_.get(), buffer_.get() + size_, grown.get());
    buffer_ = std::move(grown);
    capacity_ = cap;
  }
  LogRecord* out = buffer_.get() + size_;
  size_ += n;
  return out;
}

void FlatLog::Drain() {
  uint64_t h = hash_;
  for (const LogRecord& r : records()) {
    h = (h ^ (uint64_t{r.device} | uint64_t{r.account} << 32)) * kFnvPrime;
    h = (h ^ (uint64_t{r.type} | uint64_t{r.custom} << 32)) * kFnvPrime;
  }
  hash_ = h;
  delivered_ += size_;
  size_ = 0;
}

Workload::Workload(Backend* backend, const WorldSpec& w, const WorkloadSpec& spec)
    : backend_(backend),
      world_(w),
      spec_(spec),
      rng_(StreamSeed(w.seed, kWorkloadStream)),
      state_(static_cast<size_t>(w.accounts) * w.devices_per_account, kIn) {
  for (uint32_t i = 0; i < std::max<uint32_t>(spec.custom_pool, 1); ++i) {
    customs_.push_back("s" + std::to_string(i));
  }
  const auto span = static_cast<uint64_t>(2 * std::max<Millis>(spec.mean_gap, 1));
  for (uint32_t a = 0; a < w.accounts; ++a) {
    queue_.Schedule(backend->now() + 1 + static_cast<Millis>(rng_.Below(span)), {0, a});
  }
}

void Workload::Step() {
  if (world_.accounts == 0 || world_.devices_per_account == 0) return;
  const auto fired = queue_.PopDue(INT64_MAX);
  if (!fired) return;
  // The next action's account is the queue's top now, unless this action's
  // own reschedule comes first: its records are asked for while this action
  // runs (a random account is a cold one), its recipients' at the end.
  const TimerPayload* top = queue_.PeekPayload();
  const AccountId next = top != nullptr ? top->target : kNoId;
  if (next != kNoId) backend_->PrefetchAccount(next, WorldDevice(world_, next, 0));
  backend_->AdvanceTo(fired->due);
  const AccountId a = fired->payload.target;
  const auto slot = static_cast<uint32_t>(rng_.Below(world_.devices_per_account));
  const DeviceId d = WorldDevice(world_, a, slot);
  const auto roll = static_cast<uint32_t>(rng_.Below(100));
  switch (state_[d]) {
    case kIn:
      if (roll < spec_.set_percent) {
        backend_->SetSelfStatus(d, customs_[rng_.Below(customs_.size())]);
      } else if (roll < spec_.set_percent + (100 - spec_.set_percent) / 2) {
        backend_->Logout(d);
        state_[d] = kOut;
      } else {
        backend_->Disconnect(d, LossKind::kSilent);
        state_[d] = kLinkDown;
      }
      break;
    case kOut:
      backend_->Login(d, a, WorldPlatform(slot));
      state_[d] = kIn;
      break;
    case kLinkDown:
      backend_->Reconnect(d);
      state_[d] = kIn;
      break;
  }
  ++actions_;
  const auto span = static_cast<uint64_t>(2 * std::max<Millis>(spec_.mean_gap, 1));
  queue_.Schedule(fired->due + 1 + static_cast<Millis>(rng_.Below(span)), {0, a});
  if (next != kNoId) backend_->PrefetchRecipients(next);
}

}  // namespace statussim::sim
