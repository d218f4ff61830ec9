// The scenario loader (SCENARIOS.md, format v1): YAML text in, a validated
// Scenario or located input errors out.
//
// Shape: the raw text is checked first (size, UTF-8, control characters),
// then parsed by yaml-cpp, then one Loader walks the tree, converting and
// validating every node (loader_walk.h says how).
#include "harness/loader.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "harness/loader_limits.h"
#include "harness/loader_walk.h"
#include "harness/yaml_scalars.h"

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

}  // namespace

// ---------------------------------------------------------------- steps

namespace {

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

// ---------------------------------------------------------------- entry points

namespace {

using loader_internal::At;
using loader_internal::CheckText;
using loader_internal::kMaxFileBytes;
using loader_internal::Loader;

// Records where documents start; builds nothing.
class DocumentStarts : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  std::vector<YAML::Mark> marks;
};

// A scenario file holds one document. yaml-cpp 0.7's LoadAll never returns on
// some inputs (a stray ',' at the top level makes a document that consumes no
// text, again and again), so at most two documents are read here, and a
// second one that starts where the first did is that syntax error.
// Throws YAML::ParserException as YAML::Load does.
std::optional<LoadError> CheckOneDocument(const std::string& text, const std::string& file) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts starts;
  if (!parser.HandleNextDocument(starts) || !parser.HandleNextDocument(starts)) {
    return std::nullopt;
  }
  if (starts.marks.size() < 2) return std::nullopt;
  const YAML::Mark& second = starts.marks[1];
  if (second.pos <= starts.marks[0].pos) {
    const char c =
        second.pos >= 0 && static_cast<size_t>(second.pos) < text.size() ? text[second.pos] : ' ';
    return LoadError{file, At(second), fmt::format("YAML syntax error: unexpected '{}'", c)};
  }
  return LoadError{file, At(second),
                   "a second YAML document ('---'): a scenario file holds one document"};
}

// Parses and loads; all failures become errors. `*errors` gets this file's
// errors in file order.
std::optional<Scenario> LoadParsed(std::string_view text, const std::string& file,
                                   const LoadOptions& options, std::vector<LoadError>* errors,
                                   Location* name_at) {
  if (text.size() > kMaxFileBytes) {
    errors->push_back(
        {file, {}, fmt::format("the file is larger than 10 MiB ({} bytes)", text.size())});
    return std::nullopt;
  }
  if (std::optional<LoadError> bad = CheckText(text, file)) {
    errors->push_back(std::move(*bad));
    return std::nullopt;
  }
  YAML::Node root;
  try {
    const std::string copy(text);
    if (std::optional<LoadError> e = CheckOneDocument(copy, file)) {
      errors->push_back(std::move(*e));
      return std::nullopt;
    }
    root = YAML::Load(copy);
  } catch (const YAML::DeepRecursion& e) {
    errors->push_back({file, At(e.mark), "nesting too deep"});
    return std::nullopt;
  } catch (const YAML::ParserException& e) {
    errors->push_back({file, At(e.mark), "YAML syntax error: " + e.msg});
    return std::nullopt;
  }
  if (root.IsNull()) {
    errors->push_back({file, {}, "empty file: no scenario in it"});
    return std::nullopt;
  }
  Loader loader(file, options);
  loader.Load(root);
  std::vector<LoadError> found = loader.TakeErrors();
  if (!found.empty()) {
    errors->insert(errors->end(), found.begin(), found.end());
    return std::nullopt;
  }
  if (name_at) *name_at = loader.name_at();
  Scenario s = std::move(loader.scenario());
  s.file = file;
  return s;
}

// Scenario::folder: the file's folder relative to `root`, or the name of its
// parent folder when there is no root.
std::string FolderOf(const std::string& file, const std::string& root) {
  namespace fs = std::filesystem;
  const fs::path parent = fs::path(file).lexically_normal().parent_path();
  if (!root.empty()) {
    fs::path base = fs::path(root).lexically_normal();
    if (base.filename().empty()) base = base.parent_path();
    const fs::path rel = parent.lexically_relative(base);
    if (!rel.empty() && *rel.begin() != "..") {
      return rel == "." ? std::string() : rel.generic_string();
    }
  }
  return parent.filename().generic_string();
}

std::optional<Scenario> LoadTextAt(std::string_view text, const std::string& file,
                                   const LoadOptions& options, std::vector<LoadError>* errors,
                                   Location* name_at) {
  std::vector<LoadError> local;
  std::vector<LoadError>* out = errors ? errors : &local;
  try {
    std::optional<Scenario> s = LoadParsed(text, file, options, out, name_at);
    if (s) s->folder = FolderOf(file, options.suite_root);
    return s;
  } catch (const YAML::Exception& e) {
    out->push_back({file, At(e.mark), "internal error while reading the YAML: " + e.msg});
  } catch (const std::exception& e) {
    out->push_back({file, {}, std::string("internal error while loading: ") + e.what()});
  }
  return std::nullopt;
}

}  // namespace

std::string LoadError::ToString() const {
  if (where.line == 0) return fmt::format("{}: {}", file, reason);
  return fmt::format("{}:{}:{}: {}", file, where.line, where.column, reason);
}

std::optional<Scenario> LoadScenarioText(std::string_view text, const std::string& file,
                                         const LoadOptions& options,
                                         std::vector<LoadError>* errors) {
  return LoadTextAt(text, file, options, errors, nullptr);
}

std::optional<Scenario> LoadScenarioFile(const std::string& path, const LoadOptions& options,
                                         std::vector<LoadError>* errors) {
  return LoadScenarioFile(path, options, errors, nullptr);
}

std::optional<Scenario> LoadScenarioFile(const std::string& path, const LoadOptions& options,
                                         std::vector<LoadError>* errors, Location* name_at) {
  namespace fs = std::filesystem;
  std::vector<LoadError> local;
  std::vector<LoadError>* out = errors ? errors : &local;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    out->push_back({path, {}, "no such file"});
    return std::nullopt;
  }
  if (fs::is_directory(st)) {
    out->push_back({path, {}, "is a folder, not a scenario file"});
    return std::nullopt;
  }
  const uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > kMaxFileBytes) {
    out->push_back({path, {}, fmt::format("the file is larger than 10 MiB ({} bytes)", size)});
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string text;
  if (in) text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    out->push_back({path, {}, fmt::format("cannot read the file: {}", std::strerror(errno))});
    return std::nullopt;
  }
  return LoadTextAt(text, path, options, out, name_at);
}

}  // namespace statussim::harness
