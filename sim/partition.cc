#include "sim/partition.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace statussim::sim {
namespace {

// A broken invariant is a bug: abort loudly (STYLE.md).
#define PART_CHECK(cond)                                                                    \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      std::fprintf(stderr, "%s:%d: partition invariant violated: %s\n", __FILE__, __LINE__, \
                   #cond);                                                                  \
      std::abort();                                                                         \
    }                                                                                       \
  } while (0)

// The world's RNG streams, as sim/workload.cc derives them (kept equal there:
// the tests compare this run's delivery hash with the single-process one).
enum Stream : uint64_t { kFriendStream = 1, kSubscriptionStream = 2, kWorkloadStream = 3 };
uint64_t StreamSeed(uint64_t seed, Stream s) { return seed * 0x9E3779B97F4A7C15ULL + s; }

// sim::Workload's view of a device.
enum DeviceState : uint8_t { kIn, kOut, kLinkDown };

uint64_t Fin(uint64_t z) {  // splitmix64's output function
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint32_t HeaderLen(uint64_t header) { return static_cast<uint32_t>(header & 0xFF); }
uint32_t HeaderType(uint64_t header) { return static_cast<uint32_t>((header >> 8) & 0xFFFFFF); }
uint32_t HeaderAccount(uint64_t header) { return static_cast<uint32_t>(header >> 32); }

EventKey ActionKey(uint64_t due, uint64_t ordinal) {
  EventKey k;
  k.len = 3;
  k.w[0] = due;
  k.w[1] = 1;
  k.w[2] = ordinal;
  return k;
}

}  // namespace

uint32_t HomeRank(AccountId a, uint32_t ranks) {
  return static_cast<uint32_t>(Fin(uint64_t{a} + 0x5354415455535349ULL) % ranks);
}

bool KeyLess(const uint64_t* a, uint32_t a_len, const uint64_t* b, uint32_t b_len) {
  const uint32_t n = std::min(a_len, b_len);
  for (uint32_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return a[i] < b[i];
  }
  return a_len < b_len;
}

namespace {
bool EventLess(const EventKey& a, const EventKey& b) { return KeyLess(a.w, a.len, b.w, b.len); }
}  // namespace

PartitionRank::PartitionRank(const WorldSpec& w, const WorkloadSpec& spec, uint64_t changes,
                             uint32_t rank, uint32_t ranks)
    : world_(w),
      spec_(spec),
      target_(changes),
      rank_(rank),
      ranks_(ranks),
      backend_(WorldApp(w), &sink_),
      hash_(0),
      rng_(StreamSeed(w.seed, kWorkloadStream)) {
  PART_CHECK(ranks >= 1 && rank < ranks && w.accounts >= 1 && w.devices_per_account >= 1);
  const Params& p = backend_.app().params;
  // EventKey puts a timer due at t before every action due at t: only true
  // if no timer is due at the instant it is set.
  PART_CHECK(p.web_heartbeat_timeout > 0 && p.native_heartbeat_timeout > 0 &&
             p.offline_expiry > 0 && p.custom_status_clear_delay > 0 &&
             p.subscription_clear_delay > 0);
  done_ = target_ == 0;  // `statussim scale --changes 0` runs no action
}

void PartitionRank::Build() {
  const uint32_t n = world_.accounts;
  const uint32_t d = world_.devices_per_account;
  local_of_.assign(n, kNoId);
  for (uint32_t a = 0; a < n; ++a) {
    if (HomeRank(a, ranks_) != rank_) continue;
    local_of_[a] = static_cast<uint32_t>(global_of_.size());
    global_of_.push_back(a);
  }
  const size_t locals = global_of_.size();
  backend_.Reserve(locals, locals * d);
  hash_ = DeliveryHash(locals * d);
  for (uint32_t a : global_of_) backend_.AddAccount(WorldAccountName(a));
  building_ = true;  // BuildWorld's logins, in its order (nothing is pushed: one account each)
  for (uint32_t i = 0; i < locals; ++i) {
    for (uint32_t j = 0; j < d; ++j) backend_.Login(LocalDevice(i, j), i, WorldPlatform(j));
  }
  building_ = false;
  live_receives_.resize(locals * d);
  for (uint32_t ld = 0; ld < locals * d; ++ld) live_receives_[ld] = backend_.Receives(ld);
  receives_ = live_receives_;
  cleared_.assign(locals, 0);
  epochs_.assign(locals, 0);
  BuildFriends();
  BuildSubscriptions();

  // Workload's constructor.
  device_state_.assign(static_cast<size_t>(n) * d, kIn);
  for (uint32_t i = 0; i < std::max<uint32_t>(spec_.custom_pool, 1); ++i) {
    customs_.push_back("s" + std::to_string(i));
  }
  const auto span = static_cast<uint64_t>(2 * std::max<Millis>(spec_.mean_gap, 1));
  for (uint32_t a = 0; a < n; ++a) {
    actions_.Schedule(backend_.now() + 1 + static_cast<Millis>(rng_.Below(span)), {0, a});
  }
  changes_before_ = backend_.changes();
  timers_before_ = backend_.next_timer_id();
}

