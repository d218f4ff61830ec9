#include "sim/backend.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

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

// The rule of each rate-limited command (RL-1 order) and of its switch check.
constexpr Rule kRateRule[kRateCommandCount] = {Rule::kGet6, Rule::kSub3, Rule::kUns4};
constexpr Rule kSwitchRule[kRateCommandCount] = {Rule::kGet4, Rule::kSub2, Rule::kUns3};

int KickCode(KickType k) {
  return k == KickType::kMultipleAccount ? code::kKickedAccount : code::kKickedDevice;
}

// PAR-2: whether any parameter or console setting differs from SPEC's default.
bool DiffersFromDefaults(const App& app) {
  const App d;
  for (const ParamInfo& p : AllParams()) {
    if (app.params.*p.field != d.params.*p.field) return true;
  }
  return app.premium != d.premium ||
         app.console.status_query_and_notify != d.console.status_query_and_notify ||
         app.console.friend_status_notify != d.console.friend_status_notify ||
         app.console.web_max_instances != d.console.web_max_instances;
}

}  // namespace

Backend::Backend(App app, PushSink* sink, Fault fault) : app_(app), sink_(sink), fault_(fault) {
  customs_.Intern("");  // custom status 0 is ''
}

void Backend::Reserve(size_t accounts, size_t devices) {
  accounts_.reserve(accounts);
  fan_.reserve(accounts);
  account_names_.Reserve(accounts);
  devices_.reserve(devices);
  state_.reserve(devices);
}

