// Backend: the server half of SPEC.md on a virtual clock.
//
// It holds accounts, friendships, the instances of each device (SES), account
// status (STA), custom statuses, subscription lists (SUB-9), per-device rate
// limits (RL), the gates (GATE) and the timers of heartbeats, expiry and
// clearing (SES-6, STA-5, CLR). Every change of an account's (statusType,
// customStatus) pair is pushed to the instances that should receive it (EVT)
// through a PushSink, synchronously, at the virtual instant it happens.
//
// Invariants:
//  - Each public entry point that changes state is one atomic operation
//    (STA-7) on one account: the pair is compared before and after it, and a
//    difference is one change, pushed once to each recipient.
//  - Timers run only from AdvanceTo/RunDue, in (due, seq) order, each as its
//    own operation (PAR-1).
//  - Fan-out costs time proportional to the recipients: subscribers come from
//    a reverse index, friends from the account's friend list; an epoch mark
//    per account gives one item per change per instance (EVT-4).
//
// Devices are dense DeviceIds chosen by the caller; accounts are interned
// here. The request entry points mirror PROTOCOL.md's backend ops, so the
// reference SDK (SdkClient) and an out-of-process SDK talk to the same thing.
#ifndef STATUSSIM_SIM_BACKEND_H_
#define STATUSSIM_SIM_BACKEND_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/app.h"
#include "sim/exercise.h"
#include "sim/faults.h"
#include "sim/interner.h"
#include "sim/rate_limiter.h"
#include "sim/small_list.h"
#include "sim/timer_queue.h"
#include "sim/types.h"
#include "sim/value.h"

namespace statussim::sim {

// One pushed status item: the account's pair after a change (EVT-6).
struct StatusItem {
  AccountId account = kNoId;
  StatusType type = StatusType::kUnlogined;
  uint32_t custom = 0;  // interned custom status; 0 is ''
};

// Where the backend's pushes go: the reference SDK instances, a protocol
// writer, or a benchmark's flat log.
class PushSink {
 public:
  virtual ~PushSink() = default;
  virtual void OnStatus(DeviceId device, const StatusItem& item) = 0;
  virtual void OnKicked(DeviceId device, KickType type) = 0;
  // The same item for several instances, in order: one change's fan-out.
  // The default hands them to OnStatus one by one; a sink may do it in bulk.
  virtual void OnStatusBatch(std::span<const DeviceId> devices, const StatusItem& item) {
    for (DeviceId d : devices) OnStatus(d, item);
  }
  // True if one change's fan-out may come as several OnStatusBatch calls in a
  // row (the same item, the devices in push order, nothing in between): a sink
  // that only appends what it is given, like FlatLog. The backend then hands a
  // large fan-out over in parts that stay in cache instead of gathering it all
  // first. False (the default) for a sink that sees each call as one change.
  virtual bool TakesSplitBatches() const { return false; }
};

// Per-user results of a query or a (un)subscribe, shaped like the SDK's.
struct UserEntry {
  std::string user_id;
  StatusType type = StatusType::kUnlogined;
  std::string custom;
};
struct FailureEntry {
  Value user_id;  // echoed as given (may be a non-string, GET-7)
  int code = 0;
};
struct LoginReply {
  int code = 0;
  bool premium = false;  // GATE-1, for the client's tier check
  std::string custom;    // SES-8: seeds the client's cache
};
struct QueryReply {
  int code = 0;
  std::vector<UserEntry> success;
  std::vector<FailureEntry> failure;
};
struct ListReply {
  int code = 0;
  std::vector<FailureEntry> failure;
};

class Backend {
 public:
  // `fault` plants one bug (mutation check); kNone is the reference model.
  // `exercise`, if not null, counts the rules the model applies (sim/exercise.h).
  explicit Backend(App app, PushSink* sink, Fault fault = Fault::kNone,
                   RuleCounts* exercise = nullptr);
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  // --- World set-up (before or between steps).
  AccountId AddAccount(std::string_view user_id);  // idempotent
  std::optional<AccountId> FindAccount(std::string_view user_id) const;
  // The account an ID of a userIDList names: none for a non-string (GET-7).
  std::optional<AccountId> AccountOfId(const Value& id) const;
  const std::string& AccountName(AccountId a) const { return account_names_.Name(a); }
  size_t account_count() const { return accounts_.size(); }
  void AddFriends(AccountId a, AccountId b);  // mutual; a repeated pair is ignored
  // Reserve room for n accounts / devices (benchmarks).
  void Reserve(size_t accounts, size_t devices);

