// The steps of a scenario (SCENARIOS.md "Steps", "Expectations on a step",
// "Expectations on events"): one action each (login, logout, disconnect,
// reconnect, call, configure, wait, expect_events), with `expect` and `times`,
// and the check that expect_events names only devices that actions name.
// Members of the Loader (loader_walk.h).
#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/loader_limits.h"
#include "harness/loader_walk.h"
#include "harness/yaml_scalars.h"
#include "sim/types.h"

namespace statussim::harness {
namespace loader_internal {
namespace {

// --- Keys of the fixed maps (SCENARIOS.md "Steps", ...).
constexpr std::string_view kActions[] = {"login", "logout",    "disconnect", "reconnect",
                                         "call",  "configure", "wait",       "expect_events"};
constexpr std::string_view kStepKeys[] = {"login",  "logout",    "disconnect", "reconnect",
                                          "call",   "configure", "wait",       "expect_events",
                                          "expect", "times"};
constexpr std::string_view kLoginKeys[] = {"device", "user", "platform"};
constexpr std::string_view kDeviceKeys[] = {"device"};
constexpr std::string_view kDisconnectKeys[] = {"device", "how"};
constexpr std::string_view kCallKeys[] = {"device", "api", "args"};
constexpr std::string_view kExpectKeys[] = {"ok", "error", "throws", "ordered"};
constexpr std::string_view kCodeKeys[] = {"code"};
constexpr std::string_view kItemKeys[] = {"status", "error", "kicked"};
constexpr std::string_view kStatusKeys[] = {"userID", "statusType", "customStatus"};
constexpr std::string_view kKickedKeys[] = {"type"};
constexpr std::string_view kCallRequired[] = {"device", "api"};

Step::Kind ActionKind(std::string_view key) {
  using K = Step::Kind;
  constexpr std::pair<std::string_view, K> kKinds[] = {{"login", K::kLogin},
                                                       {"logout", K::kLogout},
                                                       {"disconnect", K::kDisconnect},
                                                       {"reconnect", K::kReconnect},
                                                       {"call", K::kCall},
                                                       {"configure", K::kConfigure},
                                                       {"wait", K::kWait},
                                                       {"expect_events", K::kExpectEvents}};
  for (const auto& [name, kind] : kKinds) {
    if (name == key) return kind;
  }
  return K::kWait;  // not reached: `key` is one of kActions
}

bool AllowsExpect(Step::Kind k) {
  return k != Step::Kind::kConfigure && k != Step::Kind::kWait && k != Step::Kind::kExpectEvents;
}

}  // namespace

// ---------------------------------------------------------------- steps

// SCENARIOS.md "Steps": one action key, plus optional `expect` and `times`.
void Loader::ReadStep(const YAML::Node& n, const Location& at) {
  if (!n.IsMap()) {
    return Fail(at, fmt::format("a step must be a map with one action ({}), not {}",
                                JoinKeys(kActions), Describe(n)));
  }
  if (!CheckCollectionTag(n, at)) return;
  Step step;
  step.where = at;
  std::optional<Entry> action;
  std::optional<Entry> expect;
  const size_t errors_before = errors_.size();
  ForEachField(n, "step", kStepKeys, [&](const Entry& e) {
    if (e.key == "expect") {
      expect = e;
      expect->alias_note = AliasNote();
    } else if (e.key == "times") {
      if (auto t = ReadInt(e.value, e.value_at, "times", 1, kMaxTimes)) {
        step.times = static_cast<int>(*t);
      }
    } else if (action) {
      Fail(e.key_at, fmt::format("a step has one action; this one has both '{}' and '{}'",
                                 action->key, e.key));
    } else {
      action = e;
      action->alias_note = AliasNote();
    }
  });
  if (!action) {
    if (errors_.size() == errors_before) {
      Fail(at, fmt::format("a step needs an action: one of {}", JoinKeys(kActions)));
    }
    return;
  }
  step.kind = ActionKind(action->key);
  WithScope(*action, [&] { ReadAction(*action, &step); });
  if (expect) {
    if (!AllowsExpect(step.kind)) {
      WithScope(*expect, [&] {
        Fail(expect->key_at, fmt::format("'expect' is not allowed with '{}' (only with login, "
                                         "logout, disconnect, reconnect and call)",
                                         action->key));
      });
    } else {
      WithScope(*expect, [&] { ReadExpect(*expect, &step); });
    }
  }
  scenario_.steps.push_back(std::move(step));
}

void Loader::ReadAction(const Entry& e, Step* step) {
  switch (step->kind) {
    case Step::Kind::kLogin:
      return ReadLogin(e, step);
    case Step::Kind::kLogout:
    case Step::Kind::kReconnect:
      return ReadDeviceOnly(e, step);
    case Step::Kind::kDisconnect:
      return ReadDisconnect(e, step);
    case Step::Kind::kCall:
      return ReadCall(e, step);
    case Step::Kind::kConfigure:
      if (auto patch = ReadAppPatch(e, "configure")) step->configure = *patch;
      return;
    case Step::Kind::kWait:
      if (auto ms = ReadDuration(e.value, e.value_at, "wait")) step->wait = *ms;
      return;
    case Step::Kind::kExpectEvents:
      return ReadExpectEvents(e, step);
  }
}

// The `device` of an action step: recorded in order of first appearance.
std::optional<std::string> Loader::ReadDevice(const Entry& e) {
  std::optional<std::string> device = ReadId(e.value, e.value_at, "device");
  if (device && action_devices_.insert(*device).second) scenario_.devices.push_back(*device);
  return device;
}

void Loader::ReadLogin(const Entry& e, Step* step) {
  if (!IsMap(e.value, e.value_at, "login")) return;
  std::optional<std::string> device;
  std::optional<Location> platform_at;
  const auto seen = ForEachField(e.value, "login", kLoginKeys, [&](const Entry& f) {
    if (f.key == "device") {
      if ((device = ReadDevice(f))) step->device = *device;
    } else if (f.key == "user") {
      const std::optional<std::string> user = ReadId(f.value, f.value_at, "user");
      if (!user) return;
      if (accounts_ok_ && !accounts_.count(*user)) {
        return Fail(f.value_at, fmt::format("user {} is not in accounts", Quote(*user)));
      }
      step->user = *user;
    } else if (auto name = ReadString(f.value, f.value_at, "platform")) {
      if (auto p = sim::ParsePlatform(*name)) {
        step->platform = *p;
        platform_at = f.value_at;
      } else {
        Fail(f.value_at, fmt::format("unknown platform {}; expected one of web, miniprogram, "
                                     "android, ios, windows, mac, ipad",
                                     Quote(*name)));
      }
    }
  });
  Require(e.value_at, "login", seen, kLoginKeys);
  if (!device || !platform_at) return;
  // SCENARIOS.md "Steps": a device keeps one platform.
  const auto [it, inserted] = platforms_.emplace(*device, std::pair{step->platform, *platform_at});
  if (!inserted && it->second.first != step->platform) {
    Fail(*platform_at,
         fmt::format("device {} logs in with platform {}, but it logged in with {} at line {}: a "
                     "device keeps one platform",
                     Quote(*device), sim::PlatformName(step->platform),
                     sim::PlatformName(it->second.first), it->second.second.line));
  }
}

void Loader::ReadDeviceOnly(const Entry& e, Step* step) {
  if (!IsMap(e.value, e.value_at, e.key)) return;
  const auto seen = ForEachField(e.value, e.key, kDeviceKeys, [&](const Entry& f) {
    if (auto d = ReadDevice(f)) step->device = *d;
  });
  Require(e.value_at, e.key, seen, kDeviceKeys);
}

void Loader::ReadDisconnect(const Entry& e, Step* step) {
  if (!IsMap(e.value, e.value_at, "disconnect")) return;
  const auto seen = ForEachField(e.value, "disconnect", kDisconnectKeys, [&](const Entry& f) {
    if (f.key == "device") {
      if (auto d = ReadDevice(f)) step->device = *d;
      return;
    }
    const std::optional<std::string> how = ReadString(f.value, f.value_at, "how");
    if (how == "close") {
      step->how = sim::LossKind::kClose;
    } else if (how == "silent") {
      step->how = sim::LossKind::kSilent;
    } else if (how) {
      Fail(f.value_at, fmt::format("unknown how {}; expected close or silent", Quote(*how)));
    }
  });
  Require(e.value_at, "disconnect", seen, kDeviceKeys);
}

void Loader::ReadCall(const Entry& e, Step* step) {
  if (!IsMap(e.value, e.value_at, "call")) return;
  const auto seen = ForEachField(e.value, "call", kCallKeys, [&](const Entry& f) {
    if (f.key == "device") {
      if (auto d = ReadDevice(f)) step->device = *d;
    } else if (f.key == "api") {
      const std::optional<std::string> name = ReadString(f.value, f.value_at, "api");
      if (!name) return;
      if (auto api = sim::ParseApi(*name)) {
        step->api = *api;
      } else {
        Fail(f.value_at, fmt::format("unknown api {}; expected one of setSelfStatus, "
                                     "getUserStatus, subscribeUserStatus, unsubscribeUserStatus",
                                     Quote(*name)));
      }
    } else {
      // Omitted `args` is "undefined"; `args: null` is a present null (UNS-6).
      step->args = ToValue(f.value, f.value_at, ValueMode::kArgs, 0);
    }
  });
  Require(e.value_at, "call", seen, kCallRequired);
}

// SCENARIOS.md "Expectations on events".
void Loader::ReadExpectEvents(const Entry& e, Step* step) {
  if (!IsMap(e.value, e.value_at, "expect_events")) return;
  ForEachEntry(e.value, [&](const Entry& f) {
    const std::optional<std::string> device = ReadId(f.key_node, f.key_at, "device");
    if (!device) return;
    event_devices_.push_back({*device, f.key_at, AliasNote()});
    if (!IsList(f.value, f.value_at,
                fmt::format("the events of {} ([] for none)", Quote(*device)))) {
      return;
    }
    DeviceExpectation x;
    x.device = *device;
    x.where = f.key_at;
    ForEachItem(f.value, [&](const YAML::Node& item, const Location& at) {
      if (auto i = ReadEventItem(item, at)) x.items.push_back(std::move(*i));
    });
    step->expect_events.push_back(std::move(x));
  });
}

std::optional<ExpectedItem> Loader::ReadEventItem(const YAML::Node& n, const Location& at) {
  if (!IsMap(n, at, "an event item ({status: ...}, {error: ...} or {kicked: ...})")) {
    return std::nullopt;
  }
  ExpectedItem item;
  item.where = at;
  std::optional<std::string> kind;
  const size_t errors_before = errors_.size();
  ForEachField(n, "event item", kItemKeys, [&](const Entry& e) {
    if (kind) {
      return Fail(e.key_at, fmt::format("an event item is exactly one of status, error, kicked; "
                                        "this one has both '{}' and '{}'",
                                        *kind, e.key));
    }
    kind = e.key;
    item.kind = e.key == "status"  ? ExpectedItem::Kind::kStatus
                : e.key == "error" ? ExpectedItem::Kind::kError
                                   : ExpectedItem::Kind::kKicked;
    ReadItemBody(e, &item);
  });
  if (!kind && errors_.size() == errors_before) {
    Fail(at, "an event item needs one of status, error, kicked");
  }
  if (errors_.size() != errors_before) return std::nullopt;
  return item;
}

// The named keys of an item, normalised: statusType 0..3, code an integer.
void Loader::ReadItemBody(const Entry& e, ExpectedItem* item) {
  if (!IsMap(e.value, e.value_at, fmt::format("the body of '{}'", e.key))) return;
  Value::Object& fields = item->fields.as_object();
  const auto read = [&](const Entry& f) {
    std::optional<Value> v;
    if (f.key == "userID") {
      if (auto id = ReadId(f.value, f.value_at, "user")) v = Value(*id);
    } else if (f.key == "statusType") {
      if (auto t = ReadStatusType(f.value, f.value_at)) v = Value(*t);
    } else if (f.key == "customStatus") {
      if (auto s = ReadString(f.value, f.value_at, "customStatus")) v = Value(*s);
    } else if (f.key == "code") {
      if (auto c = ReadInt(f.value, f.value_at, "code", INT32_MIN, INT32_MAX)) v = Value(*c);
    } else if (auto t = ReadString(f.value, f.value_at, "kicked type")) {
      if (*t != "multipleAccount" && *t != "multipleDevice") {
        Fail(f.value_at, fmt::format("kicked type must be multipleAccount or multipleDevice, "
                                     "not {}",
                                     Quote(*t)));
      } else {
        v = Value(*t);
      }
    }
    if (v) fields.emplace_back(f.key, std::move(*v));
  };
  if (e.key == "status") {
    ForEachField(e.value, "status", kStatusKeys, read);
  } else if (e.key == "kicked") {
    ForEachField(e.value, "kicked", kKickedKeys, read);
  } else {
    ForEachEntry(e.value, [&](const Entry& f) {
      if (f.key == "message") {
        return Fail(f.key_at,
                    "'message' is not allowed in an error item: messages are not "
                    "compared (SPEC VAL-4); write {error: {code: N}}");
      }
      if (f.key != "code") return UnknownKey(f, "error", kCodeKeys);
      read(f);
    });
  }
}

// SCENARIOS.md "Expectations on a step": exactly one of ok, error, throws;
// `ordered` only beside ok.
void Loader::ReadExpect(const Entry& e, Step* step) {
  Expectation& x = step->expect;
  x.where = e.key_at;
  if (!IsMap(e.value, e.value_at, "expect ({ok: DATA}, {error: CODE} or {throws: true})")) return;
  std::optional<std::string> kind;
  std::optional<Location> ordered_at;
  const size_t errors_before = errors_.size();
  ForEachField(e.value, "expect", kExpectKeys, [&](const Entry& f) {
    if (f.key == "ordered") {
      ordered_at = f.key_at;
      if (auto b = ReadBool(f.value, f.value_at, "ordered")) x.ordered = *b;
      return;
    }
    if (kind) {
      return Fail(f.key_at, fmt::format("expect has exactly one of ok, error, throws; this one has "
                                        "both '{}' and '{}'",
                                        *kind, f.key));
    }
    kind = f.key;
    if (f.key == "ok") {
      x.kind = Expectation::Kind::kOk;
      if (f.value.IsNull()) {
        return Fail(f.value_at, "ok needs data to compare; write {ok: {}} to check success only");
      }
      x.data = ToValue(f.value, f.value_at, ValueMode::kOkData, 0);
    } else if (f.key == "error") {
      ReadExpectError(f, &x);
    } else {
      x.kind = Expectation::Kind::kThrows;
      if (!IsPlain(f.value) || f.value.Scalar() != "true") {
        Fail(f.value_at, fmt::format("throws takes only true (omit expect to expect success), "
                                     "not {}",
                                     Describe(f.value)));
      }
    }
  });
  if (!kind) {
    if (errors_.size() == errors_before) {
      Fail(e.value_at, "expect needs exactly one of ok, error, throws");
    }
    return;
  }
  if (ordered_at && *kind != "ok") {
    Fail(*ordered_at, "'ordered' is only allowed beside 'ok'");
  }
}

// {error: CODE} or {error: {code: CODE}}.
void Loader::ReadExpectError(const Entry& e, Expectation* x) {
  x->kind = Expectation::Kind::kError;
  if (!e.value.IsMap()) {
    if (auto c = ReadInt(e.value, e.value_at, "error code", INT32_MIN, INT32_MAX)) {
      x->code = static_cast<int>(*c);
    }
    return;
  }
  if (!CheckCollectionTag(e.value, e.value_at)) return;
  const auto seen = ForEachField(e.value, "error", kCodeKeys, [&](const Entry& f) {
    if (auto c = ReadInt(f.value, f.value_at, "error code", INT32_MIN, INT32_MAX)) {
      x->code = static_cast<int>(*c);
    }
  });
  Require(e.value_at, "error", seen, kCodeKeys);
}

// SCENARIOS.md: a device that expect_events names but no action step names
// anywhere in the file is a typo.
void Loader::CheckEventDevices() {
  for (const EventDevice& d : event_devices_) {
    if (action_devices_.count(d.device)) continue;
    std::string reason = fmt::format(
        "expect_events names device {}, which no action step of "
        "this scenario names (a typo?)",
        Quote(d.device));
    if (!d.note.empty()) reason += " (" + d.note + ")";
    if (errors_.size() < kMaxErrors) {
      errors_.push_back(LoadError{file_, d.at, std::move(reason)});
    } else {
      ++dropped_errors_;
    }
  }
}

}  // namespace loader_internal
}  // namespace statussim::harness