// BuildWorld's friend pairs, drawn in full twice (count, then fill): a
// repeated pair is harmless here, EVT-4 delivers once per account anyway.
void PartitionRank::BuildFriends() {
  const uint32_t n = world_.accounts;
  friend_begin_.assign(n + 1, 0);
  if (n < 2 || world_.friends_per_account == 0) return;
  for (int pass = 0; pass < 2; ++pass) {
    Rng rng(StreamSeed(world_.seed, kFriendStream));
    std::vector<uint64_t> fill;
    if (pass == 1) {
      for (uint32_t t = 0; t < n; ++t) friend_begin_[t + 1] += friend_begin_[t];
      friends_.resize(friend_begin_[n]);
      fill.assign(friend_begin_.begin(), friend_begin_.end() - 1);
    }
    auto edge = [&](uint32_t target, uint32_t friend_account) {
      const uint32_t local = local_of_[friend_account];
      if (local == kNoId) return;
      if (pass == 0) {
        ++friend_begin_[target + 1];
      } else {
        friends_[fill[target]++] = local;
      }
    };
    for (uint32_t a = 0; a < n; ++a) {
      const uint32_t pairs =
          world_.friends_per_account / 2 + (world_.friends_per_account % 2 & (a % 2));
      for (uint32_t j = 0; j < pairs; ++j) {
        auto b = static_cast<AccountId>(rng.Below(n - 1));
        if (b >= a) ++b;
        edge(a, b);
        edge(b, a);
      }
    }
  }
}

// AddWorldSubscriptions's edges: subscriber s's K targets (a repeat is a
// re-subscribe in one process, and delivers once here by EVT-4); the cap is
// at least K (WorldApp), so nothing is evicted.
void PartitionRank::BuildSubscriptions() {
  const uint32_t n = world_.accounts;
  sub_begin_.assign(n + 1, 0);
  if (n < 2 || world_.subscriptions_per_account == 0) return;
  PART_CHECK(backend_.app().params.subscription_cap >= world_.subscriptions_per_account);
  for (int pass = 0; pass < 2; ++pass) {
    Rng rng(StreamSeed(world_.seed, kSubscriptionStream));
    std::vector<uint64_t> fill;
    if (pass == 1) {
      for (uint32_t t = 0; t < n; ++t) sub_begin_[t + 1] += sub_begin_[t];
      subs_.resize(sub_begin_[n]);
      fill.assign(sub_begin_.begin(), sub_begin_.end() - 1);
    }
    for (uint32_t s = 0; s < n; ++s) {
      const uint32_t local = local_of_[s];
      for (uint32_t j = 0; j < world_.subscriptions_per_account; ++j) {
        auto t = static_cast<AccountId>(rng.Below(n - 1));
        if (t >= s) ++t;
        if (local == kNoId) continue;
        if (pass == 0) {
          ++sub_begin_[t + 1];
        } else {
          subs_[fill[t]++] = local;
        }
      }
    }
  }
}

void PartitionRank::RunWindow(Millis window_end, std::vector<uint64_t>* out) {
  events_.clear();
  items_.clear();
  window_actions_.clear();
  if (done_) return;
  ++stats_.windows;
  const size_t words_before = out->size();
  for (;;) {
    const Millis action_due = *actions_.NextDue();  // one pending action per account
    const std::optional<Millis> timer_due = backend_.NextTimerDue();
    if (timer_due && *timer_due <= action_due) {  // Workload::Step advances the backend first
      if (!end_pending_ && *timer_due >= window_end) break;
      RunTimer(out);
      continue;
    }
    if (!end_pending_ && action_due >= window_end) break;
    RunAction(out);
    if (end_pending_) {  // that was the last action of the run
      end_key_ = ActionKey(window_actions_[window_actions_.size() - 2], window_actions_.back());
      has_end_ = true;
      break;
    }
  }
  stats_.words_sent += out->size() - words_before;
}