void Backend::Configure(const App& app) {
  app_ = app;
  Hit(hits_, Rule::kGate4);  // read from now on; nothing already done changes
  if (DiffersFromDefaults(app_)) Hit(hits_, Rule::kPar2);
  if (Has(Fault::kLoweredCapEvictsAtOnce)) {
    const auto cap = static_cast<size_t>(std::max<int64_t>(app_.params.subscription_cap, 0));
    for (AccountId s = 0; s < accounts_.size(); ++s) {
      while (accounts_[s].subscriptions.size() > cap) {
        RemoveSubscription(s, accounts_[s].subscriptions.front());
      }
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
  accounts_[b].friends.push_back(a);
}

Backend::Device& Backend::device(DeviceId d) {
  if (d >= devices_.size()) {
    devices_.resize(d + 1);
    state_.resize(d + 1, InstanceState::kNone);
  }
  return devices_[d];
}

AccountId Backend::AccountOfDevice(DeviceId d) const {
  return d < devices_.size() ? devices_[d].account : kNoId;
}

// STA-2, STA-3, STA-6.
StatusType Backend::StatusOf(AccountId a) const {
  const Account& acc = accounts_[a];
  if (acc.counting > 0) {
    Hit(hits_, Rule::kSta2);
    return StatusType::kOnline;
  }
  Hit(hits_, Rule::kSta3);  // no counting instance: OFFLINE or UNLOGINED
  if (acc.offline_holders > 0 && !Has(Fault::kNeverOffline)) return StatusType::kOffline;
  Hit(hits_, Rule::kSta6);
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
    if (st == InstanceState::kLost && !receives) Hit(hits_, Rule::kEvt5);
  }
  if (fan_[a].devices.empty()) Hit(hits_, Rule::kEvt5);  // nobody of the account: nothing queued
}

// The recipients of one change are gathered in push order, then handed to
// the sink in one call.
void Backend::Finish(AccountId a, Pair before, DeviceId exclude, bool force_own) {
  const Pair after = PairOf(a);
  const bool changed = !(after == before);  // STA-7
  if (changed || force_own) Hit(hits_, Rule::kSta7);  // a change, or SET-6's non-change
  if (!changed && !force_own) return;
  const StatusItem item{a, after.type, after.custom};
  recipients_.clear();
  // EVT-1 / SET-6: own instances first. A forced push (SET-6) reaches every
  // connected instance, the caller included (its callers pass kNoId).
  CollectAccount(a, Has(Fault::kCauseReceivesOwnChange) ? kNoId : exclude);
  Hit(hits_, Rule::kEvt1);
  if (force_own) Hit(hits_, Rule::kSet6);
  // SET-6: an unchanged value reaches nobody else.
  if (changed || Has(Fault::kUnchangedSetReachesSubscribers)) {
    ++changes_;
    const Account& acc = accounts_[a];
    const bool tier = app_.premium || Has(Fault::kPushesIgnoreTier);  // GATE-1
    const bool others = !acc.subscribers.empty() || !acc.friends.empty();
    if (!tier && others) Hit(hits_, Rule::kGate1);
    if (tier && !app_.console.status_query_and_notify && others) Hit(hits_, Rule::kGate2);
    if (tier && app_.console.status_query_and_notify) {                // GATE-2
      ++epoch_;
      fan_[a].epoch = epoch_;  // never deliver to the account itself twice
      // EVT-2: subscribers, then EVT-3: friends; EVT-4: one item per account.
      const size_t own = recipients_.size();
      CollectList(acc.subscribers, true);
      if (!acc.subscribers.empty()) Hit(hits_, Rule::kEvt2);
      // SUB-10: more instances than subscriber accounts reached.
      if (recipients_.size() - own > acc.subscribers.size()) Hit(hits_, Rule::kSub10);
      if (app_.console.friend_status_notify || Has(Fault::kFriendsWithoutFriendSwitch)) {  // GATE-3
        CollectList(acc.friends, !Has(Fault::kSubscribedFriendGetsTwo));
        if (!acc.friends.empty()) Hit(hits_, Rule::kEvt3);
      } else if (!acc.friends.empty()) {
        Hit(hits_, Rule::kGate3);
      }
    }
  } else if (!accounts_[a].subscribers.empty() || !accounts_[a].friends.empty()) {
    Hit(hits_, Rule::kSet6);  // unchanged: not pushed to others
  }
  if (!recipients_.empty()) Hit(hits_, Rule::kEvt6);
  if (!recipients_.empty()) sink_->OnStatusBatch(recipients_, item);
}

// The recipients are scattered over memory, so the loop runs a two-stage
// software pipeline: the account kAhead recipients ahead is fetched, and the
// device records of the one kAhead / 2 ahead (whose account line has arrived
// by then). Without it each recipient costs a few dependent cache misses in
// a row.
void Backend::CollectList(std::span<const AccountId> list, bool once) {
  constexpr size_t kAhead = 16;
  const size_t n = list.size();
  const AccountId* ids = list.data();
  const bool lost_receive = Has(Fault::kLostInstancesReceive);
  const bool pipeline = n > 2 * kAhead;  // short lists: not worth the extra work
  for (size_t i = 0; i < n; ++i) {
    if (pipeline && i + kAhead < n) __builtin_prefetch(&fan_[ids[i + kAhead]]);
    if (pipeline && i + kAhead / 2 < n) {
      // An account's instances are usually neighbours: the first one's
      // state line is enough.
      const SmallIdList& ahead = fan_[ids[i + kAhead / 2]].devices;
      if (!ahead.empty()) __builtin_prefetch(&state_[*ahead.data()]);
    }
    FanoutEntry& entry = fan_[ids[i]];
    if (once && entry.epoch == epoch_) {
      Hit(hits_, Rule::kEvt4);
      continue;
    }
    if (hits_ != nullptr && entry.devices.empty()) hits_->Hit(Rule::kEvt5);  // nothing queued
    entry.epoch = epoch_;
    for (DeviceId d : entry.devices) {
      // EVT-5: only connected instances receive; nothing is queued.
      const InstanceState st = state_[d];
      if (st == InstanceState::kConnected || (st == InstanceState::kLost && lost_receive)) {
        recipients_.push_back(d);
      } else if (st == InstanceState::kLost) {
        Hit(hits_, Rule::kEvt5);
      }
    }
  }
}

// ---------------------------------------------------------------- sessions

void Backend::CancelClears(Account& acc) {
  if (acc.clear_custom_timer != 0) Hit(hits_, Rule::kClr3);
  if (acc.clear_subs_timer != 0) Hit(hits_, Rule::kClr4);
  if (!Has(Fault::kLoginKeepsClearTimer)) {
    timers_.Cancel(acc.clear_custom_timer);
    acc.clear_custom_timer = 0;
  }
  timers_.Cancel(acc.clear_subs_timer);
  acc.clear_subs_timer = 0;
}

void Backend::Connect(DeviceId d, AccountId a) {
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
  CancelClears(acc);  // CLR-3, CLR-4: a login cancels pending clears
  EnforceInstanceLimits(d);
}

LoginReply Backend::Login(DeviceId d, AccountId a, Platform p) {
  SIM_CHECK(a < accounts_.size());
  Device& dev = device(d);
  if (dev.session) {  // SES-9: a login on a logged-in device changes nothing
    Hit(hits_, Rule::kSes9);
    return LoginReply{code::kOk, app_.premium, CustomOf(dev.account)};
  }
  SIM_CHECK(state_[d] == InstanceState::kNone);
  const Pair before = PairOf(a);
  dev.platform = p;
  Hit(hits_, Rule::kSes1);
  Connect(d, a);
  Finish(a, before, d, false);  // EVT-1: not to the instance that caused it
  return LoginReply{code::kOk, app_.premium, CustomOf(a)};
}

// SES-4 (web-like, at most web_max_instances, earliest latest-login first)
// and SES-5 (native, one per platform).
void Backend::EnforceInstanceLimits(DeviceId d) {
  const Device& dev = devices_[d];
  // SES-4 / SES-5 decide who stays when the account holds other instances.
  if (fan_[dev.account].devices.size() > 1) {
    Hit(hits_, IsWebLike(dev.platform) ? Rule::kSes4 : Rule::kSes5);
  }
  if (IsWebLike(dev.platform)) {
    for (int kicks = 0;; ++kicks) {
      DeviceId earliest = kNoId;
      int64_t count = 0;
      for (DeviceId o : fan_[dev.account].devices) {
        if (!IsWebLike(devices_[o].platform)) continue;
        ++count;
        if (Has(Fault::kWebKickNewestFirst)) {
          if (o != d && (earliest == kNoId || devices_[o].login_seq > devices_[earliest].login_seq)) {
            earliest = o;
          }
          continue;
        }
        if (earliest == kNoId || devices_[o].login_seq < devices_[earliest].login_seq) earliest = o;
      }
      if (count <= app_.console.web_max_instances) return;
      SIM_CHECK(earliest != d);  // web_max_instances >= 1 keeps the newest
      Hit(hits_, Rule::kSes4);
      if (app_.console.web_max_instances != 1) Hit(hits_, Rule::kPar2);
      if (kicks > 0) Hit(hits_, Rule::kGate4);  // a lowered limit: more than one kick
      Kick(earliest, KickType::kMultipleAccount);
    }
  }
  std::vector<DeviceId> victims;
  for (DeviceId o : fan_[dev.account].devices) {
    const bool native_other = Has(Fault::kNativeKickAcrossPlatforms) &&
                              !IsWebLike(devices_[o].platform) && !IsWebLike(dev.platform);
    if (o != d && (devices_[o].platform == dev.platform || native_other)) victims.push_back(o);
  }
  if (!victims.empty()) Hit(hits_, Rule::kSes5);
  for (DeviceId o : victims) Kick(o, KickType::kMultipleDevice);
}

void Backend::Kick(DeviceId victim, KickType type) {
  Device& dev = devices_[victim];
  Account& acc = accounts_[dev.account];
  const InstanceState was = state_[victim];
  Release(victim);
  dev.kick = type;
  if (was == InstanceState::kConnected) {
    dev.end = EndReason::kKicked;
    dev.session = false;
    sink_->OnKicked(victim, type);
  } else {
    Hit(hits_, Rule::kEvt5);  // lost: told nothing now
    dev.kick_pending = true;  // told when it reconnects
  }
  // A kick never leaves the account without a counting instance: the login
  // that caused it counts.
  if (was == InstanceState::kLostNoticed) {
    --acc.offline_holders;
  } else {
    SIM_CHECK(acc.counting > 1);
    --acc.counting;
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
  if (--acc.counting > 0) {
    // Not the last to stop counting: CLR-1 / CLR-2 clear nothing yet.
    Hit(hits_, IsWebLike(dev.platform) ? Rule::kClr1 : Rule::kClr2);
    return;
  }
  if (IsWebLike(dev.platform) && Has(Fault::kZeroDelayClearMerged) &&
      app_.params.custom_status_clear_delay == 0) {
    acc.custom = 0;
  } else if (IsWebLike(dev.platform) || Has(Fault::kNativeLastClearsLater)) {
    // CLR-1: the last to stop counting is web-like: clear after the delay.
    Hit(hits_, Rule::kClr1);
    timers_.Cancel(acc.clear_custom_timer);
    acc.clear_custom_timer = timers_.Schedule(now_ + app_.params.custom_status_clear_delay,
                                              {kClearCustom, dev.account});
  } else {
    Hit(hits_, Rule::kClr2);
    acc.custom = 0;  // CLR-2: cleared in the same operation
  }
}

void Backend::Logout(DeviceId d) {
  Device& dev = device(d);
  if (!dev.session) {
    Hit(hits_, Rule::kSes9);  // nothing to do
    return;
  }
  if (!dev.link_up) Hit(hits_, Rule::kSes9);  // the logout of a lost instance logs it out
  dev.session = false;
  dev.end = EndReason::kLoggedOut;
  dev.link_up = true;  // SES-9 (docs/choices.md M2): a logout ends the lost state
  if (!Has(Fault::kLogoutKeepsBudgets)) {
    for (RateLimiter& l : dev.limits) l.Reset();  // RL-1
    Hit(hits_, Rule::kRl1);
  }
  dev.kick_pending = false;
  // Not held any more (kicked while lost, a noticed web loss, an expired
  // native instance): nothing else to do, and no CLR-4 deadline.
  if (state_[d] == InstanceState::kNone) {
    Hit(hits_, Rule::kClr4);  // not such a logout
    return;
  }
  const AccountId a = dev.account;
  Account& acc = accounts_[a];
  const Pair before = PairOf(a);
  const InstanceState was = state_[d];
  Release(d);
  Hit(hits_, Rule::kSes3);
  if (IsWebLike(dev.platform)) Hit(hits_, Rule::kSta4);
  if (was == InstanceState::kLostNoticed) {
    --acc.offline_holders;
  } else {
    StopCounting(d);  // SES-3: removed at once
  }
  if (!fan_[a].devices.empty()) Hit(hits_, Rule::kSes2);
  if (acc.counting == 0 && acc.clear_subs_timer != 0) Hit(hits_, Rule::kClr4);  // not moved
  // CLR-4: a logout that leaves no counting instance empties the list later;
  // a second such logout does not move the deadline.
  if (acc.counting == 0 && Has(Fault::kSecondLogoutMovesDeadline)) {
    timers_.Cancel(acc.clear_subs_timer);
    acc.clear_subs_timer = 0;
  }
  if (acc.counting == 0 && acc.clear_subs_timer == 0) {
    Hit(hits_, Rule::kClr4);
    acc.clear_subs_timer = timers_.Schedule(now_ + app_.params.subscription_clear_delay,
                                            {kClearSubscriptions, a});
  }
  Finish(a, before, kNoId, false);
}

void Backend::Disconnect(DeviceId d, LossKind how) {
  Device& dev = device(d);
  if (!dev.session || !dev.link_up) {
    Hit(hits_, Rule::kSes9);  // nothing to do
    return;
  }
  dev.link_up = false;
  if (state_[d] != InstanceState::kConnected) return;
  const AccountId a = dev.account;
  Account& acc = accounts_[a];
  const Pair before = PairOf(a);
  const bool web = IsWebLike(dev.platform);
  if (Has(Fault::kSilentLossNoticedAtOnce)) how = LossKind::kClose;
  if (how == LossKind::kSilent) {
    // SES-6: it still counts until the heartbeat timeout notices it. The
    // notice is set before the expiry, so it runs first on a tie (PAR-1).
    state_[d] = InstanceState::kLost;
    Hit(hits_, Rule::kSes6);
    const Millis timeout =
        web ? app_.params.web_heartbeat_timeout : app_.params.native_heartbeat_timeout;
    dev.notice_timer = timers_.Schedule(now_ + timeout, {kNotice, d});
  }
  if (!web && !Has(Fault::kNativeNeverExpires)) {  // STA-5: expires offline_expiry after the disconnect
    Hit(hits_, Rule::kSta5);
    dev.expiry_timer = timers_.Schedule(now_ + app_.params.offline_expiry, {kExpire, d});
  }
  if (how == LossKind::kClose) {  // SES-6: noticed at once
    Hit(hits_, Rule::kSes6);
    if (web && !Has(Fault::kWebLossGivesOffline)) {
      Hit(hits_, Rule::kSta4);
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
    Hit(hits_, Rule::kSes9);
    return LoginReply{code::kOk, app_.premium, dev.account == kNoId ? "" : CustomOf(dev.account)};
  }
  dev.link_up = true;
  if (dev.kick_pending) {  // SES-4, SES-5: told now, and not ready
    dev.kick_pending = false;
    dev.end = EndReason::kKicked;
    dev.session = false;
    Hit(hits_, dev.kick == KickType::kMultipleAccount ? Rule::kSes4 : Rule::kSes5);
    Hit(hits_, Rule::kSes7);  // a kicked instance does not connect again
    if (accounts_[dev.account].clear_custom_timer != 0) Hit(hits_, Rule::kClr3);  // not cancelled
    sink_->OnKicked(d, dev.kick);
    return LoginReply{KickCode(dev.kick), app_.premium, ""};
  }
  const AccountId a = dev.account;
  SIM_CHECK(a != kNoId);
  Account& acc = accounts_[a];
  const Pair before = PairOf(a);
  Hit(hits_, Rule::kSes7);
  if (state_[d] == InstanceState::kNone) {
    Connect(d, a);  // SES-7: not held any more: a fresh login, SES-4/5 apply
  } else {
    timers_.Cancel(dev.notice_timer);
    timers_.Cancel(dev.expiry_timer);
    dev.notice_timer = dev.expiry_timer = 0;
    if (state_[d] == InstanceState::kLostNoticed) {
      --acc.offline_holders;
      ++acc.counting;
    }
    state_[d] = InstanceState::kConnected;
    CancelClears(acc);  // CLR-3, CLR-4
  }
  Finish(a, before, d, false);  // EVT-1: not to the instance that caused it
  return LoginReply{code::kOk, app_.premium, CustomOf(a)};
}

// ---------------------------------------------------------------- timers

void Backend::AdvanceTo(Millis t) {
  while (auto fired = timers_.PopDue(t)) {
    if (fired->due == now_) Hit(hits_, Rule::kPar1);  // due now, or at the same instant
    now_ = fired->due;
    RunTimer(*fired);
  }
  if (t > now_) now_ = t;
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
      const AccountId a = dev.account;
      const Pair before = PairOf(a);
      Hit(hits_, Rule::kSes6);
      Hit(hits_, Rule::kPar2);  // a heartbeat timeout decided the instant
      if (IsWebLike(dev.platform)) {
        Hit(hits_, Rule::kSta4);
        Release(target);
      } else {
        state_[target] = InstanceState::kLostNoticed;
        ++accounts_[a].offline_holders;
      }
      StopCounting(target);
      Finish(a, before, kNoId, false);
      break;
    }
    case kExpire: {  // STA-5
      Device& dev = devices_[target];
      dev.expiry_timer = 0;
      const AccountId a = dev.account;
      const Pair before = PairOf(a);
      const InstanceState was = state_[target];
      Hit(hits_, Rule::kSta5);
      Hit(hits_, Rule::kPar2);  // offline_expiry decided the instant
      Release(target);
      if (was == InstanceState::kLostNoticed) {
        --accounts_[a].offline_holders;
      } else {
        SIM_CHECK(was == InstanceState::kLost);
        StopCounting(target);
      }
      Finish(a, before, kNoId, false);
      break;
    }
    case kClearCustom: {  // CLR-1
      Account& acc = accounts_[target];
      acc.clear_custom_timer = 0;
      Hit(hits_, Rule::kClr1);
      Hit(hits_, Rule::kPar2);  // custom_status_clear_delay decided the instant
      const Pair before = PairOf(target);
      acc.custom = 0;
      Finish(target, before, kNoId, false);
      break;
    }
    case kClearSubscriptions:  // CLR-4: silently
      accounts_[target].clear_subs_timer = 0;
      Hit(hits_, Rule::kClr4);
      Hit(hits_, Rule::kPar2);  // subscription_clear_delay decided the instant
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
    Hit(hits_, Rule::kApi1);
    return NotReadyCode(dev);
  }
  if (!app_.premium && !Has(Fault::kTierRejectionsCounted)) {
    Hit(hits_, Rule::kGate1);
    Hit(hits_, Rule::kRl3);  // not counted
    return code::kNoPremium;
  }
  if (!dev.link_up && Has(Fault::kLostCallsSkipLimiter)) return code::kNetworkTimeout;
  RateLimiter& limiter = dev.limits[static_cast<size_t>(command)];
  Hit(hits_, Rule::kRl1);  // this device's budget for this command
  const Millis window =
      app_.params.rate_window - (Has(Fault::kWindowBoundaryInclusive) ? 1 : 0);
  if (limiter.calls_in_window() > 0 && now_ - limiter.window_start() > window) {
    Hit(hits_, Rule::kRl2);  // a new window starts
  }
  if (!limiter.Admit(now_, window, app_.params.rate_count)) {
    if (Has(Fault::kRejectedCallsNotCounted)) limiter.Uncount();
    Hit(hits_, Rule::kRl2);
    Hit(hits_, Rule::kPar2);  // rate_count decided it
    Hit(hits_, kRateRule[static_cast<size_t>(command)]);
    return code::kRateLimited;
  }
  if (!app_.premium) return code::kNoPremium;  // only with kTierRejectionsCounted
  if (!dev.link_up) {
    Hit(hits_, Rule::kApi4);
    return code::kNetworkTimeout;
  }
  SIM_CHECK(state_[d] == InstanceState::kConnected);  // a session with a link is connected
  if (command == RateCommand::kGet && Has(Fault::kQueryIgnoresSwitch)) return code::kOk;
  if (!app_.console.status_query_and_notify) {
    Hit(hits_, Rule::kGate2);
    Hit(hits_, Rule::kRl3);  // counted
    Hit(hits_, kSwitchRule[static_cast<size_t>(command)]);
    return code::kSwitchOff;
  }
  return code::kOk;
}

int Backend::SetSelfStatus(DeviceId d, std::string_view custom) {
  Device& dev = device(d);
  if (!dev.session) {
    Hit(hits_, Rule::kApi1);
    return NotReadyCode(dev);  // see Gate
  }
  if (!dev.link_up) {
    Hit(hits_, Rule::kApi4);
    return code::kNetworkTimeout;  // SET-2: no tier, switch or limit
  }
  Hit(hits_, Rule::kSet2);
  Hit(hits_, Rule::kRl1);  // setSelfStatus has no budget
  int64_t length = static_cast<int64_t>(custom.size());
  if (Has(Fault::kLengthInCharacters)) {
    length = std::count_if(custom.begin(), custom.end(),
                           [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  }
  if (length > app_.params.custom_status_max_bytes) {
    Hit(hits_, Rule::kSet5);
    Hit(hits_, Rule::kPar2);  // custom_status_max_bytes decided it
    return code::kInvalidParameter;
  }
  if (custom.empty()) Hit(hits_, Rule::kSet4);
  Hit(hits_, Rule::kSta1);  // the account's, not the device's
  const AccountId a = dev.account;
  const Pair before = PairOf(a);
  accounts_[a].custom = InternCustom(custom);
  Finish(a, before, Has(Fault::kSetNotPushedToCaller) ? d : kNoId, true);  // SET-6
  return code::kOk;
}

QueryReply Backend::GetUserStatus(DeviceId d, std::span<const Value> ids) {
  QueryReply reply;
  reply.code = Gate(d, RateCommand::kGet);
  if (reply.code != code::kOk) return reply;
  Hit(hits_, Rule::kGet7);  // one entry per sent ID, in order
  Hit(hits_, Rule::kSta1);
  Hit(hits_, Rule::kVal1);
  for (size_t i = 0; i < ids.size(); ++i) {  // GET-7: one entry per sent ID, in order
    const Value& id = ids[i];
    if (Has(Fault::kDuplicatesCollapsed) &&
        std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), id) != ids.begin() + static_cast<std::ptrdiff_t>(i)) {
      continue;
    }
    const std::optional<AccountId> a = AccountOfId(id);
    if (!a && id.is_string() && Has(Fault::kUnknownUserAsUnlogined)) {
      reply.success.push_back(UserEntry{id.as_string(), StatusType::kUnlogined, ""});
      continue;
    }
    if (!a) {
      Hit(hits_, Rule::kSta6);  // not a user
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
  for (const Value& id : ids) {  // SUB-9: in order, duplicates included
    const std::optional<AccountId> t = AccountOfId(id);
    if (t && *t == self && !Has(Fault::kSelfSubscriptionAllowed)) {
      Hit(hits_, Rule::kSub5);
      Hit(hits_, Rule::kSub9);  // in order: each failing occurrence has its own entry
      reply.failure.push_back(FailureEntry{id, code::kInvalidParameter});
    } else if (!t) {
      Hit(hits_, Rule::kSub6);
      Hit(hits_, Rule::kSub9);  // in order: each failing occurrence has its own entry
      reply.failure.push_back(FailureEntry{id, code::kUnknownUser});
    } else {
      const auto& friends = accounts_[self].friends;
      if (hits_ != nullptr && std::find(friends.begin(), friends.end(), *t) != friends.end()) {
        Hit(hits_, Rule::kSub8);  // a friend uses quota like anyone else
      }
      AddSubscription(self, *t);
    }
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
    if (!t) {
      Hit(hits_, Rule::kUns5);
      reply.failure.push_back(FailureEntry{id, code::kUnknownUser});
    } else {
      RemoveSubscription(self, *t);
    }
  }
  return reply;
}

ListReply Backend::UnsubscribeAll(DeviceId d) {
  ListReply reply;
  reply.code = Gate(d, RateCommand::kUnsubscribe);
  if (reply.code == code::kOk) Hit(hits_, Rule::kUns1);
  if (reply.code == code::kOk) ClearSubscriptions(devices_[d].account);
  return reply;
}

// ---------------------------------------------------------------- subscriptions

bool Backend::AddSubscription(AccountId s, AccountId t) {
  auto& subs = accounts_[s].subscriptions;
  auto it = std::find(subs.begin(), subs.end(), t);
  const bool added = it == subs.end();
  if (added) {
    PushCompact(accounts_[t].subscribers, s);
    PushCompact(subs, t);
  } else if (!Has(Fault::kResubscribeKeepsPlace)) {
    Hit(hits_, Rule::kSub9);
    subs.erase(it);  // SUB-9: re-subscribing makes it the newest
    subs.push_back(t);
  }
  // SUB-9: evict the earliest past the cap (read now: GATE-4).
  const auto cap = static_cast<size_t>(std::max<int64_t>(app_.params.subscription_cap, 0));
  if (subs.size() > cap + 1) Hit(hits_, Rule::kGate4);  // a lowered cap applies now
  while (subs.size() > cap) {
    Hit(hits_, Rule::kSub9);
    Hit(hits_, Rule::kPar2);  // subscription_cap decided it
    auto victim_at = subs.begin();
    if (Has(Fault::kEvictNewest) && subs.size() >= 2) victim_at = subs.end() - 2;
    const AccountId victim = *victim_at;
    subs.erase(victim_at);
    auto& rev = accounts_[victim].subscribers;
    rev.erase(std::find(rev.begin(), rev.end(), s));
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

void Backend::RemoveSubscription(AccountId s, AccountId t) {
  auto& subs = accounts_[s].subscriptions;
  auto it = std::find(subs.begin(), subs.end(), t);
  if (it == subs.end()) {
    Hit(hits_, Rule::kUns5);  // not subscribed: a no-op
    return;
  }
  subs.erase(it);
  auto& rev = accounts_[t].subscribers;
  rev.erase(std::find(rev.begin(), rev.end(), s));
}

void Backend::ClearSubscriptions(AccountId s) {
  for (AccountId t : accounts_[s].subscriptions) {
    auto& rev = accounts_[t].subscribers;
    rev.erase(std::find(rev.begin(), rev.end(), s));
  }
  accounts_[s].subscriptions.clear();
}

}  // namespace statussim::sim