  // --- The console (GATE-4: applies from now on).
  const App& app() const { return app_; }  // as the model reads it (a planted fault may differ)
  void Configure(const App& app);
  Fault fault() const { return fault_; }
  bool Has(Fault f) const { return fault_ == f; }

  // --- Rule exercise (sim/exercise.h): also counted by the SdkClients.
  void Exercised(Rule r) {
    if (exercise_ != nullptr) exercise_->Hit(r);
  }
  bool counts_exercise() const { return exercise_ != nullptr; }

  // --- The clock.
  Millis now() const { return now_; }
  // Runs every timer due up to `t` in (due, seq) order, then sets now to t.
  void AdvanceTo(Millis t);
  // Runs the timers due at the current instant (the end of a step, PAR-1).
  void RunDue() { AdvanceTo(now_); }

  // --- Sessions (the harness applies disconnect/reconnect itself).
  LoginReply Login(DeviceId d, AccountId a, Platform p);
  void Logout(DeviceId d);
  void Disconnect(DeviceId d, LossKind how);
  // A held instance connects again; one the backend no longer holds comes
  // back as a fresh login; one kicked while lost is told now (push kicked)
  // and the reply carries its not-ready code (3003/3002).
  LoginReply Reconnect(DeviceId d);

  // --- The four API calls, as the backend sees them (after the client's
  // parameter checks, self shortcut and truncation). Codes per API-3.
  int SetSelfStatus(DeviceId d, std::string_view custom);
  QueryReply GetUserStatus(DeviceId d, std::span<const Value> ids);
  ListReply Subscribe(DeviceId d, std::span<const Value> ids);
  ListReply Unsubscribe(DeviceId d, std::span<const Value> ids);
  ListReply UnsubscribeAll(DeviceId d);

  // --- World building without gates (benchmarks, generated worlds): the
  // subscription-list effects of a successful subscribe / unsubscribe of one
  // ID (SUB-9 order, cap and eviction included), with no rate limit, tier,
  // switch or device involved.
  void SubscribeAccount(AccountId s, AccountId t) { AddSubscription(s, t); }
  void UnsubscribeAccount(AccountId s, AccountId t) { RemoveSubscription(s, t); }
  // The same for several targets in order (a batch, as one subscribe call
  // of up to subscribe_max_users IDs): their indexes are prefetched.
  void SubscribeAccounts(AccountId s, std::span<const AccountId> targets);
  void UnsubscribeAccounts(AccountId s, std::span<const AccountId> targets);

  // --- Observation (tests, benchmarks, reports).
  StatusType StatusOf(AccountId a) const;
  const std::string& CustomOf(AccountId a) const { return customs_.Name(accounts_[a].custom); }
  const std::string& CustomText(uint32_t custom) const { return customs_.Name(custom); }
  std::span<const AccountId> SubscriptionsOf(AccountId a) const { return accounts_[a].subscriptions; }
  std::span<const AccountId> SubscribersOf(AccountId a) const { return accounts_[a].subscribers; }
  // Hints for a driver that knows which account acts next (sim::Workload):
  // stage 1 asks for the account's own records and its first device's;
  // stage 2, some time later (when those have arrived), for what a change of
  // it reads next: its recipients' fan-out entries. No effect on results.
  void PrefetchAccount(AccountId a, DeviceId first_device) const;
  void PrefetchRecipients(AccountId a) const;
  std::span<const AccountId> FriendsOf(AccountId a) const { return accounts_[a].friends; }
  size_t pending_timers() const { return timers_.live(); }
  // The due times of the pending timers, ascending (statussim explore).
  std::vector<Millis> PendingTimerDues() const { return timers_.PendingDues(); }
  // The account a device's current or latest session belongs to (kNoId if none).
  AccountId AccountOfDevice(DeviceId d) const;
  uint64_t changes() const { return changes_; }  // status changes so far

  // --- One event at a time, for a caller that orders events across several
  // backends itself (the partitioned run, sim/partition.h).
  // EVT-5: does the device's instance receive pushes now (connected)?
  bool Receives(DeviceId d) const {
    return d < state_.size() && state_[d] == InstanceState::kConnected;
  }
  // The id the next timer will get (ids grow by one per scheduled timer).
  TimerId next_timer_id() const { return timers_.next_id(); }
  std::optional<Millis> NextTimerDue() { return timers_.NextDue(); }
  // What RunNextTimer ran.
  struct TimerRun {
    Millis due = 0;
    TimerId id = 0;
    AccountId account = kNoId;           // the account whose state it changed
    bool cleared_subscriptions = false;  // a CLR-4 timer: the account's list is now empty
  };
  // Runs the earliest timer due at or before `limit`, as AdvanceTo would
  // (the clock moves to its due time); nothing if there is none.
  std::optional<TimerRun> RunNextTimer(Millis limit);

