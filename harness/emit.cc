// Scenario -> format-v1 YAML text (emit.h). The text is written by hand, not
// with yaml-cpp (only the loader includes it): block style for the top level
// and the steps, flow style (JSON-like) for everything inside a step.
#include "harness/emit.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/flow_text.h"
#include "sim/app.h"
#include "sim/types.h"
#include "sim/value.h"

namespace statussim::harness {
namespace {

using sim::Value;

constexpr FlowStyle kCanonical{.status_names = true};  // ok data, event items
constexpr FlowStyle kArgs{};                           // args: as written

std::string StringList(const std::vector<std::string>& items) {
  std::string out = "[";
  const char* sep = "";
  for (const std::string& item : items) {
    out.append(sep);
    sep = ", ";
    AppendYamlString(item, &out);
  }
  out.push_back(']');
  return out;
}

// Milliseconds in the largest unit that divides them (ParseDuration reads it).
std::string Duration(int64_t ms) {
  constexpr std::pair<int64_t, const char*> kUnits[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1'000, "s"}};
  if (ms == 0) return "0";
  for (const auto& [scale, unit] : kUnits) {
    if (ms % scale == 0) return std::to_string(ms / scale) + unit;
  }
  return std::to_string(ms) + "ms";
}

std::string ParamText(const sim::ParamInfo& info, int64_t value) {
  return info.is_duration ? Duration(value) : std::to_string(value);
}

// `app` and `configure`: {premium, console: {...}, params: {...}}, the keys
// set only.
std::string PatchText(const AppPatch& p) {
  std::vector<std::string> parts;
  if (p.premium) parts.push_back(std::string("premium: ") + (*p.premium ? "true" : "false"));
  std::vector<std::string> console;
  if (p.status_query_and_notify) {
    console.push_back(std::string("status_query_and_notify: ") +
                      (*p.status_query_and_notify ? "true" : "false"));
  }
  if (p.friend_status_notify) {
    console.push_back(std::string("friend_status_notify: ") +
                      (*p.friend_status_notify ? "true" : "false"));
  }
  if (p.web_max_instances) {
    console.push_back("web_max_instances: " + std::to_string(*p.web_max_instances));
  }
  const auto join = [](const std::vector<std::string>& items) {
    std::string out = "{";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out + "}";
  };
  if (!console.empty()) parts.push_back("console: " + join(console));
  std::vector<std::string> params;
  for (const auto& [name, value] : p.params) {
    const sim::ParamInfo* info = sim::FindParam(name);
    if (info == nullptr) continue;  // not a PAR-2 name: the loader never makes one
    params.push_back(std::string(name) + ": " + ParamText(*info, value));
  }
  if (!params.empty()) parts.push_back("params: " + join(params));
  return join(parts);
}

// The top-level `app` as the patch that turns the defaults into `app`.
AppPatch DiffFromDefaults(const sim::App& app) {
  const sim::App defaults;
  AppPatch p;
  if (app.premium != defaults.premium) p.premium = app.premium;
  const sim::Console& c = app.console;
  if (c.status_query_and_notify != defaults.console.status_query_and_notify) {
    p.status_query_and_notify = c.status_query_and_notify;
  }
  if (c.friend_status_notify != defaults.console.friend_status_notify) {
    p.friend_status_notify = c.friend_status_notify;
  }
  if (c.web_max_instances != defaults.console.web_max_instances) {
    p.web_max_instances = c.web_max_instances;
  }
  for (const sim::ParamInfo& info : sim::AllParams()) {
    if (app.params.*(info.field) != defaults.params.*(info.field)) {
      p.params.emplace_back(std::string(info.name), app.params.*(info.field));
    }
  }
  return p;
}

void AppendStep(const Step& step, std::string* out) {
  const std::string device = "device: " + Quoted(step.device);
  bool takes_expect = true;
  switch (step.kind) {
    case Step::Kind::kLogin:
      *out += "  - login: {" + device + ", user: " + Quoted(step.user) +
              ", platform: " + std::string(sim::PlatformName(step.platform)) + "}\n";
      break;
    case Step::Kind::kLogout:
      *out += "  - logout: {" + device + "}\n";
      break;
    case Step::Kind::kDisconnect:
      *out += "  - disconnect: {" + device +
              ", how: " + (step.how == sim::LossKind::kSilent ? "silent" : "close") + "}\n";
      break;
    case Step::Kind::kReconnect:
      *out += "  - reconnect: {" + device + "}\n";
      break;
    case Step::Kind::kCall:
      *out += "  - call: {" + device + ", api: " + std::string(sim::ApiName(step.api));
      if (step.args) *out += ", args: " + FlowValue(*step.args, kArgs);
      *out += "}\n";
      break;
    case Step::Kind::kConfigure:
      takes_expect = false;
      *out += "  - configure: " + PatchText(step.configure) + "\n";
      break;
    case Step::Kind::kWait:
      takes_expect = false;
      *out += "  - wait: " + Duration(step.wait) + "\n";
      break;
    case Step::Kind::kExpectEvents:
      takes_expect = false;
      if (step.expect_events.empty()) {
        *out += "  - expect_events: {}\n";
        break;
      }
      *out += "  - expect_events:\n";
      for (const DeviceExpectation& d : step.expect_events) {
        *out += "      " + Quoted(d.device) + ": [";
        for (size_t i = 0; i < d.items.size(); ++i)
          *out += (i ? ", " : "") + ItemText(d.items[i], kCanonical);
        *out += "]\n";
      }
      break;
  }
  if (takes_expect) {
    const std::string expect = ExpectText(step.expect, kCanonical);
    if (!expect.empty()) *out += "    expect: " + expect + "\n";
  }
  if (step.times != 1) *out += "    times: " + std::to_string(step.times) + "\n";
}

}  // namespace

std::string EmitScenario(const Scenario& s) {
  std::string out = "version: 1\n";
  out += "name: " + Quoted(s.name) + "\n";
  if (!s.description.empty()) out += "description: " + Quoted(s.description) + "\n";
  out += "covers: " + StringList(s.covers) + "\n";
  if (!s.tags.empty()) out += "tags: " + StringList(s.tags) + "\n";
  const AppPatch app = DiffFromDefaults(s.app);
  if (app.premium || app.status_query_and_notify || app.friend_status_notify ||
      app.web_max_instances || !app.params.empty()) {
    out += "app: " + PatchText(app) + "\n";
  }
  if (!s.accounts.empty()) out += "accounts: " + StringList(s.accounts) + "\n";
  if (!s.friends.empty()) {
    out += "friends: [";
    for (size_t i = 0; i < s.friends.size(); ++i) {
      out +=
          (i ? ", [" : "[") + Quoted(s.friends[i].first) + ", " + Quoted(s.friends[i].second) + "]";
    }
    out += "]\n";
  }
  if (s.allow_unchecked_events) out += "allow_unchecked_events: true\n";
  if (!s.steps.empty()) {
    out += "steps:\n";
    for (const Step& step : s.steps) AppendStep(step, &out);
  }
  return out;
}

}  // namespace statussim::harness
