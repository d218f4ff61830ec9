#include "sim/backend.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace statussim::sim {
namespace {

// A broken invariant inside the model is a bug: abort loudly (STYLE.md).
#define SIM_CHECK(cond)                                                                   \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: model invariant violated: %s\n", __FILE__, __LINE__, \
                   #cond);                                                                \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

// Appends to an index list growing it by a quarter (not doubling): the two
// subscription indexes are most of a large world's memory, and a quarter
// keeps their unused capacity near 10% for a few more reallocations.
void PushCompact(std::vector<AccountId>& list, AccountId id) {
  if (list.size() == list.capacity()) list.reserve(list.size() + list.size() / 4 + 4);
  list.push_back(id);
}

// The first `id` in [first, last), or last: std::find for the subscription
// lists, which are scanned at every (un)subscribe (SUB-9: a re-subscribe
// moves the ID) and hold up to subscription_cap IDs. With SSE2 it compares
// 16 IDs per step; the answer is the same position.
std::vector<AccountId>::iterator FindId(std::vector<AccountId>& list, AccountId id) {
  const AccountId* p = list.data();
  const size_t n = list.size();
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i key = _mm_set1_epi32(static_cast<int>(id));
  for (; i + 16 <= n; i += 16) {
    const auto* v = reinterpret_cast<const __m128i*>(p + i);
    const __m128i e0 = _mm_cmpeq_epi32(_mm_loadu_si128(v), key);
    const __m128i e1 = _mm_cmpeq_epi32(_mm_loadu_si128(v + 1), key);
    const __m128i e2 = _mm_cmpeq_epi32(_mm_loadu_si128(v + 2), key);
    const __m128i e3 = _mm_cmpeq_epi32(_mm_loadu_si128(v + 3), key);
    if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(e0, e1), _mm_or_si128(e2, e3))) != 0) break;
  }
#endif
  for (; i < n; ++i) {
    if (p[i] == id) break;
  }
  return list.begin() + static_cast<std::ptrdiff_t>(i);
}