 private:
  enum class InstanceState : uint8_t {
    kNone,         // the backend does not hold it
    kConnected,    // counts (STA-2), receives pushes
    kLost,         // lost, not yet noticed: counts, receives nothing (SES-6, EVT-5)
    kLostNoticed,  // native, lost and noticed: OFFLINE holder until expiry (STA-3, STA-5)
  };
  enum class EndReason : uint8_t { kNever, kLoggedOut, kKicked };
  enum TimerKind : uint32_t { kNotice, kExpire, kClearCustom, kClearSubscriptions };

  struct Device {
    AccountId account = kNoId;
    Platform platform = Platform::kWeb;
    // Logged in from the device's point of view: from a login until its
    // logout, or until it is told of a kick. Requests outside a session are
    // not ready (API-1); a foreign SDK may send them, the model never aborts.
    bool session = false;
    bool link_up = true;  // false from disconnect to reconnect (API-4)
    EndReason end = EndReason::kNever;
    KickType kick = KickType::kMultipleAccount;  // when end == kKicked or kick_pending
    bool kick_pending = false;  // kicked while lost, told at reconnect (SES-4, SES-5)
    uint64_t login_seq = 0;     // order of its latest login (SES-4)
    TimerId notice_timer = 0;
    TimerId expiry_timer = 0;
    std::array<RateLimiter, kRateCommandCount> limits;  // RL-1
  };
  struct Account {
    uint32_t custom = 0;            // interned custom status
    uint32_t counting = 0;          // instances that count (STA-2)
    uint32_t offline_holders = 0;   // lost native instances, noticed, not expired (STA-3)
    bool ever_logged_in = false;    // STA-6 (in the padding: no extra memory)
    TimerId clear_custom_timer = 0;  // CLR-1
    TimerId clear_subs_timer = 0;    // CLR-4
    std::vector<AccountId> subscriptions;  // oldest first (SUB-9)
    std::vector<AccountId> subscribers;    // reverse index of subscriptions
    std::vector<AccountId> friends;        // in order of declaration
  };
  // What the fan-out reads of each recipient account, apart from Account so
  // that a change to a million subscribers streams 24 bytes per account.
  struct FanoutEntry {
    uint32_t epoch = 0;   // the last change pushed to it (EVT-4), see epoch_
    SmallIdList devices;  // held instances, in order of login (inline up to two)
  };
  struct Pair {
    StatusType type;
    uint32_t custom;
    bool operator==(const Pair&) const = default;
  };

  // The device's record, added (with the ones before it) on first use.
  Device& device(DeviceId d) {
    if (d >= devices_.size()) [[unlikely]] AddDevices(d + 1);
    return devices_[d];
  }
  void AddDevices(size_t count);
  Pair PairOf(AccountId a) const { return Pair{StatusOf(a), accounts_[a].custom}; }
  // Ends an operation: pushes the change, if any (EVT-1..4). `exclude` is the
  // instance whose login or reconnect caused it; `force_own` pushes to own
  // instances even without a change (SET-6).
  void Finish(AccountId a, Pair before, DeviceId exclude, bool force_own);
  // What one change's fan-out decided, for the rule exercise only (EVT-1,
  // EVT-4, EVT-5, SUB-10, GATE-1..3): a second pass over the same lists, run
  // only when counting, so that the fan-out's loops stay as they are.
  void CountFanout(AccountId a, Pair before, Pair after, DeviceId exclude, bool force_own);
  void CountParams(const App& app);  // PAR-2: the settings that differ from the defaults
  // Appends the receiving instances of account `a` to recipients_ (EVT-5).
  void CollectAccount(AccountId a, DeviceId exclude);
  // EVT-2 / EVT-3 for one list of recipient accounts (subscribers or
  // friends); `once` skips an account already reached by this change (EVT-4).
  // With a sink that takes split batches, full parts of kBatchPart instances
  // go to it as they are gathered.
  void CollectList(std::span<const AccountId> list, bool once, const StatusItem& item);
  static constexpr size_t kBatchPart = 1024;  // instances per part (4 KiB: stays in L1)