// Workload::Step, for every account; the backend acts for this rank's.
void PartitionRank::RunAction(std::vector<uint64_t>* out) {
  const auto fired = actions_.PopDue(INT64_MAX);
  const Millis due = fired->due;
  const AccountId a = fired->payload.target;
  const uint32_t d_per_a = world_.devices_per_account;
  const auto slot = static_cast<uint32_t>(rng_.Below(d_per_a));
  const size_t d = static_cast<size_t>(a) * d_per_a + slot;
  const auto roll = static_cast<uint32_t>(rng_.Below(100));
  Action act = kSet;
  uint64_t custom = 0;
  switch (device_state_[d]) {
    case kIn:
      if (roll < spec_.set_percent) {
        act = kSet;
        custom = rng_.Below(customs_.size());
      } else if (roll < spec_.set_percent + (100 - spec_.set_percent) / 2) {
        act = kLogout;
        device_state_[d] = kOut;
      } else {
        act = kLose;
        device_state_[d] = kLinkDown;
      }
      break;
    case kOut:
      act = kLogin;
      device_state_[d] = kIn;
      break;
    default:
      act = kReconnect;
      device_state_[d] = kIn;
      break;
  }
  const uint64_t ordinal = next_action_++;
  const auto span = static_cast<uint64_t>(2 * std::max<Millis>(spec_.mean_gap, 1));
  actions_.Schedule(due + 1 + static_cast<Millis>(rng_.Below(span)), {0, a});
  window_actions_.push_back(static_cast<uint64_t>(due));
  window_actions_.push_back(ordinal);

  const uint32_t local = local_of_[a];
  if (local == kNoId) return;
  BeginEvent(ActionKey(static_cast<uint64_t>(due), ordinal));
  const std::optional<Millis> timer_due = backend_.NextTimerDue();
  PART_CHECK(!timer_due || *timer_due > due);  // every earlier timer ran as its own event
  backend_.AdvanceTo(due);
  const DeviceId ld = LocalDevice(local, slot);
  switch (act) {
    case kSet:
      backend_.SetSelfStatus(ld, customs_[custom]);
      break;
    case kLogout:
      backend_.Logout(ld);
      break;
    case kLose:
      backend_.Disconnect(ld, LossKind::kSilent);
      break;
    case kLogin:
      backend_.Login(ld, local, WorldPlatform(slot));
      break;
    case kReconnect:
      backend_.Reconnect(ld);
      break;
  }
  EndEvent(local, false, out);
}

void PartitionRank::RunTimer(std::vector<uint64_t>* out) {
  BeginEvent(EventKey{});
  const std::optional<Backend::TimerRun> run = backend_.RunNextTimer(INT64_MAX);
  PART_CHECK(run.has_value());
  const auto it = timer_keys_.find(run->id);
  PART_CHECK(it != timer_keys_.end());
  EventKey& key = events_.back();
  key.w[0] = static_cast<uint64_t>(run->due);
  std::copy(it->second.w, it->second.w + it->second.len, key.w + 1);
  key.len = it->second.len + 1;
  timer_keys_.erase(it);
  PART_CHECK(events_.size() < 2 || EventLess(events_[events_.size() - 2], key));
  EndEvent(run->account, run->cleared_subscriptions, out);  // a local account
}

void PartitionRank::BeginEvent(const EventKey& key) {
  PART_CHECK(key.len == 0 || events_.empty() || EventLess(events_.back(), key));
  events_.push_back(key);
  timers_before_ = backend_.next_timer_id();
  changes_before_ = backend_.changes();
  ++stats_.local_events;
}