// Asks for transparent huge pages under a large array that is read at
// random (an account record per subscribe or recipient): one TLB entry per
// 2 MiB instead of per 4 KiB. Only the whole 2 MiB pages inside it, and
// only advice: where THP is off, nothing changes. Called before the array is
// first written, so that the pages are huge from the first fault.
void AdviseHugePages(const void* p, size_t bytes) {
#if defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const auto at = reinterpret_cast<uintptr_t>(p);
  const uintptr_t begin = (at + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = (at + bytes) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

int KickCode(KickType k) {
  return k == KickType::kMultipleAccount ? code::kKickedAccount : code::kKickedDevice;
}

}  // namespace

Backend::Backend(App app, PushSink* sink, Fault fault, RuleCounts* exercise)
    : app_(app), sink_(sink), fault_(fault), exercise_(exercise) {
  split_batches_ = sink_ != nullptr && sink_->TakesSplitBatches();
  customs_.Intern("");  // custom status 0 is ''
  if (exercise_ != nullptr) CountParams(app_);
  app_ = Effective(app);
}

App Backend::Effective(const App& app) const {
  static constexpr std::array<std::pair<Fault, int64_t Params::*>, 11> kIgnored = {{
      {Fault::kIgnoresWebHeartbeatTimeout, &Params::web_heartbeat_timeout},
      {Fault::kIgnoresNativeHeartbeatTimeout, &Params::native_heartbeat_timeout},
      {Fault::kIgnoresOfflineExpiry, &Params::offline_expiry},
      {Fault::kIgnoresCustomStatusMaxBytes, &Params::custom_status_max_bytes},
      {Fault::kIgnoresGetMaxUsers, &Params::get_max_users},
      {Fault::kIgnoresSubscribeMaxUsers, &Params::subscribe_max_users},
      {Fault::kIgnoresSubscriptionCap, &Params::subscription_cap},
      {Fault::kIgnoresRateCount, &Params::rate_count},
      {Fault::kIgnoresRateWindow, &Params::rate_window},
      {Fault::kIgnoresCustomStatusClearDelay, &Params::custom_status_clear_delay},
      {Fault::kIgnoresSubscriptionClearDelay, &Params::subscription_clear_delay},
  }};
  if (fault_ == Fault::kNone) return app;
  App out = app;
  for (const auto& [f, field] : kIgnored) {
    if (Has(f)) out.params.*field = Params{}.*field;
  }
  if (Has(Fault::kIgnoresWebMaxInstances)) {
    out.console.web_max_instances = Console{}.web_max_instances;
  }
  return out;
}

// exercised: PAR-2, once per parameter or console limit set to a value other
// than SPEC's default, when the app is set (at the start or by a configure).
void Backend::CountParams(const App& app) {
  const Params defaults;
  for (const ParamInfo& p : AllParams()) {
    if (app.params.*p.field != defaults.*p.field) Exercised(Rule::kPar2);
  }
  if (app.console.web_max_instances != Console{}.web_max_instances) Exercised(Rule::kPar2);
}

void Backend::Reserve(size_t accounts, size_t devices) {
  accounts_.reserve(accounts);
  fan_.reserve(accounts);
  account_names_.Reserve(accounts);
  devices_.reserve(devices);
  state_.reserve(devices);
  AdviseHugePages(accounts_.data(), accounts_.capacity() * sizeof(Account));
  AdviseHugePages(fan_.data(), fan_.capacity() * sizeof(FanoutEntry));
  AdviseHugePages(devices_.data(), devices_.capacity() * sizeof(Device));
}

void Backend::Configure(const App& app) {
  const App old = app_;
  Exercised(Rule::kGate4);  // exercised: every configure (it applies from now on)
  if (exercise_ != nullptr) CountParams(app);
  app_ = Effective(app);
  if (fault_ != Fault::kNone) ConfigureMutant(old);
}

void Backend::ConfigureMutant(const App& old) {
  if (Has(Fault::kLoweredCapEvictsAtOnce)) {
    const auto cap = static_cast<size_t>(std::max<int64_t>(app_.params.subscription_cap, 0));
    for (AccountId s = 0; s < accounts_.size(); ++s) {
      while (accounts_[s].subscriptions.size() > cap) {
        RemoveSubscription(s, accounts_[s].subscriptions.front());
      }
    }
  }
  if (Has(Fault::kSwitchOffDropsSubscriptions) && old.console.status_query_and_notify &&
      !app_.console.status_query_and_notify) {
    for (AccountId s = 0; s < accounts_.size(); ++s) ClearSubscriptions(s);
  }
  if (Has(Fault::kConfigureMovesTimers)) {
    for (AccountId a = 0; a < accounts_.size(); ++a) {
      Account& acc = accounts_[a];
      if (acc.clear_custom_timer != 0 &&
          old.params.custom_status_clear_delay != app_.params.custom_status_clear_delay) {
        timers_.Cancel(acc.clear_custom_timer);
        acc.clear_custom_timer =
            timers_.Schedule(now_ + app_.params.custom_status_clear_delay, {kClearCustom, a});
      }
      if (acc.clear_subs_timer != 0 &&
          old.params.subscription_clear_delay != app_.params.subscription_clear_delay) {
        timers_.Cancel(acc.clear_subs_timer);
        acc.clear_subs_timer =
            timers_.Schedule(now_ + app_.params.subscription_clear_delay, {kClearSubscriptions, a});
      }
    }
  }
  if (Has(Fault::kLoweredWebLimitKicksAtOnce)) {
    for (AccountId a = 0; a < accounts_.size(); ++a) {
      DeviceId newest = kNoId;
      for (DeviceId d : fan_[a].devices) {
        if (WebLike(devices_[d].platform) &&
            (newest == kNoId || devices_[d].login_seq > devices_[newest].login_seq)) {
          newest = d;
        }
      }
      if (newest != kNoId) EnforceInstanceLimits(newest);
    }
  }
}

AccountId Backend::AddAccount(std::string_view user_id) {
  AccountId a = account_names_.Intern(user_id);
  if (a == accounts_.size()) {
    accounts_.emplace_back();
    fan_.emplace_back();
  }
  return a;
}

// GET-7, SUB-6, UNS-5: an ID names an account only if it is a string naming one.
std::optional<AccountId> Backend::AccountOfId(const Value& id) const {
  if (!id.is_string()) return std::nullopt;
  return FindAccount(id.as_string());
}

std::optional<AccountId> Backend::FindAccount(std::string_view user_id) const {
  return account_names_.Find(user_id);
}

void Backend::AddFriends(AccountId a, AccountId b) {
  SIM_CHECK(a != b && a < accounts_.size() && b < accounts_.size());
  auto& fa = accounts_[a].friends;
  if (std::find(fa.begin(), fa.end(), b) != fa.end()) return;
  fa.push_back(b);
  if (Has(Fault::kFriendshipOneWay)) return;
  accounts_[b].friends.push_back(a);
}

void Backend::AddDevices(size_t count) {
  devices_.resize(count);
  state_.resize(count, InstanceState::kNone);
}

AccountId Backend::AccountOfDevice(DeviceId d) const {
  return d < devices_.size() ? devices_[d].account : kNoId;
}

// STA-2, STA-3, STA-6.
StatusType Backend::StatusOf(AccountId a) const {
  if (fault_ != Fault::kNone) [[unlikely]] {
    return MutantStatusOf(a);
  }
  const Account& acc = accounts_[a];
  if (acc.counting > 0) return StatusType::kOnline;
  if (acc.offline_holders > 0) return StatusType::kOffline;
  return StatusType::kUnlogined;
}

StatusType Backend::MutantStatusOf(AccountId a) const {
  const Account& acc = accounts_[a];
  if (Has(Fault::kNeverLoggedInIsUnknown) && !acc.ever_logged_in) return StatusType::kUnknown;
  if (Has(Fault::kStatusFromLatestInstance) && !fan_[a].devices.empty()) {
    const DeviceId latest = *(fan_[a].devices.end() - 1);
    return state_[latest] == InstanceState::kLostNoticed ? StatusType::kOffline
                                                         : StatusType::kOnline;
  }
  if (Has(Fault::kOfflineHolderBeatsOnline) && acc.offline_holders > 0) return StatusType::kOffline;
  if (acc.counting > 0) return StatusType::kOnline;
  if (acc.offline_holders > 0 && !Has(Fault::kNeverOffline)) return StatusType::kOffline;
  if (Has(Fault::kLoggedOutIsOffline) && acc.ever_logged_in) return StatusType::kOffline;
  return StatusType::kUnlogined;
}

// ---------------------------------------------------------------- fan-out

void Backend::CollectAccount(AccountId a, DeviceId exclude) {
  const bool lost_receive = Has(Fault::kLostInstancesReceive);
  for (DeviceId d : fan_[a].devices) {
    // EVT-5: only connected instances receive; nothing is queued.
    const InstanceState st = state_[d];
    const bool receives =
        st == InstanceState::kConnected || (st == InstanceState::kLost && lost_receive);
    if (d != exclude && receives) recipients_.push_back(d);
  }
}

// The recipients of one change are gathered in push order, then handed to
// the sink in one call (or, for a sink that takes split batches, in parts of
// about kBatchPart as they fill, see CollectList).
void Backend::Finish(AccountId a, Pair before, DeviceId exclude, bool force_own) {
  if (merging_) {  // kSameInstantTimersMerged: compared once, after the instant
    for (const auto& [m, b] : merged_) {
      if (m == a) return;
    }
    merged_.emplace_back(a, before);
    return;
  }
  const Pair after = PairOf(a);
  bool changed = !(after == before);  // STA-7
  if (Has(Fault::kTypeOnlyCompared)) changed = after.type != before.type;
  if (!changed && !force_own) return;
  const StatusItem item{a, after.type,
                        Has(Fault::kItemCarriesOldCustom) ? before.custom : after.custom};
  if (exercise_ != nullptr) CountFanout(a, before, after, exclude, force_own);
  recipients_.set_size(0);
  // EVT-1 / SET-6: own instances first. A forced push (SET-6) reaches every
  // connected instance, the caller included (its callers pass kNoId).
  if (!Has(Fault::kOwnPushesNeedTier) || app_.premium) {
    CollectAccount(a, Has(Fault::kCauseReceivesOwnChange) ? kNoId : exclude);
  }
  // SET-6: an unchanged value reaches nobody else.
  if (changed || Has(Fault::kUnchangedSetReachesSubscribers)) {
    ++changes_;
    const bool tier = app_.premium || Has(Fault::kPushesIgnoreTier);  // GATE-1
    if (tier &&
        (app_.console.status_query_and_notify || Has(Fault::kPushesIgnoreSwitch))) {  // GATE-2
      ++epoch_;
      fan_[a].epoch = epoch_;  // never deliver to the account itself twice
      // EVT-2: subscribers, then EVT-3: friends; EVT-4: one item per account.
      CollectList(accounts_[a].subscribers, true, item);
      if (app_.console.friend_status_notify || Has(Fault::kFriendsWithoutFriendSwitch)) {  // GATE-3
        CollectList(accounts_[a].friends, !Has(Fault::kSubscribedFriendGetsTwo), item);
      }
    }
  }
  if (Has(Fault::kPushesQueuedForLost)) QueueForLost(a, item, exclude);
  if (!recipients_.empty()) sink_->OnStatusBatch(recipients_.span(), item);
}

// The planted queue (kPushesQueuedForLost): every lost instance that the
// change would reach if it were connected gets the item at its reconnect.
void Backend::QueueForLost(AccountId a, const StatusItem& item, DeviceId exclude) {
  auto queue = [&](AccountId r) {
    for (DeviceId d : fan_[r].devices) {
      if (state_[d] == InstanceState::kLost && d != exclude) queued_.emplace_back(d, item);
    }
  };
  queue(a);
  if (!(app_.premium && app_.console.status_query_and_notify)) return;
  for (AccountId r : accounts_[a].subscribers) queue(r);
  if (app_.console.friend_status_notify) {
    for (AccountId r : accounts_[a].friends) queue(r);
  }
}

// The recipients are scattered over memory, so the loop runs a two-stage
// software pipeline: the account kAhead recipients ahead is fetched, and the
// device records of the one kAhead / 2 ahead (whose account line has arrived
// by then). Without it each recipient costs a few dependent cache misses in
// a row. The instances are appended through a pointer, with room made once
// per account rather than checked per instance.
void Backend::CollectList(std::span<const AccountId> list, bool once, const StatusItem& item) {
  constexpr size_t kAhead = 16;
  const size_t n = list.size();
  const AccountId* ids = list.data();
  const bool lost_receive = Has(Fault::kLostInstancesReceive);
  const bool first_only = Has(Fault::kOneSubscriberInstanceNotified);
  const bool pipeline = n > 2 * kAhead;  // short lists: not worth the extra work
  size_t size = recipients_.size();
  // Room for two instances per account (the usual most), up to a part.
  recipients_.Reserve(split_batches_ ? std::min(size + 2 * n, kBatchPart + 2) : size + 2 * n);
  DeviceId* out = recipients_.data();
  // The loop is compiled four times, with and without the pipeline and the
  // planted faults' tests, so that the usual case (a few recipients of the
  // reference model) runs neither.
  auto gather = [&](auto pipelined, auto plain) {
    for (size_t i = 0; i < n; ++i) {
      if constexpr (pipelined) {
        if (i + kAhead < n) __builtin_prefetch(&fan_[ids[i + kAhead]]);
        if (i + kAhead / 2 < n) {
          // An account's instances are usually neighbours: the first one's
          // state line is enough.
          const SmallIdList& ahead = fan_[ids[i + kAhead / 2]].devices;
          if (!ahead.empty()) __builtin_prefetch(&state_[*ahead.data()]);
        }
      }
      FanoutEntry& entry = fan_[ids[i]];
      if (once && entry.epoch == epoch_) continue;
      entry.epoch = epoch_;
      if (size + entry.devices.size() > recipients_.capacity()) [[unlikely]] {
        if (split_batches_ && size > 0) {  // a full part goes to the sink
          sink_->OnStatusBatch({out, size}, item);
          size = 0;
        }
        recipients_.set_size(size);
        recipients_.Reserve(size + entry.devices.size());
        out = recipients_.data();
      }
      for (DeviceId d : entry.devices) {
        // EVT-5: only connected instances receive; nothing is queued.
        const InstanceState st = state_[d];
        if constexpr (plain) {
          out[size] = d;  // kept only if it receives
          size += st == InstanceState::kConnected ? 1 : 0;
        } else if (st == InstanceState::kConnected ||
                   (st == InstanceState::kLost && lost_receive)) {
          out[size++] = d;
          if (first_only) break;
        }
      }
    }
  };
  using Yes = std::true_type;
  using No = std::false_type;
  const bool plain = !lost_receive && !first_only;
  if (pipeline) {
    plain ? gather(Yes{}, Yes{}) : gather(Yes{}, No{});
  } else {
    plain ? gather(No{}, Yes{}) : gather(No{}, No{});
  }
  recipients_.set_size(size);
}

void Backend::PrefetchAccount(AccountId a, DeviceId first_device) const {
  if (a >= accounts_.size()) return;
  __builtin_prefetch(&accounts_[a]);
  __builtin_prefetch(&fan_[a]);
  if (first_device < devices_.size()) {
    __builtin_prefetch(&devices_[first_device]);
    __builtin_prefetch(&state_[first_device]);
  }
}

void Backend::PrefetchRecipients(AccountId a) const {
  if (a >= accounts_.size()) return;
  constexpr size_t kMost = 32;  // longer lists prefetch themselves (CollectList)
  for (const std::vector<AccountId>* list : {&accounts_[a].subscribers, &accounts_[a].friends}) {
    const size_t n = std::min(list->size(), kMost);
    for (size_t i = 0; i < n; ++i) __builtin_prefetch(&fan_[(*list)[i]]);
  }
}

void Backend::RecipientBuffer::Grow(size_t n) {
  const size_t cap = std::max(n, 2 * capacity_);
  std::unique_ptr<DeviceId[]> grown(new DeviceId[cap]);
  std::copy(data_.get(), data_.get() + size_, grown.get());
  data_ = std::move(grown);
  capacity_ = cap;
}

// The rules one change exercises (sim/exercise.h). It reads the same lists
// as Finish and CollectList, before them, and never writes what they read.
void Backend::CountFanout(AccountId a, Pair before, Pair after, DeviceId exclude, bool force_own) {
  const bool changed = !(after == before);
  if (changed) {
    Exercised(Rule::kSta7);  // exercised: a change (the pair differs after the operation)
    if (before.type != after.type) {
      // exercised: STA-2 when the change enters or leaves ONLINE; STA-3 when it
      // ends with nothing counting (OFFLINE or UNLOGINED was decided).
      if (before.type == StatusType::kOnline || after.type == StatusType::kOnline) {
        Exercised(Rule::kSta2);
      }
      if (after.type != StatusType::kOnline) Exercised(Rule::kSta3);
    }
  }
  if (force_own) Exercised(Rule::kSet6);  // exercised: every set, changed or not
  // exercised: STA-1 when the account's pair is shared by several instances.
  if (fan_[a].devices.size() >= 2) Exercised(Rule::kSta1);
  bool own_receives = false;
  bool lost_skipped = false;
  for (DeviceId d : fan_[a].devices) {
    if (state_[d] == InstanceState::kConnected && d != exclude) own_receives = true;
    if (state_[d] == InstanceState::kLost) lost_skipped = true;
  }
  // exercised: EVT-1 at every change (its own instances, but the causing one,
  // or nobody of the account).
  if (changed) Exercised(Rule::kEvt1);
  if (own_receives) Exercised(Rule::kEvt6);  // exercised: an item pushed
  // exercised: EVT-5 when a lost instance gets nothing, or an account that
  // should receive a change has no connected instance (nothing is queued).
  if (changed && !own_receives && exclude == kNoId) lost_skipped = true;
  if (!changed) {
    if (lost_skipped) Exercised(Rule::kEvt5);
    return;
  }
  const Account& acc = accounts_[a];
  const bool others = !acc.subscribers.empty() || !acc.friends.empty();
  // exercised: GATE-1 / GATE-2 when a gate stops the pushes of a change that
  // has subscribers or friends; GATE-3 when friends wait on the friend switch.
  if (others && !app_.premium) Exercised(Rule::kGate1);
  if (others && app_.premium && !app_.console.status_query_and_notify) Exercised(Rule::kGate2);
  const bool gates = app_.premium && app_.console.status_query_and_notify;
  if (gates && !acc.friends.empty()) Exercised(Rule::kGate3);
  if (!gates) {
    if (lost_skipped) Exercised(Rule::kEvt5);
    return;
  }
  auto receiving = [&](AccountId r, bool* lost) {
    size_t n = 0;
    for (DeviceId d : fan_[r].devices) {
      if (state_[d] == InstanceState::kConnected) ++n;
      if (state_[d] == InstanceState::kLost) *lost = true;
    }
    return n;
  };
  bool subscriber_reached = false;
  for (AccountId r : acc.subscribers) {
    const size_t n = receiving(r, &lost_skipped);
    subscriber_reached = subscriber_reached || n > 0;
    if (n == 0) lost_skipped = true;
    if (n >= 2) Exercised(Rule::kSub10);  // exercised: a subscriber with several instances
  }
  if (subscriber_reached) {
    Exercised(Rule::kEvt2);
    Exercised(Rule::kEvt6);
  }
  if (app_.console.friend_status_notify && !acc.friends.empty()) {
    bool friend_reached = false;
    bool twice = false;
    for (AccountId f : acc.friends) {
      const size_t n = receiving(f, &lost_skipped);
      friend_reached = friend_reached || n > 0;
      if (n == 0) lost_skipped = true;
      twice = twice || std::find(acc.subscribers.begin(), acc.subscribers.end(), f) !=
                           acc.subscribers.end();
    }
    if (friend_reached) {
      Exercised(Rule::kEvt3);
      Exercised(Rule::kEvt6);
    }
    if (twice) Exercised(Rule::kEvt4);  // exercised: a subscribed friend (one item, not two)
  }
  if (lost_skipped) Exercised(Rule::kEvt5);  // exercised: a lost instance got nothing
}

// ---------------------------------------------------------------- sessions

void Backend::CancelClears(Account& acc, bool keep_custom) {
  if (acc.clear_custom_timer != 0) Exercised(Rule::kClr3);  // exercised: a clear cancelled
  if (acc.clear_subs_timer != 0) Exercised(Rule::kClr4);    // exercised: an emptying cancelled
  if (!Has(Fault::kLoginKeepsClearTimer) && !keep_custom) {
    timers_.Cancel(acc.clear_custom_timer);
    acc.clear_custom_timer = 0;
  }
  if (Has(Fault::kLoginKeepsSubscriptionDeadline)) return;
  timers_.Cancel(acc.clear_subs_timer);
  if (!Has(Fault::kCancelledDeadlineBlocksNext)) acc.clear_subs_timer = 0;
}

void Backend::Connect(DeviceId d, AccountId a, bool enforce) {
  Device& dev = device(d);
  Account& acc = accounts_[a];
  dev.account = a;
  state_[d] = InstanceState::kConnected;
  dev.session = true;
  dev.link_up = true;
  dev.kick_pending = false;
  dev.login_seq = ++login_seq_;
  fan_[a].devices.push_back(d);
  ++acc.counting;
  acc.ever_logged_in = true;
  // CLR-3, CLR-4: a login cancels pending clears
  CancelClears(acc, Has(Fault::kNativeLoginKeepsClear) && !WebLike(dev.platform));
  if (enforce) EnforceInstanceLimits(d);
}

LoginReply Backend::Login(DeviceId d, AccountId a, Platform p) {
  SIM_CHECK(a < accounts_.size());
  Device& dev = device(d);
  if (dev.session) {  // SES-9: a login on a logged-in device changes nothing
    Exercised(Rule::kSes9);  // exercised: every step that means nothing, here and below
    if (Has(Fault::kNoopLoginRenewsLoginOrder)) dev.login_seq = ++login_seq_;
    if (Has(Fault::kNoopLoginResetsBudgets)) {
      for (RateLimiter& l : dev.limits) l.Reset();
    }
    if (Has(Fault::kNoopLoginCancelsClear)) CancelClears(accounts_[dev.account]);
    return LoginReply{code::kOk, app_.premium, CustomOf(dev.account)};
  }
  if (state_[d] != InstanceState::kNone && dev.account != a) {
    const AccountId old = dev.account;  // only a planted fault holds it still
    const Pair old_before = PairOf(old);
    DropHeld(d);
    Finish(old, old_before, kNoId, false);
  }
  const Pair before = PairOf(a);
  if (state_[d] != InstanceState::kNone) DropHeld(d);
  SIM_CHECK(state_[d] == InstanceState::kNone);
  dev.platform = p;
  Exercised(Rule::kSes1);  // exercised: a login that creates an instance
  Connect(d, a);
  Finish(a, before, d, false);  // EVT-1: not to the instance that caused it
  return LoginReply{code::kOk, app_.premium, CustomOf(a)};
}

// SES-4 (web-like, at most web_max_instances, earliest latest-login first)
// and SES-5 (native, one per platform).
void Backend::EnforceInstanceLimits(DeviceId d) {
  const Device& dev = devices_[d];
  if (WebLike(dev.platform)) {
    const bool lost_free = Has(Fault::kLostWebNotCountedForLimit);
    const int64_t limit = app_.console.web_max_instances + (Has(Fault::kWebLimitPlusOne) ? 1 : 0);
    for (;;) {
      DeviceId earliest = kNoId;
      int64_t count = 0;
      for (DeviceId o : fan_[dev.account].devices) {
        if (!WebLike(devices_[o].platform)) continue;
        if (lost_free && o != d && state_[o] == InstanceState::kLost) continue;
        ++count;
        if (Has(Fault::kWebKickNewestFirst)) {
          if (o != d && (earliest == kNoId || devices_[o].login_seq > devices_[earliest].login_seq)) {
            earliest = o;
          }
          continue;
        }
        if (earliest == kNoId || devices_[o].login_seq < devices_[earliest].login_seq) earliest = o;
      }
      if (count <= limit) return;
      SIM_CHECK(earliest != d);  // web_max_instances >= 1 keeps the newest
      Kick(earliest, KickType::kMultipleAccount);
    }
  }
  std::vector<DeviceId> victims;
  for (DeviceId o : fan_[dev.account].devices) {
    const bool native_other = Has(Fault::kNativeKickAcrossPlatforms) &&
                              !WebLike(devices_[o].platform) && !WebLike(dev.platform);
    if (o != d && (SameNativeSlot(devices_[o].platform, dev.platform) || native_other)) {
      victims.push_back(o);
    }
  }
  for (DeviceId o : victims) Kick(o, KickType::kMultipleDevice);
}

void Backend::Kick(DeviceId victim, KickType type) {
  Device& dev = devices_[victim];
  Account& acc = accounts_[dev.account];
  const InstanceState was = state_[victim];
  Release(victim);
  dev.kick = type;
  if (Has(Fault::kKickResetsBudgets)) {
    for (RateLimiter& l : dev.limits) l.Reset();
  }
  // exercised: SES-4 / SES-5 at every kick (and again when a lost one is told).
  Exercised(type == KickType::kMultipleAccount ? Rule::kSes4 : Rule::kSes5);
  if (was == InstanceState::kConnected) {
    dev.end = EndReason::kKicked;
    dev.session = false;
    sink_->OnKicked(victim, type);
  } else {
    dev.kick_pending = true;  // told when it reconnects
  }
  // A kick never leaves the account without a counting instance: the login
  // that caused it counts.
  if (was == InstanceState::kLostNoticed) {
    if (!Has(Fault::kKickedHolderKeepsOffline)) --acc.offline_holders;
  } else {
    SIM_CHECK(acc.counting > 1);
    if (!(was == InstanceState::kLost && Has(Fault::kKickedLostKeepsCounting))) --acc.counting;
  }
}

bool Backend::SameNativeSlot(Platform a, Platform b) const {
  if (a == b) return true;
  const bool ios_ipad = (a == Platform::kIos && b == Platform::kIpad) ||
                        (a == Platform::kIpad && b == Platform::kIos);
  return ios_ipad && Has(Fault::kIpadSharesIosSlot);
}

Millis Backend::Heartbeat(Platform p) const {
  return WebLike(p) || Has(Fault::kNativeUsesWebHeartbeat) ? app_.params.web_heartbeat_timeout
                                                           : app_.params.native_heartbeat_timeout;
}

void Backend::DropHeld(DeviceId d) {
  const InstanceState was = state_[d];
  Account& acc = accounts_[devices_[d].account];
  Release(d);
  if (was == InstanceState::kLostNoticed) {
    --acc.offline_holders;
  } else {
    StopCounting(d);
  }
}

void Backend::Release(DeviceId d) {
  Device& dev = devices_[d];
  timers_.Cancel(dev.notice_timer);
  timers_.Cancel(dev.expiry_timer);
  dev.notice_timer = dev.expiry_timer = 0;
  state_[d] = InstanceState::kNone;
  fan_[dev.account].devices.Erase(d);
}

// Called after `d` stopped counting (its state is already changed).
void Backend::StopCounting(DeviceId d) {
  const Device& dev = devices_[d];
  Account& acc = accounts_[dev.account];
  SIM_CHECK(acc.counting > 0);
  // exercised: STA-4 and CLR-1 when a web-like instance stops counting, CLR-2
  // when a native one does (they decide whether a clear starts), CLR-4 when
  // the last one does (only a logout empties the list).
  if (WebLike(dev.platform)) {
    Exercised(Rule::kSta4);
    Exercised(Rule::kClr1);
  } else {
    Exercised(Rule::kClr2);
  }
  if (--acc.counting > 0) return;
  Exercised(Rule::kClr4);
  const bool web = WebLike(dev.platform);
  if (web && Has(Fault::kZeroDelayClearMerged) && app_.params.custom_status_clear_delay == 0) {
    acc.custom = 0;
  } else if (web && Has(Fault::kOfflineHolderBlocksClear) && acc.offline_holders > 0) {
    // the planted fault starts no clear
  } else if (!web && Has(Fault::kNativeClearIsSecondChange)) {
    timers_.Cancel(acc.clear_custom_timer);
    acc.clear_custom_timer = timers_.Schedule(now_, {kClearCustom, dev.account});
  } else if (web || Has(Fault::kNativeLastClearsLater)) {
    // CLR-1: the last to stop counting is web-like: clear after the delay.
    timers_.Cancel(acc.clear_custom_timer);
    acc.clear_custom_timer = timers_.Schedule(now_ + app_.params.custom_status_clear_delay,
                                              {kClearCustom, dev.account});
  } else {
    acc.custom = 0;  // CLR-2: cleared in the same operation
  }
}

void Backend::Logout(DeviceId d) {
  Device& dev = device(d);
  if (!dev.session) {  // SES-9: nothing to do
    Exercised(Rule::kSes9);
    return;
  }
  if (!dev.link_up) Exercised(Rule::kSes9);  // exercised: the logout of a lost instance
  // exercised: RL-1 when the logout resets a budget that was in use.
  for (const RateLimiter& l : dev.limits) {
    if (l.calls_in_window() > 0) {
      Exercised(Rule::kRl1);
      break;
    }
  }
  dev.session = false;
  dev.end = EndReason::kLoggedOut;
  dev.link_up = true;  // SES-9 (docs/choices.md M2): a logout ends the lost state
  if (!Has(Fault::kLogoutKeepsBudgets)) {
    for (RateLimiter& l : dev.limits) l.Reset();  // RL-1
  }
  dev.kick_pending = false;
  // Not held any more (kicked while lost, a noticed web loss, an expired
  // native instance): nothing else to do, and no CLR-4 deadline.
  if (state_[d] == InstanceState::kNone) {
    Exercised(Rule::kClr4);  // exercised: a logout that is not such a logout
    Account& acc = accounts_[dev.account];
    if (Has(Fault::kUnheldLogoutSetsDeadline) && acc.counting == 0 && acc.clear_subs_timer == 0) {
      acc.clear_subs_timer = timers_.Schedule(now_ + app_.params.subscription_clear_delay,
                                              {kClearSubscriptions, dev.account});
    }
    return;
  }
  const AccountId a = dev.account;
  Account& acc = accounts_[a];
  const Pair before = PairOf(a);
  const InstanceState was = state_[d];
  if ((Has(Fault::kLogoutCountsUntilNotice) && was == InstanceState::kConnected) ||
      (Has(Fault::kLostLogoutCountsUntilNotice) && was == InstanceState::kLost)) {
    if (was == InstanceState::kConnected) {  // the planted fault: held until a notice
      state_[d] = InstanceState::kLost;
      dev.notice_timer = timers_.Schedule(now_ + Heartbeat(dev.platform), {kNotice, d});
    }
    Finish(a, before, kNoId, false);
    return;
  }
  if (Has(Fault::kLogoutKicksOtherWebInstances) && WebLike(dev.platform)) {
    std::vector<DeviceId> others;
    for (DeviceId o : fan_[a].devices) {
      if (o != d && WebLike(devices_[o].platform) && state_[o] != InstanceState::kLostNoticed) {
        others.push_back(o);
      }
    }
    for (DeviceId o : others) Kick(o, KickType::kMultipleAccount);
  }
  Release(d);
  Exercised(Rule::kSes3);  // exercised: the logout of a held instance
  if (!fan_[a].devices.empty()) Exercised(Rule::kSes2);  // exercised: others stay
  if (was == InstanceState::kLostNoticed) {
    --acc.offline_holders;
  } else {
    StopCounting(d);  // SES-3: removed at once
  }
  // CLR-4: a logout that leaves no counting instance empties the list later;
  // a second such logout does not move the deadline.
  if (acc.counting == 0 && Has(Fault::kSecondLogoutMovesDeadline)) {
    timers_.Cancel(acc.clear_subs_timer);
    acc.clear_subs_timer = 0;
  }
  if (acc.counting == 0) Exercised(Rule::kClr4);  // exercised: a deadline set or kept
  const bool holder_blocks =
      (Has(Fault::kOfflineHolderBlocksEmptying) && acc.offline_holders > 0) ||
      (Has(Fault::kHolderLogoutSetsNoDeadline) && was == InstanceState::kLostNoticed);
  if (acc.counting == 0 && acc.clear_subs_timer == 0 && !holder_blocks) {
    Millis due = now_ + app_.params.subscription_clear_delay;
    if (Has(Fault::kReloginKeepsFirstDeadline)) {
      if (first_deadline_.size() < accounts_.size()) first_deadline_.resize(accounts_.size(), -1);
      if (first_deadline_[a] >= 0) due = std::max(first_deadline_[a], now_);
      first_deadline_[a] = due;
    }
    acc.clear_subs_timer = timers_.Schedule(due, {kClearSubscriptions, a});
  }
  Finish(a, before, kNoId, false);
}

void Backend::Disconnect(DeviceId d, LossKind how) {
  Device& dev = device(d);
  if (!dev.session || !dev.link_up) {  // SES-9: nothing to do
    Exercised(Rule::kSes9);
    if (Has(Fault::kSecondDisconnectMovesNotice) && dev.session &&
        state_[d] == InstanceState::kLost) {
      timers_.Cancel(dev.notice_timer);
      dev.notice_timer = timers_.Schedule(now_ + Heartbeat(dev.platform), {kNotice, d});
    }
    return;
  }
  dev.link_up = false;
  Exercised(Rule::kSes6);  // exercised: every loss (when it is noticed), and every notice
  if (state_[d] != InstanceState::kConnected) return;
  const AccountId a = dev.account;
  Account& acc = accounts_[a];
  const Pair before = PairOf(a);
  const bool web = WebLike(dev.platform);
  if (Has(Fault::kSilentLossNoticedAtOnce)) how = LossKind::kClose;
  if (Has(Fault::kCloseLossNoticedLater)) how = LossKind::kSilent;
  const bool expires = !web && !Has(Fault::kNativeNeverExpires) &&
                       !(how == LossKind::kSilent && Has(Fault::kExpiryFromNotice));
  if (expires && Has(Fault::kExpiryBeforeNotice)) {
    dev.expiry_timer = timers_.Schedule(now_ + app_.params.offline_expiry, {kExpire, d});
  }
  if (how == LossKind::kSilent) {
    // SES-6: it still counts until the heartbeat timeout notices it. The
    // notice is set before the expiry, so it runs first on a tie (PAR-1).
    state_[d] = InstanceState::kLost;
    Exercised(Rule::kSta2);  // exercised: a lost instance that still counts
    dev.notice_timer = timers_.Schedule(now_ + Heartbeat(dev.platform), {kNotice, d});
  }
  if (expires &&
      !Has(Fault::kExpiryBeforeNotice)) {  // STA-5: expires offline_expiry after the disconnect
    dev.expiry_timer = timers_.Schedule(now_ + app_.params.offline_expiry, {kExpire, d});
  }
  if (how == LossKind::kClose) {  // SES-6: noticed at once
    if (web && !Has(Fault::kWebLossGivesOffline)) {
      Release(d);  // STA-4: a web instance that goes away stops counting
    } else {
      state_[d] = InstanceState::kLostNoticed;  // STA-3: OFFLINE holder
      ++acc.offline_holders;
    }
    StopCounting(d);
  }
  if (Has(Fault::kLossEmptiesSubscriptions) && acc.counting == 0 && acc.clear_subs_timer == 0) {
    acc.clear_subs_timer = timers_.Schedule(now_ + app_.params.subscription_clear_delay,
                                            {kClearSubscriptions, a});
  }
  Finish(a, before, kNoId, false);
}

LoginReply Backend::Reconnect(DeviceId d) {
  Device& dev = device(d);
  if (!dev.session || dev.link_up) {  // nothing to do (SES-9)
    Exercised(Rule::kSes9);
    return LoginReply{code::kOk, app_.premium, dev.account == kNoId ? "" : CustomOf(dev.account)};
  }
  dev.link_up = true;
  if (dev.kick_pending && Has(Fault::kKickedLostReconnects)) dev.kick_pending = false;
  if (dev.kick_pending) {  // SES-4, SES-5: told now, and not ready
    dev.kick_pending = false;
    dev.end = EndReason::kKicked;
    dev.session = false;
    // exercised: the kick's rule, SES-7 (not a reconnect), and CLR-3 / CLR-4
    // when it leaves a pending clear alone.
    Exercised(dev.kick == KickType::kMultipleAccount ? Rule::kSes4 : Rule::kSes5);
    Exercised(Rule::kSes7);
    if (dev.account != kNoId && accounts_[dev.account].clear_custom_timer != 0) {
      Exercised(Rule::kClr3);
    }
    if (dev.account != kNoId && accounts_[dev.account].clear_subs_timer != 0) {
      Exercised(Rule::kClr4);
    }
    sink_->OnKicked(d, dev.kick);
    return LoginReply{KickCode(dev.kick), app_.premium, ""};
  }
  const AccountId a = dev.account;
  SIM_CHECK(a != kNoId);
  Account& acc = accounts_[a];
  const Pair before = PairOf(a);
  Exercised(Rule::kSes7);  // exercised: a lost instance back (held, or a fresh login)
  if (state_[d] == InstanceState::kNone) {
    // SES-7: not held any more: a fresh login, SES-4/5 apply
    Connect(d, a, !Has(Fault::kFreshReconnectSkipsLimits));
  } else {
    if (dev.expiry_timer != 0) Exercised(Rule::kSta5);  // exercised: an expiry cancelled
    timers_.Cancel(dev.notice_timer);
    timers_.Cancel(dev.expiry_timer);
    dev.notice_timer = dev.expiry_timer = 0;
    if (state_[d] == InstanceState::kLostNoticed) {
      --acc.offline_holders;
      ++acc.counting;
    }
    state_[d] = InstanceState::kConnected;
    if (Has(Fault::kReconnectRenewsLoginOrder)) dev.login_seq = ++login_seq_;
    if (Has(Fault::kReconnectKeepsClearTimer)) {
      timers_.Cancel(acc.clear_subs_timer);
      acc.clear_subs_timer = 0;
    } else if (Has(Fault::kReconnectKeepsSubscriptionDeadline)) {
      timers_.Cancel(acc.clear_custom_timer);
      acc.clear_custom_timer = 0;
    } else {
      CancelClears(acc);  // CLR-3, CLR-4
    }
  }
  // EVT-1: not to the instance that caused it
  Finish(a, before, Has(Fault::kReconnectGetsOwnChange) ? kNoId : d, false);
  if (!queued_.empty()) {  // only kPushesQueuedForLost queues anything
    std::vector<std::pair<DeviceId, StatusItem>> rest;
    for (const auto& [to, item] : queued_) {
      if (to == d) {
        sink_->OnStatus(d, item);
      } else {
        rest.emplace_back(to, item);
      }
    }
    queued_ = std::move(rest);
  }
  return LoginReply{code::kOk, app_.premium, CustomOf(a)};
}

// ---------------------------------------------------------------- timers

void Backend::AdvanceTo(Millis t) {
  if (Has(Fault::kDueNowTimerWaits) && t == now_) return;
  if (Has(Fault::kSameInstantTimersReversed)) return RunSameInstantReversed(t);
  if (Has(Fault::kSameInstantTimersMerged)) return RunSameInstantMerged(t);
  while (auto fired = timers_.PopDue(t)) {
    // exercised: PAR-1 when a timer runs at the instant of the step or timer
    // before it (due now, or a tie run in the order set).
    if (fired->due == now_) Exercised(Rule::kPar1);
    now_ = fired->due;
    RunTimer(*fired);
  }
  if (t > now_) now_ = t;
}

// The planted fault kSameInstantTimersReversed: the timers of each instant
// run last-set first (a timer may cancel another of its instant: skipped).
void Backend::RunSameInstantReversed(Millis t) {
  for (;;) {
    std::vector<TimerQueue::Fired> batch;
    while (auto next = timers_.NextDue()) {
      if (*next > t || (!batch.empty() && *next != batch.front().due)) break;
      batch.push_back(*timers_.PopDue(t));
    }
    if (batch.empty()) break;
    now_ = batch.front().due;
    for (auto it = batch.rbegin(); it != batch.rend(); ++it) {
      if (StillPending(*it)) RunTimer(*it);
    }
  }
  if (t > now_) now_ = t;
}

// The planted fault kSameInstantTimersMerged: the timers of one instant are
// one operation (each account compared before the first and after the last).
void Backend::RunSameInstantMerged(Millis t) {
  while (auto next = timers_.NextDue()) {
    if (*next > t) break;
    now_ = *next;
    merging_ = true;
    while (auto fired = timers_.PopDue(now_)) RunTimer(*fired);
    merging_ = false;
    std::vector<std::pair<AccountId, Pair>> merged = std::move(merged_);
    merged_.clear();
    for (const auto& [a, before] : merged) Finish(a, before, kNoId, false);
  }
  if (t > now_) now_ = t;
}

bool Backend::StillPending(const TimerQueue::Fired& fired) const {
  const uint32_t target = fired.payload.target;
  switch (fired.payload.kind) {
    case kNotice:
      return devices_[target].notice_timer == fired.id;
    case kExpire:
      return devices_[target].expiry_timer == fired.id;
    case kClearCustom:
      return accounts_[target].clear_custom_timer == fired.id;
    case kClearSubscriptions:
      return accounts_[target].clear_subs_timer == fired.id;
  }
  return false;
}

std::optional<Backend::TimerRun> Backend::RunNextTimer(Millis limit) {
  const auto fired = timers_.PopDue(limit);
  if (!fired) return std::nullopt;
  now_ = fired->due;
  const uint32_t kind = fired->payload.kind;
  const uint32_t target = fired->payload.target;
  const bool on_device = kind == kNotice || kind == kExpire;
  const TimerRun run{fired->due, fired->id, on_device ? devices_[target].account : target,
                     kind == kClearSubscriptions};
  RunTimer(*fired);
  return run;
}

void Backend::RunTimer(const TimerQueue::Fired& fired) {
  const uint32_t target = fired.payload.target;
  switch (fired.payload.kind) {
    case kNotice: {  // SES-6: the backend notices a silent loss
      Device& dev = devices_[target];
      SIM_CHECK(state_[target] == InstanceState::kLost && dev.notice_timer == fired.id);
      dev.notice_timer = 0;
      Exercised(Rule::kSes6);
      const AccountId a = dev.account;
      const Pair before = PairOf(a);
      const bool web = WebLike(dev.platform);
      if (web && !Has(Fault::kWebNoticeGivesOffline)) {
        Release(target);
      } else {
        state_[target] = InstanceState::kLostNoticed;
        ++accounts_[a].offline_holders;
        if (!web && Has(Fault::kExpiryFromNotice)) {
          dev.expiry_timer = timers_.Schedule(now_ + app_.params.offline_expiry, {kExpire, target});
        }
      }
      StopCounting(target);
      Account& acc = accounts_[a];
      if (web && Has(Fault::kClearDelayFromDisconnect) && acc.clear_custom_timer != 0) {
        timers_.Cancel(acc.clear_custom_timer);
        const Millis lost_at = now_ - app_.params.web_heartbeat_timeout;
        acc.clear_custom_timer = timers_.Schedule(
            std::max(now_, lost_at + app_.params.custom_status_clear_delay), {kClearCustom, a});
      }
      Finish(a, before, kNoId, false);
      break;
    }
    case kExpire: {  // STA-5
      Device& dev = devices_[target];
      dev.expiry_timer = 0;
      Exercised(Rule::kSta5);  // exercised: an expiry
      const AccountId a = dev.account;
      const Pair before = PairOf(a);
      const InstanceState was = state_[target];
      Release(target);
      if (was == InstanceState::kLostNoticed) {
        --accounts_[a].offline_holders;
      } else {
        SIM_CHECK(was == InstanceState::kLost);
        StopCounting(target);
      }
      if (Has(Fault::kFirstExpiryEndsOffline)) {
        std::vector<DeviceId> holders;
        for (DeviceId o : fan_[a].devices) {
          if (state_[o] == InstanceState::kLostNoticed) holders.push_back(o);
        }
        for (DeviceId o : holders) {
          Release(o);
          --accounts_[a].offline_holders;
        }
      }
      Finish(a, before, kNoId, false);
      break;
    }
    case kClearCustom: {  // CLR-1
      Account& acc = accounts_[target];
      acc.clear_custom_timer = 0;
      Exercised(Rule::kClr1);  // exercised: a clear that runs
      Pair before = PairOf(target);
      if (Has(Fault::kEmptyClearIsAChange) && before.custom == 0) before.custom = UINT32_MAX;
      acc.custom = 0;
      Finish(target, before, kNoId, false);
      break;
    }
    case kClearSubscriptions:  // CLR-4: silently
      accounts_[target].clear_subs_timer = 0;
      Exercised(Rule::kClr4);
      if (target < first_deadline_.size()) first_deadline_[target] = -1;
      ClearSubscriptions(target);
      break;
    default:
      SIM_CHECK(false);
  }
}

// ---------------------------------------------------------------- API calls

int Backend::NotReadyCode(const Device& dev) const {
  switch (dev.end) {
    case EndReason::kNever:
      return code::kNotLoggedIn;
    case EndReason::kLoggedOut:
      return code::kLoggedOut;
    case EndReason::kKicked:
      return KickCode(dev.kick);
  }
  return code::kNotLoggedIn;
}

// API-3 from the backend's side: not ready, tier (repeated for SDKs in sdk
// mode, not counted: RL-3), rate limit (counted, RL-2), lost link (API-4),
// console switch (counted, RL-3).
int Backend::Gate(DeviceId d, RateCommand command) {
  Device& dev = device(d);
  // Only a client that ignored its own not-ready state sends this (sdk mode).
  if (!dev.session) {
    Exercised(Rule::kApi1);
    return NotReadyCode(dev);
  }
  const bool tier_free = command == RateCommand::kSubscribe && Has(Fault::kSubscribeNeedsNoTier);
  if (!app_.premium && !Has(Fault::kTierRejectionsCounted) && !tier_free) {
    Exercised(Rule::kRl3);  // exercised: a tier rejection, not counted (sdk mode)
    return code::kNoPremium;
  }
  if (!dev.link_up && Has(Fault::kLostCallsSkipLimiter)) return code::kNetworkTimeout;
  size_t budget = static_cast<size_t>(command);
  if (Has(Fault::kGetUsesSubscribeBudget) && command == RateCommand::kGet) {
    budget = static_cast<size_t>(RateCommand::kSubscribe);
  }
  if (Has(Fault::kOneBudgetForAllCommands)) budget = 0;
  RateLimiter* limiter_at = &dev.limits[budget];
  if (Has(Fault::kBudgetPerAccount)) {
    if (account_limits_.size() < accounts_.size()) account_limits_.resize(accounts_.size());
    limiter_at = &account_limits_[dev.account][budget];
  }
  RateLimiter& limiter = *limiter_at;
  const Millis window =
      app_.params.rate_window - (Has(Fault::kWindowBoundaryInclusive) ? 1 : 0);
  const Millis at = Has(Fault::kWindowAlignedToClock) ? now_ - now_ % (window + 1) : now_;
  const int64_t allowed = app_.params.rate_count - (Has(Fault::kRateCountOffByOne) ? 1 : 0);
  const bool limited =
      !(command == RateCommand::kSubscribe && Has(Fault::kSubscribeNotRateLimited)) &&
      !(command == RateCommand::kUnsubscribe && Has(Fault::kUnsubscribeNotRateLimited));
  // exercised: GET-6, SUB-3, UNS-4 at every call that reaches its limiter;
  // RL-2 when a later window starts and at every rejection 2996.
  static constexpr std::array kLimitRules = {Rule::kGet6, Rule::kSub3, Rule::kUns4};
  Exercised(kLimitRules[static_cast<size_t>(command)]);
  if (counts_exercise() && OtherBudgetInUse(d, command)) Exercised(Rule::kRl1);
  if (limiter.calls_in_window() > 0 && now_ - limiter.window_start() > window) {
    Exercised(Rule::kRl2);
  }
  if (limited && !limiter.Admit(at, window, allowed)) {
    if (Has(Fault::kRejectedCallsNotCounted)) limiter.Uncount();
    Exercised(Rule::kRl2);
    Exercised(Rule::kApi3);  // exercised: every call a check stops (but readiness)
    return code::kRateLimited;
  }
  if (!app_.premium && !tier_free) return code::kNoPremium;  // only with kTierRejectionsCounted
  if (!dev.link_up) {
    Exercised(Rule::kApi4);  // exercised: every 2801
    Exercised(Rule::kApi3);
    return code::kNetworkTimeout;
  }
  SIM_CHECK(state_[d] == InstanceState::kConnected);  // a session with a link is connected
  if (command == RateCommand::kGet && Has(Fault::kQueryIgnoresSwitch)) return code::kOk;
  if (command == RateCommand::kSubscribe && Has(Fault::kSubscribeIgnoresSwitch)) return code::kOk;
  if (command == RateCommand::kUnsubscribe && Has(Fault::kUnsubscribeIgnoresSwitch)) {
    return code::kOk;
  }
  if (!app_.console.status_query_and_notify) {
    if (Has(Fault::kSwitchRejectionsNotCounted) && limited) limiter.Uncount();
    // exercised: GATE-2 at every switch rejection, RL-3 (it was counted), and
    // GET-4 / SUB-2 / UNS-3 by command.
    static constexpr std::array kSwitchRules = {Rule::kGet4, Rule::kSub2, Rule::kUns3};
    Exercised(Rule::kGate2);
    Exercised(Rule::kRl3);
    Exercised(Rule::kApi3);
    Exercised(kSwitchRules[static_cast<size_t>(command)]);
    return code::kSwitchOff;
  }
  return code::kOk;
}

bool Backend::OtherBudgetInUse(DeviceId d, RateCommand command) const {
  const Device& dev = devices_[d];
  for (size_t c = 0; c < dev.limits.size(); ++c) {
    if (c != static_cast<size_t>(command) && dev.limits[c].calls_in_window() > 0) return true;
  }
  for (DeviceId o : fan_[dev.account].devices) {
    if (o != d && devices_[o].limits[static_cast<size_t>(command)].calls_in_window() > 0) {
      return true;
    }
  }
  return false;
}

int Backend::SetSelfStatus(DeviceId d, std::string_view custom) {
  Device& dev = device(d);
  if (!dev.session) {  // see Gate
    Exercised(Rule::kApi1);
    return NotReadyCode(dev);
  }
  if (!dev.link_up) {  // API-4; SET-2: no tier, switch or limit
    Exercised(Rule::kApi4);
    Exercised(Rule::kApi3);
    return code::kNetworkTimeout;
  }
  if (Has(Fault::kSetNeedsSwitch) && !app_.console.status_query_and_notify) return code::kSwitchOff;
  if (Has(Fault::kSetRateLimited) && !dev.limits[static_cast<size_t>(RateCommand::kGet)].Admit(
                                         now_, app_.params.rate_window, app_.params.rate_count)) {
    return code::kRateLimited;
  }
  int64_t length = static_cast<int64_t>(custom.size());
  if (Has(Fault::kLengthInCharacters)) {
    length = std::count_if(custom.begin(), custom.end(),
                           [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  }
  // exercised: SET-5 at every rejection and at a length of exactly the limit.
  if (length >= app_.params.custom_status_max_bytes) Exercised(Rule::kSet5);
  if (length > app_.params.custom_status_max_bytes - (Has(Fault::kLengthLimitOffByOne) ? 1 : 0)) {
    Exercised(Rule::kApi3);
    return code::kInvalidParameter;  // SET-5
  }
  // exercised: SET-2 when a set succeeds without the tier or the switch;
  // SET-4 at every set of ''.
  if (!app_.premium || !app_.console.status_query_and_notify) Exercised(Rule::kSet2);
  if (custom.empty()) Exercised(Rule::kSet4);
  const AccountId a = dev.account;
  const Pair before = PairOf(a);
  accounts_[a].custom = InternCustom(custom);
  Finish(a, before, Has(Fault::kSetNotPushedToCaller) ? d : kNoId,
         !Has(Fault::kUnchangedSetNotPushed));  // SET-6
  return code::kOk;
}

QueryReply Backend::GetUserStatus(DeviceId d, std::span<const Value> ids) {
  QueryReply reply;
  reply.code = Gate(d, RateCommand::kGet);
  if (reply.code != code::kOk) return reply;
  for (size_t i = 0; i < ids.size(); ++i) {  // GET-7: one entry per sent ID, in order
    const Value& id = ids[i];
    if (Has(Fault::kDuplicatesCollapsed) &&
        std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), id) != ids.begin() + static_cast<std::ptrdiff_t>(i)) {
      continue;
    }
    if (!id.is_string() && Has(Fault::kNonStringIdsDropped)) continue;
    const std::optional<AccountId> a = AccountOfId(id);
    Exercised(Rule::kGet7);  // exercised: every sent ID
    // exercised: STA-6 for an unknown ID and an account that never logged in.
    if (!a || !accounts_[*a].ever_logged_in) Exercised(Rule::kSta6);
    if (!a && id.is_string() && Has(Fault::kUnknownUserAsUnlogined)) {
      reply.success.push_back(UserEntry{id.as_string(), StatusType::kUnlogined, ""});
      continue;
    }
    if (!a) {
      reply.failure.push_back(FailureEntry{id, code::kUnknownUser});
      continue;
    }
    reply.success.push_back(UserEntry{id.as_string(), StatusOf(*a), CustomOf(*a)});
  }
  return reply;
}

ListReply Backend::Subscribe(DeviceId d, std::span<const Value> ids) {
  ListReply reply;
  reply.code = Gate(d, RateCommand::kSubscribe);
  if (reply.code != code::kOk) return reply;
  const AccountId self = devices_[d].account;
  if (Has(Fault::kSelfFailsWholeSubscribe)) {
    for (const Value& id : ids) {
      if (AccountOfId(id) == self) {
        reply.code = code::kInvalidParameter;
        return reply;
      }
    }
  }
  auto fail = [&](const Value& id, int c) {
    if (Has(Fault::kFailingDuplicatesCollapsed)) {
      for (const FailureEntry& e : reply.failure) {
        if (e.user_id == id) return;
      }
    }
    reply.failure.push_back(FailureEntry{id, c});
  };
  for (const Value& id : ids) {  // SUB-9: in order, duplicates included
    const std::optional<AccountId> t = AccountOfId(id);
    if (t && *t == self && !Has(Fault::kSelfSubscriptionAllowed)) {
      Exercised(Rule::kSub5);
      fail(id, code::kInvalidParameter);  // SUB-5
    } else if (!t) {
      Exercised(Rule::kSub6);
      if (!Has(Fault::kUnknownSubscribeIgnored)) fail(id, code::kUnknownUser);  // SUB-6
    } else {
      const auto& friends = accounts_[self].friends;
      if (std::find(friends.begin(), friends.end(), *t) != friends.end()) {
        Exercised(Rule::kSub8);  // exercised: a friend subscribed
      }
      if (Has(Fault::kEvictionSparesSameCall)) sparing_.push_back(*t);
      AddSubscription(self, *t);
    }
  }
  sparing_.clear();
  if (Has(Fault::kFailedSubscribeEvicts)) {
    auto& subs = accounts_[self].subscriptions;
    const auto cap = static_cast<size_t>(std::max<int64_t>(app_.params.subscription_cap, 0));
    while (subs.size() > cap) RemoveSubscription(self, subs.front());
  }
  return reply;
}

ListReply Backend::Unsubscribe(DeviceId d, std::span<const Value> ids) {
  ListReply reply;
  reply.code = Gate(d, RateCommand::kUnsubscribe);
  if (reply.code != code::kOk) return reply;
  const AccountId self = devices_[d].account;
  for (const Value& id : ids) {  // UNS-5
    const std::optional<AccountId> t = AccountOfId(id);
    Exercised(Rule::kUns5);  // exercised: every sent ID
    if (!t) {
      if (!Has(Fault::kUnknownUnsubscribeIgnored)) {
        reply.failure.push_back(FailureEntry{id, code::kUnknownUser});
      }
    } else if (*t == self && Has(Fault::kUnsubscribeSelfFails)) {
      reply.failure.push_back(FailureEntry{id, code::kInvalidParameter});
    } else {
      RemoveSubscription(self, *t);
    }
  }
  return reply;
}

ListReply Backend::UnsubscribeAll(DeviceId d) {
  ListReply reply;
  if (Has(Fault::kUnsubscribeAllNeedsNoTier) && !app_.premium && device(d).session) {
    ClearSubscriptions(devices_[d].account);
    return reply;
  }
  reply.code = Gate(d, RateCommand::kUnsubscribe);
  if (reply.code == code::kOk) ClearSubscriptions(devices_[d].account);  // UNS-1
  return reply;
}

// ---------------------------------------------------------------- subscriptions

bool Backend::AddSubscription(AccountId s, AccountId t) {
  auto& subs = accounts_[s].subscriptions;
  auto it = FindId(subs, t);
  const bool added = it == subs.end();
  if (added) {
    PushCompact(accounts_[t].subscribers, s);
    PushCompact(subs, t);
  } else if (!Has(Fault::kResubscribeKeepsPlace)) {
    Exercised(Rule::kSub9);  // exercised: a re-subscribe, and every eviction below
    subs.erase(it);  // SUB-9: re-subscribing makes it the newest
    subs.push_back(t);
  }
  // SUB-9: evict the earliest past the cap (read now: GATE-4).
  const auto cap = static_cast<size_t>(std::max<int64_t>(app_.params.subscription_cap, 0)) +
                   (Has(Fault::kCapOffByOne) ? 1 : 0);
  if (Has(Fault::kFriendsOutsideTheCap)) {
    EvictNonFriends(s, cap);
    return added;
  }
  while (subs.size() > cap) {
    auto victim_at = subs.begin();
    if (Has(Fault::kEvictNewest) && subs.size() >= 2) victim_at = subs.end() - 2;
    if (!sparing_.empty() &&  // kEvictionSparesSameCall: the list grows past the cap
        std::find(sparing_.begin(), sparing_.end(), *victim_at) != sparing_.end()) {
      break;
    }
    const AccountId victim = *victim_at;
    Exercised(Rule::kSub9);
    subs.erase(victim_at);
    auto& rev = accounts_[victim].subscribers;
    rev.erase(FindId(rev, s));
  }
  return added;
}

// Each target's reverse index is somewhere in memory: fetch the account
// kAhead targets ahead, then the end of its reverse index kAhead / 2 ahead.
void Backend::SubscribeAccounts(AccountId s, std::span<const AccountId> targets) {
  constexpr size_t kAhead = 8;
  const size_t n = targets.size();
  auto& subs = accounts_[s].subscriptions;
  const auto cap = static_cast<size_t>(std::max<int64_t>(app_.params.subscription_cap, 0));
  subs.reserve(std::min(subs.size() + n, std::max(cap, subs.size())));
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) __builtin_prefetch(&accounts_[targets[i + kAhead]]);
    if (i + kAhead / 2 < n) {
      const auto& rev = accounts_[targets[i + kAhead / 2]].subscribers;
      __builtin_prefetch(rev.data() + rev.size(), 1);
    }
    AddSubscription(s, targets[i]);
  }
}