  void Connect(DeviceId d, AccountId a, bool enforce = true);  // a fresh login's bookkeeping
  // The app as the model reads it: `app`, but with a parameter a planted
  // fault ignores at its default (PAR-2).
  App Effective(const App& app) const;
  // Planted faults (sim/faults.h) whose code does not fit on a line where the
  // reference path is; none runs for the reference model.
  StatusType MutantStatusOf(AccountId a) const;
  void ConfigureMutant(const App& old);
  void QueueForLost(AccountId a, const StatusItem& item, DeviceId exclude);
  void DropHeld(DeviceId d);  // a device still held after its logout logs in again
  bool StillPending(const TimerQueue::Fired& fired) const;
  void RunSameInstantReversed(Millis t);
  void RunSameInstantMerged(Millis t);
  void EvictNonFriends(AccountId s, size_t cap);
  bool WebLike(Platform p) const {
    return IsWebLike(p) && !(p == Platform::kMiniProgram && Has(Fault::kMiniprogramIsNative));
  }
  bool SameNativeSlot(Platform a, Platform b) const;
  Millis Heartbeat(Platform p) const;  // SES-6's timeout for a silent loss on p
  void EnforceInstanceLimits(DeviceId d);
  void Kick(DeviceId victim, KickType type);
  void Release(DeviceId d);              // kNone, timers cancelled, off the account's list
  void StopCounting(DeviceId d);         // counting--, CLR-1/CLR-2 when it was the last
  void CancelClears(Account& acc, bool keep_custom = false);  // CLR-3, CLR-4
  int NotReadyCode(const Device& dev) const;  // API-1 codes for a device not logged in
  int Gate(DeviceId d, RateCommand command);  // tier, limiter, link, switch (API-3)
  // RL-1, for the rule exercise: another command of `d`, or the same command
  // of another held instance of its account, has a window open.
  bool OtherBudgetInUse(DeviceId d, RateCommand command) const;

  bool AddSubscription(AccountId s, AccountId t);  // SUB-9
  void RemoveSubscription(AccountId s, AccountId t);
  void ClearSubscriptions(AccountId s);
  void RunTimer(const TimerQueue::Fired& fired);
  uint32_t InternCustom(std::string_view s) { return customs_.Intern(s); }

  App app_;
  PushSink* sink_;
  Fault fault_;
  Millis now_ = 0;
  TimerQueue timers_;
  Interner account_names_;
  Interner customs_;  // id 0 is ''
  std::vector<Account> accounts_;
  std::vector<FanoutEntry> fan_;  // per account
  std::vector<Device> devices_;
  // Per device, apart from Device so that the fan-out reads one byte per
  // instance (devices of an account are usually neighbours).
  std::vector<InstanceState> state_;
  // The instances a change is pushed to, in push order: a plain buffer
  // written through a pointer, with room made once per account (no check
  // per instance, no zero-fill); grows by doubling and is kept.
  class RecipientBuffer {
   public:
    DeviceId* data() { return data_.get(); }
    size_t size() const { return size_; }
    size_t capacity() const { return capacity_; }
    bool empty() const { return size_ == 0; }
    void set_size(size_t n) { size_ = n; }  // n <= capacity(), the first n written
    // Room for n IDs in all (the first size() kept).
    void Reserve(size_t n) {
      if (n > capacity_) Grow(n);
    }
    void push_back(DeviceId d) {
      Reserve(size_ + 1);
      data_[size_++] = d;
    }
    std::span<const DeviceId> span() const { return {data_.get(), size_}; }

   private:
    void Grow(size_t n);
    std::unique_ptr<DeviceId[]> data_;
    size_t size_ = 0;
    size_t capacity_ = 0;
  };
  RecipientBuffer recipients_;
  bool split_batches_ = false;        // sink_->TakesSplitBatches(), read once
  uint32_t epoch_ = 0;  // numbers the changes pushed beyond own instances (Account::epoch)
  uint64_t login_seq_ = 0;
  uint64_t changes_ = 0;
  RuleCounts* exercise_ = nullptr;  // not owned; null: not counting
  // Only planted faults use these (empty for the reference model).
  std::vector<std::pair<DeviceId, StatusItem>> queued_;                     // kPushesQueuedForLost
  std::vector<std::array<RateLimiter, kRateCommandCount>> account_limits_;  // kBudgetPerAccount
  std::vector<Millis> first_deadline_;  // kReloginKeepsFirstDeadline, per account (-1: none)
  std::vector<AccountId> sparing_;      // kEvictionSparesSameCall: added by the current call
  bool merging_ = false;                // kSameInstantTimersMerged: Finish records only
  std::vector<std::pair<AccountId, Pair>> merged_;  // its accounts and pairs before
};

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_BACKEND_H_
