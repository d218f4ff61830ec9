// Scenario -> format-v1 YAML text (emit.h). The text is written by hand, not
// with yaml-cpp (only the loader includes it): block style for the top level
// and the steps, flow style (JSON-like) for everything inside a step.
#include "harness/emit.h"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/app.h"
#include "sim/types.h"
#include "sim/value.h"

namespace statussim::harness {
namespace {

using sim::Value;

// A double-quoted YAML string. JSON's escapes plus the characters a
// scenario's text may not hold raw (CheckText: DEL) or that YAML readers may
// treat specially (C1 controls, NEL, LS, PS, BOM), as \uXXXX.
void AppendString(std::string_view s, std::string* out) {
  const auto hex = [out](unsigned code) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04X", code);
    out->append(buf);
  };
  out->push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const unsigned char c1 = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    const unsigned char c2 = i + 2 < s.size() ? static_cast<unsigned char>(s[i + 2]) : 0;
    if (c == '"') {
      out->append("\\\"");
    } else if (c == '\\') {
      out->append("\\\\");
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '\t') {
      out->append("\\t");
    } else if (c < 0x20 || c == 0x7F) {
      hex(c);
    } else if (c == 0xC2 && c1 >= 0x80 && c1 <= 0x9F) {  // U+0080..U+009F
      hex(c1);
      ++i;
    } else if (c == 0xE2 && c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9)) {  // U+2028, U+2029
      hex(0x2000u + (c2 - 0x80u));
      i += 2;
    } else if (c == 0xEF && c1 == 0xBB && c2 == 0xBF) {  // U+FEFF
      hex(0xFEFF);
      i += 2;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

std::string Quoted(std::string_view s) {
  std::string out;
  AppendString(s, &out);
  return out;
}

// A map key: plain when it is a word YAML reads as that string, else quoted.
void AppendKey(std::string_view key, std::string* out) {
  constexpr std::string_view kReserved[] = {"null", "Null",  "NULL",  "true", "True",
                                            "TRUE", "false", "False", "FALSE"};
  bool plain = !key.empty() && !(key[0] >= '0' && key[0] <= '9');
  for (char c : key) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_');
  }
  for (std::string_view r : kReserved) plain = plain && key != r;
  if (plain) {
    out->append(key);
  } else {
    AppendString(key, out);
  }
}

// A double that reads back as a double: the shortest round-trip form, with
// ".0" when that form looks like an integer (SCENARIOS.md "Values").
void AppendDouble(double d, std::string* out) {
  char buf[40];
  const auto res = std::to_chars(buf, buf + sizeof buf, d);
  const std::string_view text(buf, static_cast<size_t>(res.ptr - buf));
  out->append(text);
  if (text.find_first_of(".eE") == std::string_view::npos) out->append(".0");
}

// A Value in flow style. In `ok` data and event items (`status_names`), an
// integer 0..3 under a `statusType` key is written as its VAL-1 name; the
// loader reads names and numbers alike there.
void AppendValue(const Value& v, bool status_names, std::string* out) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      out->append("null");
      return;
    case Value::Kind::kBool:
      out->append(v.as_bool() ? "true" : "false");
      return;
    case Value::Kind::kInt:
      out->append(std::to_string(v.as_int()));
      return;
    case Value::Kind::kDouble:
      return AppendDouble(v.as_double(), out);
    case Value::Kind::kString:
      return AppendString(v.as_string(), out);
    case Value::Kind::kArray: {
      out->push_back('[');
      const char* sep = "";
      for (const Value& item : v.as_array()) {
        out->append(sep);
        sep = ", ";
        AppendValue(item, status_names, out);
      }
      out->push_back(']');
      return;
    }
    case Value::Kind::kObject: {
      out->push_back('{');
      const char* sep = "";
      for (const auto& [key, item] : v.as_object()) {
        out->append(sep);
        sep = ", ";
        AppendKey(key, out);
        out->append(": ");
        if (status_names && key == "statusType" && item.is_int() && item.as_int() >= 0 &&
            item.as_int() <= 3) {
          out->append(sim::StatusTypeName(static_cast<sim::StatusType>(item.as_int())));
        } else {
          AppendValue(item, status_names, out);
        }
      }
      out->push_back('}');
      return;
    }
  }
}

std::string FlowValue(const Value& v, bool status_names) {
  std::string out;
  AppendValue(v, status_names, &out);
  return out;
}

std::string StringList(const std::vector<std::string>& items) {
  std::string out = "[";
  const char* sep = "";
  for (const std::string& item : items) {
    out.append(sep);
    sep = ", ";
    AppendString(item, &out);
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

std::string ExpectText(const Expectation& x) {
  switch (x.kind) {
    case Expectation::Kind::kOk:
      if (!x.data) return "";  // omitted: success, data not compared
      return "{ok: " + FlowValue(*x.data, true) + (x.ordered ? ", ordered: true}" : "}");
    case Expectation::Kind::kError:
      return "{error: " + std::to_string(x.code) + "}";
    case Expectation::Kind::kThrows:
      return "{throws: true}";
  }
  return "";
}

std::string ItemText(const ExpectedItem& item) {
  const char* kind = item.kind == ExpectedItem::Kind::kStatus  ? "status"
                     : item.kind == ExpectedItem::Kind::kError ? "error"
                                                               : "kicked";
  return std::string("{") + kind + ": " + FlowValue(item.fields, true) + "}";
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
      if (step.args) *out += ", args: " + FlowValue(*step.args, false);
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
        for (size_t i = 0; i < d.items.size(); ++i) *out += (i ? ", " : "") + ItemText(d.items[i]);
        *out += "]\n";
      }
      break;
  }
  if (takes_expect) {
    const std::string expect = ExpectText(step.expect);
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
