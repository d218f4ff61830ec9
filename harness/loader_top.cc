// The top level of a scenario (SCENARIOS.md "Top-level keys"): version, name,
// description, covers, tags, app, accounts, friends, steps and
// allow_unchecked_events, read in a fixed order; `app` and `configure` share
// ReadAppPatch. Members of the Loader (loader_walk.h).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "harness/loader_limits.h"
#include "harness/loader_walk.h"
#include "harness/yaml_scalars.h"
#include "sim/app.h"

namespace statussim::harness {
namespace loader_internal {
namespace {

// --- Keys of the fixed maps (SCENARIOS.md "Top-level keys", "app").
constexpr std::string_view kTopKeys[] = {
    "version", "name",     "covers",  "description", "tags",
    "app",     "accounts", "friends", "steps",       "allow_unchecked_events"};
constexpr std::string_view kAppKeys[] = {"premium", "console", "params"};
constexpr std::string_view kConsoleKeys[] = {"status_query_and_notify", "friend_status_notify",
                                             "web_max_instances"};
constexpr std::string_view kTopRequired[] = {"version", "name", "covers"};

// FAMILY-N (SPEC.md): capital letters, a hyphen, digits.
bool IsRuleId(std::string_view id) {
  const size_t dash = id.find('-');
  if (dash == 0 || dash == std::string_view::npos) return false;
  return IsDigits(id.substr(dash + 1)) &&
         std::all_of(id.begin(), id.begin() + dash, [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

// ---------------------------------------------------------------- top level

void Loader::Load(const YAML::Node& root) {
  const Location root_at = At(root);
  if (!root.IsMap()) {
    Fail(root_at, fmt::format("the top level must be a map (version, name, covers, ...), not {}",
                              Describe(root)));
    return;
  }
  if (!CheckCollectionTag(root, root_at)) return;
  // Collected first, then read in a fixed order: friends, logins and events
  // refer to accounts and devices wherever those are written.
  std::unordered_map<std::string, Entry> top;
  const auto seen =
      ForEachField(root, "the scenario", kTopKeys, [&](const Entry& e) { top.emplace(e.key, e); });
  Require(root_at, "the scenario", seen, kTopRequired);
  for (std::string_view key : kTopKeys) {
    const auto it = top.find(std::string(key));
    if (it != top.end() && !aborted_) WithScope(it->second, [&] { ReadTop(it->second); });
  }
  CheckEventDevices();
}

void Loader::ReadTop(const Entry& e) {
  Scenario& s = scenario_;
  if (e.key == "version") return ReadVersion(e);
  if (e.key == "name") {
    name_at_ = e.value_at;
    if (auto name = ReadString(e.value, e.value_at, "name")) {
      if (name->empty()) return Fail(e.value_at, "name must not be empty");
      s.name = *name;
    }
    return;
  }
  if (e.key == "description") {
    if (auto d = ReadString(e.value, e.value_at, "description")) s.description = *d;
    return;
  }
  if (e.key == "covers") return ReadCovers(e);
  if (e.key == "tags") return ReadStringList(e, &s.tags);
  if (e.key == "app") {
    if (auto patch = ReadAppPatch(e, "app")) patch->ApplyTo(&s.app);
    return;
  }
  if (e.key == "accounts") return ReadAccounts(e);
  if (e.key == "friends") return ReadFriends(e);
  if (e.key == "steps") return ReadSteps(e);
  if (auto b = ReadBool(e.value, e.value_at, "allow_unchecked_events")) {
    s.allow_unchecked_events = *b;
  }
}

void Loader::ReadVersion(const Entry& e) {
  if (IsPlain(e.value) && IsCoreInt(e.value.Scalar())) {
    if (e.value.Scalar() != "1") {
      Fail(e.value_at,
           fmt::format("unsupported version {}: this statussim reads version 1", e.value.Scalar()));
    }
    return;
  }
  Fail(e.value_at, fmt::format("version must be the integer 1, not {}", Describe(e.value)));
}

// SCENARIOS.md: at least one rule ID of SPEC.md.
void Loader::ReadCovers(const Entry& e) {
  if (!IsList(e.value, e.value_at, "covers")) return;
  if (e.value.size() == 0) {
    return Fail(e.value_at, "covers must name at least one rule ID of SPEC.md");
  }
  ForEachItem(e.value, [&](const YAML::Node& item, const Location& at) {
    const std::optional<std::string> id = ReadString(item, at, "a rule ID");
    if (!id) return;
    if (!IsRuleId(*id)) {
      return Fail(at, fmt::format("{} is not a rule ID (FAMILY-N, such as SUB-2)", Quote(*id)));
    }
    if (!rule_ids_.empty() && !rule_ids_.count(*id)) {
      return Fail(at, fmt::format("unknown rule ID {}: not in SPEC.md", Quote(*id)));
    }
    scenario_.covers.push_back(*id);
  });
}

void Loader::ReadStringList(const Entry& e, std::vector<std::string>* out) {
  if (!IsList(e.value, e.value_at, e.key)) return;
  ForEachItem(e.value, [&](const YAML::Node& item, const Location& at) {
    if (auto s = ReadString(item, at, "a tag")) out->push_back(*s);
  });
}

void Loader::AddAccount(std::string id, const Location& at, bool expanded) {
  const auto [it, inserted] = accounts_.emplace(id, at);
  if (!inserted) {
    accounts_ok_ = false;
    return Fail(at, fmt::format("duplicate account {}{} (first at line {})", Quote(id),
                                expanded ? " made by expand" : "", it->second.line));
  }
  scenario_.accounts.push_back(std::move(id));
}

void Loader::ReadAccounts(const Entry& e) {
  if (!IsList(e.value, e.value_at, "accounts")) {
    accounts_ok_ = false;
    return;
  }
  ForEachItem(e.value, [&](const YAML::Node& item, const Location& at) {
    if (item.IsMap()) {
      std::optional<std::vector<std::string>> ids = ReadExpand(item, at);
      if (!ids) {
        accounts_ok_ = false;
        return;
      }
      accounts_.reserve(accounts_.size() + ids->size());
      scenario_.accounts.reserve(scenario_.accounts.size() + ids->size());
      for (std::string& id : *ids) AddAccount(std::move(id), at, true);
      return;
    }
    if (auto id = ReadId(item, at, "account")) {
      AddAccount(*id, at, false);
    } else {
      accounts_ok_ = false;
    }
  });
}

// SCENARIOS.md: mutual pairs of accounts; no self-friendship; repeats allowed.
void Loader::ReadFriends(const Entry& e) {
  if (!IsList(e.value, e.value_at, "friends")) return;
  ForEachItem(e.value, [&](const YAML::Node& pair, const Location& at) {
    if (!pair.IsSequence() || pair.size() != 2) {
      return Fail(at, fmt::format("a friend pair is a list of two accounts, such as "
                                  "[alice, bob], not {}",
                                  pair.IsSequence() ? fmt::format("a list of {}", pair.size())
                                                    : Describe(pair)));
    }
    std::vector<std::string> ids;
    ForEachItem(pair, [&](const YAML::Node& item, const Location& item_at) {
      const std::optional<std::string> id = ReadId(item, item_at, "account");
      if (!id) return;
      if (accounts_ok_ && !accounts_.count(*id)) {
        return Fail(item_at, fmt::format("friend {} is not in accounts", Quote(*id)));
      }
      ids.push_back(*id);
    });
    if (ids.size() != 2) return;
    if (ids[0] == ids[1]) {
      return Fail(at, fmt::format("an account cannot be its own friend ({})", Quote(ids[0])));
    }
    scenario_.friends.emplace_back(ids[0], ids[1]);
  });
}

// `app` (top level) and `configure` (a step): the same keys and checks.
std::optional<AppPatch> Loader::ReadAppPatch(const Entry& e, std::string_view what) {
  if (!IsMap(e.value, e.value_at, what)) return std::nullopt;
  AppPatch patch;
  const size_t errors_before = errors_.size();
  ForEachField(e.value, what, kAppKeys, [&](const Entry& f) {
    if (f.key == "premium") {
      patch.premium = ReadBool(f.value, f.value_at, "premium");
    } else if (f.key == "console") {
      ReadConsole(f, &patch);
    } else {
      ReadParams(f, &patch);
    }
  });
  if (errors_.size() != errors_before) return std::nullopt;
  return patch;
}

void Loader::ReadConsole(const Entry& e, AppPatch* patch) {
  if (!IsMap(e.value, e.value_at, "console")) return;
  ForEachField(e.value, "console", kConsoleKeys, [&](const Entry& f) {
    if (f.key == "status_query_and_notify") {
      patch->status_query_and_notify = ReadBool(f.value, f.value_at, f.key);
    } else if (f.key == "friend_status_notify") {
      patch->friend_status_notify = ReadBool(f.value, f.value_at, f.key);
    } else {
      // docs/choices.md M4: the console offers no value below 1.
      patch->web_max_instances = ReadInt(f.value, f.value_at, f.key, 1, INT64_MAX);
    }
  });
}

// SPEC PAR-2: durations for timeouts and delays, non-negative counts otherwise.
void Loader::ReadParams(const Entry& e, AppPatch* patch) {
  if (!IsMap(e.value, e.value_at, "params")) return;
  ForEachEntry(e.value, [&](const Entry& f) {
    const sim::ParamInfo* info = sim::FindParam(f.key);
    if (info == nullptr) {
      std::vector<std::string_view> names;
      for (const sim::ParamInfo& p : sim::AllParams()) names.push_back(p.name);
      return Fail(f.key_at, fmt::format("unknown parameter {} in params; expected one of {}",
                                        Quote(f.key), JoinKeys(names)));
    }
    const std::optional<int64_t> v = info->is_duration
                                         ? ReadDuration(f.value, f.value_at, f.key)
                                         : ReadInt(f.value, f.value_at, f.key, 0, INT64_MAX);
    if (v) patch->params.emplace_back(f.key, *v);
  });
}

void Loader::ReadSteps(const Entry& e) {
  if (!IsList(e.value, e.value_at, "steps")) return;
  if (e.value.size() > kMaxSteps) {
    return Fail(e.value_at,
                fmt::format("too many steps ({}); the limit is {}", e.value.size(), kMaxSteps));
  }
  ForEachItem(e.value, [&](const YAML::Node& item, const Location& at) { ReadStep(item, at); });
  // Bound the work of one scenario: `times` is per step, so the sum is capped too.
  int64_t runs = 0;
  for (const Step& step : scenario_.steps) {
    runs += step.times;
    if (runs > kMaxStepRuns) {
      return Fail(step.where, fmt::format("too many step runs: with `times` counted, the steps "
                                          "up to here run more than {} times",
                                          kMaxStepRuns));
    }
  }
}

}  // namespace loader_internal
}  // namespace statussim::harness