void PartitionRank::EndEvent(uint32_t local, bool cleared, std::vector<uint64_t>* out) {
  const EventKey& key = events_.back();
  const auto event = static_cast<uint32_t>(events_.size() - 1);
  // Timers this event set: their keys, but for the due time.
  const TimerId timers_after = backend_.next_timer_id();
  for (TimerId id = timers_before_; id < timers_after; ++id) {
    PART_CHECK(key.len + 3 <= EventKey::kMaxWords);
    EventKey& k = timer_keys_[id];
    k.w[0] = 0;
    std::copy(key.w, key.w + key.len, k.w + 1);
    k.w[key.len + 1] = id - timers_before_;
    k.len = key.len + 2;
  }
  for (uint32_t j = 0; j < world_.devices_per_account; ++j) {
    const uint32_t ld = LocalDevice(local, j);
    const uint8_t now = backend_.Receives(ld) ? 1 : 0;
    if (now == live_receives_[ld]) continue;
    live_receives_[ld] = now;
    items_.push_back(Item{event, now ? kReceive : kStopReceive, ld, kNoId, 0, 0});
  }
  if (cleared) items_.push_back(Item{event, kClear, local, kNoId, 0, 0});
  const uint64_t changed = backend_.changes() - changes_before_;
  PART_CHECK(changed <= 1);  // one operation, one change at most (STA-7)
  if (changed == 0) return;
  ++stats_.local_changes;
  const AccountId a = global_of_[local];
  const auto type = static_cast<uint64_t>(backend_.StatusOf(local));
  out->push_back(uint64_t{key.len} | type << 8 | uint64_t{a} << 32);
  out->insert(out->end(), key.w, key.w + key.len);
  out->push_back(CustomHash(backend_.CustomOf(local)));
}

uint64_t PartitionRank::CustomHashOf(uint32_t interned) {
  while (custom_hashes_.size() <= interned) {
    custom_hashes_.push_back(
        CustomHash(backend_.CustomText(static_cast<uint32_t>(custom_hashes_.size()))));
  }
  return custom_hashes_[interned];
}

void PartitionRank::Record(const Item& item) {
  if (building_) {
    Apply(item);
    return;
  }
  items_.push_back(item);
}

void PartitionRank::Sink::OnStatus(DeviceId device, const StatusItem& item) {
  const DeviceId one[] = {device};
  OnStatusBatch(one, item);
}

void PartitionRank::Sink::OnStatusBatch(std::span<const DeviceId> devices, const StatusItem& item) {
  const auto event = static_cast<uint32_t>(rank_->events_.size() - (rank_->building_ ? 0 : 1));
  const uint32_t account = rank_->global_of_[item.account];
  const uint64_t custom = rank_->CustomHashOf(item.custom);
  for (DeviceId d : devices) {
    rank_->Record(Item{event, kPush, d, account, static_cast<uint32_t>(item.type), custom});
  }
}

void PartitionRank::Sink::OnKicked(DeviceId device, KickType type) {
  const auto event = static_cast<uint32_t>(rank_->events_.size() - (rank_->building_ ? 0 : 1));
  rank_->Record(Item{event, kKick, device, kNoId, 16u + static_cast<uint32_t>(type), 0});
}

void PartitionRank::Apply(const Item& item) {
  switch (item.kind) {
    case kPush:
    case kKick:
      hash_.Add(item.index, item.account, item.type, item.custom);
      if (!building_) ++stats_.deliveries;
      break;
    case kReceive:
      receives_[item.index] = 1;
      break;
    case kStopReceive:
      receives_[item.index] = 0;
      break;
    case kClear:
      cleared_[item.index] = 1;
      break;
  }
}

bool PartitionRank::Deliver(std::span<const uint64_t> all) {
  if (done_) return true;
  std::vector<const uint64_t*> records;
  for (size_t p = 0; p < all.size(); p += 2 + HeaderLen(all[p])) records.push_back(&all[p]);
  std::sort(records.begin(), records.end(), [](const uint64_t* a, const uint64_t* b) {
    return KeyLess(a + 1, HeaderLen(a[0]), b + 1, HeaderLen(b[0]));
  });
  if (!has_end_ && !end_pending_ && stats_.changes + records.size() >= target_) {
    // The C-th change: the single-process loop stops after the Step that
    // made it, i.e. after the first action at or after it.
    const uint64_t* c = records[target_ - stats_.changes - 1];
    for (size_t i = 0; i < window_actions_.size(); i += 2) {
      const EventKey k = ActionKey(window_actions_[i], window_actions_[i + 1]);
      if (!KeyLess(k.w, k.len, c + 1, HeaderLen(c[0]))) {
        end_key_ = k;
        has_end_ = true;
        break;
      }
    }
    if (!has_end_) end_pending_ = true;  // it is the next window's first action
  }
  size_t event = 0;
  size_t item = 0;
  auto apply_events_before = [&](const uint64_t* key, uint32_t len) {
    while (event < events_.size() && KeyLess(events_[event].w, events_[event].len, key, len)) {
      for (; item < items_.size() && items_[item].event == event; ++item) Apply(items_[item]);
      ++event;
    }
  };
  for (const uint64_t* r : records) {
    const uint32_t len = HeaderLen(r[0]);
    if (has_end_ && KeyLess(end_key_.w, end_key_.len, r + 1, len)) break;
    apply_events_before(r + 1, len);
    FanOut(r);
    ++stats_.changes;
  }
  if (has_end_) {
    // Own events up to and including the last one of the run.
    while (event < events_.size() &&
           !KeyLess(end_key_.w, end_key_.len, events_[event].w, events_[event].len)) {
      for (; item < items_.size() && items_[item].event == event; ++item) Apply(items_[item]);
      ++event;
    }
    stats_.end_time = static_cast<Millis>(end_key_.w[0]);
    stats_.actions = end_key_.w[2] + 1;  // the last action's number (an action key)
    done_ = true;
    return true;
  }
  for (; item < items_.size(); ++item) Apply(items_[item]);
  return false;
}