void Backend::UnsubscribeAccounts(AccountId s, std::span<const AccountId> targets) {
  constexpr size_t kAhead = 8;
  const size_t n = targets.size();
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) __builtin_prefetch(&accounts_[targets[i + kAhead]]);
    if (i + kAhead / 2 < n) __builtin_prefetch(accounts_[targets[i + kAhead / 2]].subscribers.data());
    RemoveSubscription(s, targets[i]);
  }
}

// The planted fault kFriendsOutsideTheCap: only subscriptions of non-friends
// count for the cap, and only they are evicted.
void Backend::EvictNonFriends(AccountId s, size_t cap) {
  auto& subs = accounts_[s].subscriptions;
  const auto& friends = accounts_[s].friends;
  auto is_friend = [&](AccountId t) {
    return std::find(friends.begin(), friends.end(), t) != friends.end();
  };
  size_t counted = static_cast<size_t>(
      std::count_if(subs.begin(), subs.end(), [&](AccountId t) { return !is_friend(t); }));
  while (counted > cap) {
    auto victim_at =
        std::find_if(subs.begin(), subs.end(), [&](AccountId t) { return !is_friend(t); });
    const AccountId victim = *victim_at;
    subs.erase(victim_at);
    auto& rev = accounts_[victim].subscribers;
    rev.erase(FindId(rev, s));
    --counted;
  }
}

void Backend::RemoveSubscription(AccountId s, AccountId t) {
  auto& subs = accounts_[s].subscriptions;
  auto it = FindId(subs, t);
  if (it == subs.end()) return;  // UNS-5: not subscribed is a no-op
  subs.erase(it);
  if (Has(Fault::kUnsubscribeKeepsPushes)) return;  // the reverse index keeps it
  auto& rev = accounts_[t].subscribers;
  rev.erase(FindId(rev, s));
}

void Backend::ClearSubscriptions(AccountId s) {
  for (AccountId t : accounts_[s].subscriptions) {
    auto& rev = accounts_[t].subscribers;
    rev.erase(FindId(rev, s));
  }
  accounts_[s].subscriptions.clear();
}

}  // namespace statussim::sim
