#include "harness/generate.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/builtin_client.h"
#include "harness/exercise_tally.h"
#include "sim/workload.h"

namespace statussim::harness {
namespace {

using sim::Value;

constexpr std::string_view kAccountNames[] = {"alice", "bob", "carol", "dave", "erin", "frank"};
// IDs that are never accounts (GET-7, SUB-6, UNS-5).
constexpr std::string_view kUnknownIds[] = {"zoe", "nobody"};
constexpr std::string_view kStatusTexts[] = {"busy", "away", "lunch", "在开会", "🎉 party"};
constexpr sim::Platform kNative[] = {sim::Platform::kAndroid, sim::Platform::kIos,
                                     sim::Platform::kWindows, sim::Platform::kMac,
                                     sim::Platform::kIpad};

// Small values of each PAR-2 parameter, the default among them: the corners
// where a cap of 2 or a delay of 0 shows an off-by-one that 1000 hides.
struct ParamChoices {
  std::string_view name;
  std::vector<int64_t> values;
};
const std::vector<ParamChoices>& SmallParams() {
  static const std::vector<ParamChoices> kChoices = {
      {"web_heartbeat_timeout", {0, 1000, 5000, 60'000}},
      {"native_heartbeat_timeout", {0, 2000, 10'000}},
      {"offline_expiry", {0, 1000, 5000, 20'000}},
      {"custom_status_max_bytes", {0, 1, 4, 10, 100}},
      {"get_max_users", {1, 2, 3}},
      {"subscribe_max_users", {1, 2, 3}},
      {"subscription_cap", {1, 2, 3}},
      {"rate_count", {0, 1, 2, 3}},
      {"rate_window", {0, 1, 1000, 3000}},
      {"custom_status_clear_delay", {0, 1, 1000, 5000}},
      {"subscription_clear_delay", {0, 1, 1000, 5000}},
  };
  return kChoices;
}

// How often each feature is picked when the swarm allows it.
constexpr std::array<int, static_cast<size_t>(Feature::kCount)> kWeights = {
    4,  // login
    1,  // logout
    1,  // disconnect close
    1,  // disconnect silent
    2,  // reconnect
    2,  // set
    3,  // get
    3,  // subscribe
    2,  // unsubscribe
    1,  // configure
    3,  // wait
    1,  // leave all
};

class Generator {
 public:
  Generator(uint64_t seed, const GenerateOptions& options) : rng_(seed), options_(options) {}

  Generated Run(uint64_t seed) {
    Generated g;
    g.scenario.name = fmt::format("explore-{}", seed);
    g.scenario.file = fmt::format("<explore seed {}>", seed);
    g.scenario.allow_unchecked_events = true;
    PickSwarm();
    MakeWorld();
    MakeApp();
    s_ = &g.scenario;
    s_->accounts = accounts_;
    s_->friends = friends_;
    s_->app = app_;
    (void)reference_.Init(*s_);
    const int n = static_cast<int>(std::max(Between(1, options_.max_steps), Between(1, options_.max_steps)));
    while (static_cast<int>(s_->steps.size()) < n) AddSteps();
    RecomputeDevices(s_);
    (void)reference_.End();
    // `covers`: the rules the reference exercised (a scenario file must name
    // one; steps that all mean nothing exercise SES-9).
    s_->covers = ExercisedRules(*reference_.exercised());
    if (s_->covers.empty()) s_->covers = {"SES-9"};
    for (size_t f = 0; f < swarm_.size(); ++f) {
      if (swarm_[f]) g.swarm.push_back(static_cast<Feature>(f));
    }
    return g;
  }

 private:
  struct Device {
    std::string name;
    std::string home;  // the account it usually logs in as
    sim::Platform platform;
  };

  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng_.Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  bool Chance(int percent) { return rng_.Below(100) < static_cast<uint64_t>(percent); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[rng_.Below(v.size())];
  }
  template <typename T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[rng_.Below(N)];
  }

  // A device for the next step. Half the scenarios focus on one account:
  // most steps then act on its devices, which reaches the deep states of one
  // account (a second logout with nothing counting, a lost native instance
  // logged out) that steps spread over five accounts rarely do.
  const Device& PickDevice(bool acts) {
    std::vector<size_t> pool;
    if (acts && Chance(80)) pool = logged_in_;
    if (focus_ && Chance(75)) {
      std::vector<size_t> focused;
      const std::vector<size_t>& from = pool.empty() ? all_devices_ : pool;
      for (size_t i : from) {
        if (devices_[i].home == *focus_) focused.push_back(i);
      }
      if (!focused.empty()) pool = std::move(focused);
    }
    return pool.empty() ? Pick(devices_) : devices_[Pick(pool)];
  }

  void PickSwarm() {
    for (size_t f = 0; f < swarm_.size(); ++f) {
      swarm_[f] = Chance(50);
      weights_[f] = kWeights[f] * static_cast<int>(Between(1, 3));  // swarm weights vary too
    }
    swarm_[static_cast<size_t>(Feature::kLogin)] = Chance(92);
    swarm_[static_cast<size_t>(Feature::kWait)] = Chance(80);
    const Feature apis[] = {Feature::kSet, Feature::kGet, Feature::kSubscribe, Feature::kUnsubscribe};
    if (std::none_of(std::begin(apis), std::end(apis),
                     [&](Feature f) { return swarm_[static_cast<size_t>(f)]; })) {
      swarm_[static_cast<size_t>(Pick(apis))] = true;
    }
  }

  void MakeWorld() {
    const int64_t accounts = Between(1, std::min<int64_t>(options_.max_accounts, std::size(kAccountNames)));
    for (int64_t i = 0; i < accounts; ++i) accounts_.emplace_back(kAccountNames[i]);
    for (size_t i = 0; i < accounts_.size(); ++i) {
      for (size_t j = i + 1; j < accounts_.size(); ++j) {
        if (Chance(35)) friends_.emplace_back(accounts_[i], accounts_[j]);
      }
    }
    const size_t focus = rng_.Below(accounts_.size());
    if (Chance(50)) focus_ = accounts_[focus];
    const int64_t devices = Between(1, options_.max_devices);
    std::vector<int> per_account(accounts_.size(), 0);
    for (int64_t i = 0; i < devices; ++i) {
      // One device per account first; the focus account gets most others.
      const size_t a = i < accounts                ? static_cast<size_t>(i)
                       : focus_ && Chance(60)      ? focus
                                                   : rng_.Below(accounts_.size());
      Device d;
      d.home = accounts_[a];
      const uint64_t kind = rng_.Below(100);
      d.platform = kind < 45   ? sim::Platform::kWeb
                   : kind < 55 ? sim::Platform::kMiniProgram
                               : Pick(kNative);
      d.name = fmt::format("{}_{}{}", d.home, sim::PlatformName(d.platform), ++per_account[a]);
      devices_.push_back(std::move(d));
      all_devices_.push_back(devices_.size() - 1);
    }
  }

  void MakeApp() {
    app_.premium = Chance(75);
    app_.console.status_query_and_notify = Chance(75);
    app_.console.friend_status_notify = Chance(50);
    const uint64_t w = rng_.Below(100);
    app_.console.web_max_instances = w < 60 ? 1 : w < 85 ? 2 : 3;
    for (const ParamChoices& p : SmallParams()) {
      if (Chance(35)) SetParam(p.name, Pick(p.values));
    }
    // A native loss's notice and expiry at one instant (STA-5, PAR-1).
    if (Chance(10)) app_.params.offline_expiry = app_.params.native_heartbeat_timeout;
  }

  void SetParam(std::string_view name, int64_t value) {
    const sim::ParamInfo* info = sim::FindParam(name);
    app_.params.*(info->field) = value;
  }

  Feature PickFeature() {
    int total = 0;
    for (size_t f = 0; f < swarm_.size(); ++f) total += swarm_[f] ? weights_[f] : 0;
    if (total == 0) return Feature::kWait;
    int r = static_cast<int>(rng_.Below(static_cast<uint64_t>(total)));
    for (size_t f = 0; f < swarm_.size(); ++f) {
      if (!swarm_[f]) continue;
      if (r < weights_[f]) return static_cast<Feature>(f);
      r -= weights_[f];
    }
    return Feature::kWait;
  }

  // Appends one step (or a burst of equal calls) and runs it on the reference.
  void AddSteps() {
    const Feature f = PickFeature();
    // Calls and losses mostly on devices that have logged in: they mean more.
    const bool acts = f != Feature::kLogin && f != Feature::kConfigure && f != Feature::kWait;
    const Device& d = PickDevice(acts);
    Step step;
    step.device = d.name;
    switch (f) {
      case Feature::kLogin:
        if (std::find(logged_in_.begin(), logged_in_.end(), static_cast<size_t>(&d - devices_.data())) ==
            logged_in_.end()) {
          logged_in_.push_back(static_cast<size_t>(&d - devices_.data()));
        }
        step.kind = Step::Kind::kLogin;
        step.user = Chance(90) ? d.home : Pick(accounts_);
        step.platform = d.platform;
        break;
      case Feature::kLogout:
        step.kind = Step::Kind::kLogout;
        break;
      case Feature::kDisconnectClose:
      case Feature::kDisconnectSilent:
        step.kind = Step::Kind::kDisconnect;
        step.how = f == Feature::kDisconnectClose ? sim::LossKind::kClose : sim::LossKind::kSilent;
        break;
      case Feature::kReconnect:
        step.kind = Step::Kind::kReconnect;
        break;
      case Feature::kSet:
        step.kind = Step::Kind::kCall;
        step.api = sim::Api::kSetSelfStatus;
        step.args = SetArgs();
        break;
      case Feature::kGet:
      case Feature::kSubscribe:
      case Feature::kUnsubscribe:
        step.kind = Step::Kind::kCall;
        step.api = f == Feature::kGet         ? sim::Api::kGetUserStatus
                   : f == Feature::kSubscribe ? sim::Api::kSubscribeUserStatus
                                              : sim::Api::kUnsubscribeUserStatus;
        step.args = ListArgs(step.api, d.home);
        break;
      case Feature::kConfigure:
        step.kind = Step::Kind::kConfigure;
        step.device.clear();
        step.configure = Patch();
        break;
      case Feature::kLeaveAll:
        return LeaveAll(d.home);
      case Feature::kWait:
      case Feature::kCount:
        step.kind = Step::Kind::kWait;
        step.device.clear();
        step.wait = Wait();
        break;
    }
    int copies = 1;
    if (step.kind == Step::Kind::kCall && step.api != sim::Api::kSetSelfStatus && Chance(8)) {
      // A burst at one instant: up to one past the rate limit (RL-2).
      copies = static_cast<int>(std::clamp<int64_t>(app_.params.rate_count + 1, 2, 22));
    }
    for (int i = 0; i < copies; ++i) Execute(step);
  }

  void LeaveAll(std::string account) {  // a copy: Sibling may add devices
    std::vector<size_t> mine;
    for (size_t i : logged_in_) {
      if (devices_[i].home == account) mine.push_back(i);
    }
    if (mine.size() < 3 && Chance(50)) {
      // One more instance first: what happens when the last of several
      // leaves (CLR-1..4, STA-3) needs several.
      std::vector<size_t> idle;
      for (size_t i = 0; i < devices_.size(); ++i) {
        if (devices_[i].home == account && std::find(mine.begin(), mine.end(), i) == mine.end()) {
          idle.push_back(i);
        }
      }
      if (!idle.empty()) {
        const size_t i = Pick(idle);
        Step login;
        login.kind = Step::Kind::kLogin;
        login.device = devices_[i].name;
        login.user = account;
        login.platform = devices_[i].platform;
        Execute(login);
        if (std::find(logged_in_.begin(), logged_in_.end(), i) == logged_in_.end()) {
          logged_in_.push_back(i);
        }
        mine.push_back(i);
      }
    }
    for (size_t k = mine.size(); k > 1; --k) std::swap(mine[k - 1], mine[rng_.Below(k)]);
    if (!mine.empty() && Chance(80)) {
      // Leave with subscriptions, which CLR-4 then empties (or not).
      Step sub;
      sub.kind = Step::Kind::kCall;
      sub.api = sim::Api::kSubscribeUserStatus;
      sub.device = devices_[mine.front()].name;
      Value ids = Value::EmptyArray();
      for (const std::string& a : accounts_) {
        if (a != account) ids.Push(Value(a));
      }
      sub.args = Value::EmptyObject();
      sub.args->Set("userIDList", std::move(ids));
      if (!sub.args->Find("userIDList")->as_array().empty()) {
        Execute(sub);
        if (Chance(25)) LowerCapThenFail(devices_[mine.front()], account);
      }
    }
    std::vector<size_t> lost;
    bool deadline = false;  // the last one logged out beside lost ones (CLR-4)
    for (size_t i : mine) {
      Step step;
      step.device = devices_[i].name;
      uint64_t r = rng_.Below(3);
      // The last one often logs out while others are lost: a logout that
      // leaves nothing counting beside held lost instances (CLR-4).
      if (i == mine.back() && !lost.empty() && Chance(50)) r = 0;
      deadline = i == mine.back() && !lost.empty() && r == 0;
      step.kind = r == 0 ? Step::Kind::kLogout : Step::Kind::kDisconnect;
      step.how = r == 1 ? sim::LossKind::kClose : sim::LossKind::kSilent;
      if (r != 0) lost.push_back(i);
      Execute(step);
      if (deadline && Chance(50)) {
        // Some time inside the subscription delay, before the logout of a
        // lost one below: a second such logout, later (CLR-4).
        Step wait;
        wait.kind = Step::Kind::kWait;
        wait.wait = Between(1, std::max<Millis>(1, app_.params.subscription_clear_delay / 2));
        Execute(wait);
      } else if (Chance(60)) {
        Execute(WaitStep());
        if (Chance(30)) Observe(account);  // between two expiries, say (STA-5)
      }
    }
    std::optional<size_t> logged_out;
    if (!lost.empty() && Chance(60)) {
      Step step;
      step.kind = Step::Kind::kLogout;  // SES-9: the logout of a lost instance
      logged_out = Pick(lost);
      step.device = devices_[*logged_out].name;
      Execute(step);
      if (Chance(50)) Execute(WaitStep());
    }
    if (Chance(20)) MoveClearDelay();  // GATE-4: pending clears keep their deadlines
    if (Chance(40)) {
      // Look at the account while it is away: OFFLINE or UNLOGINED, and
      // which lost instance still holds it (STA-3, STA-5, SES-5).
      Execute(WaitStep());
      Observe(account);
    }
    if (mine.empty() || Chance(25)) return;
    // Come back after a deadline, and let another account change: what the
    // account receives then shows what its timers did (CLR-1..4, STA-5).
    std::vector<size_t> reconnectable;
    for (size_t i : lost) {
      if (!logged_out || i != *logged_out) reconnectable.push_back(i);
    }
    const bool reconnect = !reconnectable.empty() && Chance(deadline ? 70 : 35);
    // A reconnect mostly comes before the deadlines, which it cancels; a
    // login mostly on or just after the earliest one.
    if (!reconnect) {
      Execute(Chance(70) ? DeadlineWait() : WaitStep());
    } else if (Chance(40)) {
      Execute(WaitStep());
    }
    if ((!app_.premium || !app_.console.status_query_and_notify) && Chance(60)) {
      // What the account receives back shows what its timers did: only with
      // the gates open (GATE-1, GATE-2).
      Step open;
      open.kind = Step::Kind::kConfigure;
      open.configure.premium = true;
      open.configure.status_query_and_notify = true;
      Execute(open);
    }
    Step back;
    if (reconnect) {
      // A lost instance comes back by itself (SES-7): CLR-3 and CLR-4 for a
      // reconnect, not a login.
      back.kind = Step::Kind::kReconnect;
      back.device = devices_[Pick(reconnectable)].name;
    } else {
      back.kind = Step::Kind::kLogin;
      back.user = account;
      const size_t from = Sibling(mine, lost).value_or(Pick(mine));
      back.device = devices_[from].name;
      back.platform = devices_[from].platform;
    }
    Execute(back);
    if (back.kind == Step::Kind::kReconnect && Chance(70)) {
      // Past any subscription deadline the reconnect cancelled, or not (CLR-4).
      Step wait;
      wait.kind = Step::Kind::kWait;
      wait.wait = std::max<Millis>(1, app_.params.subscription_clear_delay + 1);
      Execute(wait);
    }
    if (back.kind == Step::Kind::kLogin && Chance(30)) {
      // And leave again: a kicked holder no longer holds OFFLINE (SES-5).
      Step again;
      again.kind = Step::Kind::kLogout;
      again.device = back.device;
      Execute(again);
      Observe(account);
    }
    const std::optional<size_t> other = OtherLoggedIn(account);
    if (other) ChangeStatus(*other);
  }

  // Device i sets one of the generated custom statuses.
  void ChangeStatus(size_t i) {
    Step change;
    change.kind = Step::Kind::kCall;
    change.api = sim::Api::kSetSelfStatus;
    change.device = devices_[i].name;
    change.args = Value::EmptyObject();
    change.args->Set("customStatus", Value(Pick(kStatusTexts)));
    Execute(change);
  }

  // A device of the account, on the platform of one of its lost native
  // instances but not that one, when the world has such a pair (half the
  // time): its login kicks the lost instance (SES-5).
  std::optional<size_t> Sibling(const std::vector<size_t>& mine, const std::vector<size_t>& lost) {
    if (mine.empty() || lost.empty() || Chance(50)) return std::nullopt;
    const Device l = devices_[Pick(lost)];
    if (sim::IsWebLike(l.platform)) return std::nullopt;
    std::optional<size_t> sibling;
    for (size_t i = 0; i < devices_.size() && !sibling; ++i) {
      if (devices_[i].home == l.home && devices_[i].platform == l.platform &&
          devices_[i].name != l.name) {
        sibling = i;
      }
    }
    if (!sibling) {  // a new device of the account on that platform
      Device d{fmt::format("{}_{}{}", l.home, sim::PlatformName(l.platform), devices_.size() + 1),
               l.home, l.platform};
      devices_.push_back(std::move(d));
      all_devices_.push_back(devices_.size() - 1);
      sibling = devices_.size() - 1;
    }
    if (std::find(logged_in_.begin(), logged_in_.end(), *sibling) == logged_in_.end()) {
      logged_in_.push_back(*sibling);
    }
    return sibling;
  }

  // A device of another account than `account` that has logged in; when
  // there is none, one logs in now (most of the time), so that someone sees
  // what happens to `account`.
  std::optional<size_t> OtherLoggedIn(const std::string& account) {
    std::vector<size_t> others;
    for (size_t i : logged_in_) {
      if (devices_[i].home != account) others.push_back(i);
    }
    if (!others.empty()) return Pick(others);
    std::vector<size_t> idle;
    for (size_t i = 0; i < devices_.size(); ++i) {
      if (devices_[i].home != account) idle.push_back(i);
    }
    if (idle.empty() || Chance(30)) return std::nullopt;
    const size_t i = Pick(idle);
    Step login;
    login.kind = Step::Kind::kLogin;
    login.device = devices_[i].name;
    login.user = devices_[i].home;
    login.platform = devices_[i].platform;
    Execute(login);
    logged_in_.push_back(i);
    return i;
  }

  // Another account's logged-in device queries `account` (its status type
  // shows which instances still hold it).
  void Observe(const std::string& account) {
    const std::optional<size_t> other = OtherLoggedIn(account);
    if (!other) return;
    Step get;
    get.kind = Step::Kind::kCall;
    get.api = sim::Api::kGetUserStatus;
    get.device = devices_[*other].name;
    get.args = Value::EmptyObject();
    Value ids = Value::EmptyArray();
    ids.Push(Value(account));
    get.args->Set("userIDList", std::move(ids));
    Execute(get);
  }

  // A configure of a clear delay while a clear may be pending (GATE-4).
  void MoveClearDelay() {
    Step step;
    step.kind = Step::Kind::kConfigure;
    const std::string_view name =
        Chance(50) ? "custom_status_clear_delay" : "subscription_clear_delay";
    for (const ParamChoices& c : SmallParams()) {
      if (c.name == name) step.configure.params.emplace_back(std::string(name), Pick(c.values));
    }
    Execute(step);
  }

  // After subscribing `from` to every other account: a lowered cap, then a
  // subscribe that adds nobody (it evicts nobody, GATE-4), then the earliest
  // subscribed account changes.
  void LowerCapThenFail(const Device& from, const std::string& account) {
    Step lower;
    lower.kind = Step::Kind::kConfigure;
    lower.configure.params.emplace_back("subscription_cap", 1);
    Execute(lower);
    Step sub;
    sub.kind = Step::Kind::kCall;
    sub.api = sim::Api::kSubscribeUserStatus;
    sub.device = from.name;
    sub.args = Value::EmptyObject();
    Value ids = Value::EmptyArray();
    ids.Push(Value(Chance(50) ? account : std::string(Pick(kUnknownIds))));
    sub.args->Set("userIDList", std::move(ids));
    Execute(sub);
    std::vector<size_t> first;
    for (size_t i : logged_in_) {
      if (devices_[i].home != account) first.push_back(i);
    }
    if (!first.empty()) ChangeStatus(Pick(first));
  }

  // A wait to the earliest pending timer of the reference, or 1 ms past it.
  Step DeadlineWait() {
    Step step;
    step.kind = Step::Kind::kWait;
    const std::vector<Millis> dues = reference_.simulation()->backend().PendingTimerDues();
    const auto next = std::find_if(dues.begin(), dues.end(), [&](Millis d) { return d > now_; });
    step.wait = next == dues.end() ? Wait() : *next - now_ + Between(0, 1);
    return step;
  }

  Step WaitStep() {
    Step step;
    step.kind = Step::Kind::kWait;
    step.wait = Wait();
    return step;
  }

  void Execute(const Step& step) {
    s_->steps.push_back(step);
    std::vector<DeviceEvent> events;
    switch (step.kind) {
      case Step::Kind::kConfigure:
        step.configure.ApplyTo(&app_);
        (void)reference_.Configure(app_);
        break;
      case Step::Kind::kWait:
        now_ += step.wait;
        (void)reference_.Time(now_);
        break;
      default:
        if (step.kind == Step::Kind::kCall && step.api != sim::Api::kSetSelfStatus) {
          calls_.push_back(now_);
        }
        (void)reference_.Do(step);
        break;
    }
    (void)reference_.Sync(&events);
  }

  // A list of IDs for the caller `self`, at the edges of `limit`.
  Value IdList(int64_t limit, const std::string& self) {
    int64_t size;
    const uint64_t r = rng_.Below(100);
    if (r < 30) {
      size = 1;
    } else if (r < 60) {
      size = Between(2, 3);
    } else if (r < 75 && limit <= 101) {
      size = limit + (Chance(50) ? 1 : 0);
    } else if (r < 80) {
      size = 0;
    } else {
      size = Between(1, 6);
    }
    Value list = Value::EmptyArray();
    for (int64_t i = 0; i < size; ++i) {
      const uint64_t k = rng_.Below(100);
      if (k < 55) {
        list.Push(Value(Pick(accounts_)));
      } else if (k < 65) {
        list.Push(Value(self));
      } else if (k < 75) {
        list.Push(Value(Pick(kUnknownIds)));
      } else if (k < 88 && !list.as_array().empty()) {
        list.Push(Value(list.as_array()[rng_.Below(list.as_array().size())]));  // a duplicate
      } else if (k < 94) {
        const Value odd[] = {Value(7), Value(true), Value(nullptr), Value::EmptyObject()};
        list.Push(Value(Pick(odd)));
      } else {
        list.Push(Value(Pick(accounts_)));
      }
    }
    return list;
  }

  // Options that are not an object, or absent (API-3, UNS-1, UNS-6).
  std::optional<Value> OddOptions() {
    switch (rng_.Below(5)) {
      case 0:
        return std::nullopt;
      case 1:
        return Value("alice");
      case 2:
        return Value(5);
      case 3:
        return Value::EmptyArray();
      default:
        return Value(nullptr);
    }
  }

  std::optional<Value> ListArgs(sim::Api api, const std::string& self) {
    const uint64_t r = rng_.Below(100);
    const bool unsubscribe = api == sim::Api::kUnsubscribeUserStatus;
    if (r < 5) return OddOptions();
    Value args = Value::EmptyObject();
    if (r < 9) {
      const Value odd[] = {Value("alice"), Value(nullptr), Value(3), Value::EmptyObject()};
      args.Set("userIDList", Pick(odd));
      return args;
    }
    if (r < 12 || (unsubscribe && r < 22)) return args;  // no userIDList
    const int64_t limit = api == sim::Api::kGetUserStatus ? app_.params.get_max_users
                                                          : app_.params.subscribe_max_users;
    args.Set("userIDList", IdList(limit, self));
    return args;
  }

  // A text of exactly `bytes` bytes of UTF-8, multi-byte when asked.
  std::string TextOfBytes(int64_t bytes, bool multibyte) {
    std::string s;
    while (multibyte && static_cast<int64_t>(s.size()) + 3 <= bytes) s += "中";
    while (static_cast<int64_t>(s.size()) < bytes) s += 'x';
    return s;
  }

  std::optional<Value> SetArgs() {
    const uint64_t r = rng_.Below(100);
    if (r < 4) return OddOptions();
    Value args = Value::EmptyObject();
    if (r < 7) return args;  // no customStatus
    const int64_t max = std::min<int64_t>(app_.params.custom_status_max_bytes, 300);
    Value text;
    if (r < 12) {
      const Value odd[] = {Value(1), Value(nullptr), Value(true), Value::EmptyObject()};
      text = Pick(odd);
    } else if (r < 27) {
      text = Value("");
    } else if (r < 37 && !last_text_.empty()) {
      text = Value(last_text_);  // unchanged (SET-6)
    } else if (r < 57) {
      text = Value(TextOfBytes(max + (Chance(50) ? 1 : 0), Chance(50)));
    } else {
      text = Value(Pick(kStatusTexts));
    }
    if (text.is_string()) last_text_ = text.as_string();
    args.Set("customStatus", std::move(text));
    return args;
  }

  AppPatch Patch() {
    AppPatch p;
    switch (rng_.Below(6)) {
      case 0:
        p.premium = !app_.premium;
        break;
      case 5:  // a lowered limit applies later (GATE-4)
        if (Chance(50)) {
          p.params.emplace_back("subscription_cap", Between(1, 2));
        } else {
          p.web_max_instances = 1;
        }
        break;
      case 1:
        p.status_query_and_notify = !app_.console.status_query_and_notify;
        break;
      case 2:
        p.friend_status_notify = !app_.console.friend_status_notify;
        break;
      case 3:
        p.web_max_instances = Between(1, 3);
        break;
      default: {
        const ParamChoices& c = Pick(SmallParams());
        p.params.emplace_back(std::string(c.name), Pick(c.values));
        break;
      }
    }
    return p;
  }

  // A wait that lands on, just before or just after a pending deadline:
  // the reference's timers, or the end of a rate window (RL-2: a window
  // ends strictly after `rate_window`).
  Millis Wait() {
    std::vector<Millis> targets;
    for (Millis due : reference_.simulation()->backend().PendingTimerDues()) {
      if (due > now_) targets.push_back(due);
    }
    const size_t timers = targets.size();
    for (size_t i = calls_.size() > 3 ? calls_.size() - 3 : 0; i < calls_.size(); ++i) {
      const Millis end = calls_[i] + app_.params.rate_window;
      if (end >= now_) targets.push_back(end);
    }
    if (!targets.empty() && Chance(75)) {
      // The earliest timer most often: later ones are reached by later waits.
      const size_t i = timers > 0 && Chance(60) ? 0 : rng_.Below(targets.size());
      const Millis offset = static_cast<Millis>(rng_.Below(3)) - 1;  // -1, 0, +1
      return std::max<Millis>(1, targets[i] + offset - now_);
    }
    const Millis plain[] = {1, 100, 1000, 5000, 30'000, 60'000};
    return Pick(plain);
  }

  sim::Rng rng_;
  GenerateOptions options_;
  std::array<bool, static_cast<size_t>(Feature::kCount)> swarm_{};
  std::array<int, static_cast<size_t>(Feature::kCount)> weights_{};
  std::vector<std::string> accounts_;
  std::vector<std::pair<std::string, std::string>> friends_;
  std::vector<Device> devices_;
  std::vector<size_t> logged_in_;  // indexes of devices with a login step so far
  std::vector<size_t> all_devices_;
  std::optional<std::string> focus_;  // the account most steps act on, if any
  sim::App app_;
  Scenario* s_ = nullptr;
  BuiltinClient reference_;
  Millis now_ = 0;
  std::vector<Millis> calls_;  // instants of calls that may reach a rate limiter
  std::string last_text_;
};

}  // namespace

std::string_view FeatureName(Feature f) {
  constexpr std::string_view kNames[] = {"login", "logout",    "disconnect-close", "disconnect-silent",
                                         "reconnect", "set",   "get",              "subscribe",
                                         "unsubscribe", "configure", "wait", "leave-all"};
  const size_t i = static_cast<size_t>(f);
  return i < std::size(kNames) ? kNames[i] : "?";
}

void RecomputeDevices(Scenario* scenario) {
  scenario->devices.clear();
  for (const Step& step : scenario->steps) {
    if (step.device.empty()) continue;
    if (std::find(scenario->devices.begin(), scenario->devices.end(), step.device) ==
        scenario->devices.end()) {
      scenario->devices.push_back(step.device);
    }
  }
}

Generated GenerateScenario(uint64_t seed, const GenerateOptions& options) {
  // The seed goes through splitmix64 inside Rng: neighbouring seeds give
  // unrelated scenarios.
  return Generator(seed, options).Run(seed);
}

}  // namespace statussim::harness