// EVT-2..4 of one change for the recipients that live on this rank; its own
// instances (EVT-1) were pushed by the home rank's backend.
void PartitionRank::FanOut(const uint64_t* record) {
  const App& app = backend_.app();
  if (!app.premium || !app.console.status_query_and_notify) return;  // GATE-1, GATE-2
  const uint32_t len = HeaderLen(record[0]);
  const uint32_t account = HeaderAccount(record[0]);
  const uint32_t type = HeaderType(record[0]);
  const uint64_t custom = record[1 + len];
  ++epoch_;
  const uint32_t self = local_of_[account];
  if (self != kNoId) epochs_[self] = epoch_;  // never its own recipient
  for (uint64_t i = sub_begin_[account]; i < sub_begin_[account + 1]; ++i) {
    const uint32_t s = subs_[i];
    if (!cleared_[s]) Reach(s, account, type, custom);  // CLR-4: no longer subscribed
  }
  if (app.console.friend_status_notify) {  // GATE-3
    for (uint64_t i = friend_begin_[account]; i < friend_begin_[account + 1]; ++i) {
      Reach(friends_[i], account, type, custom);
    }
  }
}

void PartitionRank::Reach(uint32_t local, uint32_t account, uint32_t type, uint64_t custom) {
  if (epochs_[local] == epoch_) return;  // EVT-4: one item per account
  epochs_[local] = epoch_;
  for (uint32_t j = 0; j < world_.devices_per_account; ++j) {
    const uint32_t ld = LocalDevice(local, j);
    if (receives_[ld] == 0) continue;  // EVT-5: connected instances only
    hash_.Add(ld, account, type, custom);
    ++stats_.deliveries;
  }
}

uint64_t PartitionRank::DeliveryHashPart() const {
  uint64_t sum = 0;
  const uint32_t d = world_.devices_per_account;
  for (size_t ld = 0; ld < hash_.devices(); ++ld) {
    const auto device = static_cast<DeviceId>(global_of_[ld / d] * d + ld % d);
    sum += DeliveryMix(device, hash_.device_hash(ld));
  }
  return sum;
}

uint64_t RunPartitionedInProcess(const WorldSpec& w, const WorkloadSpec& spec, uint64_t changes,
                                 uint32_t ranks, Millis window, PartitionStats* total) {
  std::vector<std::unique_ptr<PartitionRank>> parts;
  for (uint32_t r = 0; r < ranks; ++r) {
    parts.push_back(std::make_unique<PartitionRank>(w, spec, changes, r, ranks));
    parts.back()->Build();
  }
  std::vector<uint64_t> all;
  for (Millis end = window; !parts[0]->done(); end += window) {
    all.clear();
    for (auto& p : parts) p->RunWindow(end, &all);
    bool done = true;
    for (auto& p : parts) done = p->Deliver(all) && done;
    PART_CHECK(done == parts[0]->done());
  }
  uint64_t hash = 0;
  if (total != nullptr) *total = PartitionStats{};
  for (auto& p : parts) {
    hash += p->DeliveryHashPart();
    if (total == nullptr) continue;
    const PartitionStats& s = p->stats();
    total->changes = s.changes;
    total->deliveries += s.deliveries;
    total->local_changes += s.local_changes;
    total->local_events += s.local_events;
    total->actions = s.actions;
    total->windows = s.windows;
    total->words_sent += s.words_sent;
    total->end_time = s.end_time;
  }
  return hash;
}

}  // namespace statussim::sim
