// Flow-style YAML text (flow_text.h).
#include "harness/flow_text.h"

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

#include "sim/types.h"

namespace statussim::harness {
namespace {

using sim::Value;

// A double that reads back as a double: the shortest round-trip form, with
// ".0" when that form looks like an integer (SCENARIOS.md "Values").
void AppendDouble(double d, std::string* out) {
  char buf[40];
  const auto res = std::to_chars(buf, buf + sizeof buf, d);
  const std::string_view text(buf, static_cast<size_t>(res.ptr - buf));
  out->append(text);
  if (text.find_first_of(".eE") == std::string_view::npos) out->append(".0");
}

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

// JSON's escapes plus the characters a scenario's text may not hold raw
// (CheckText: DEL) or that YAML readers may treat specially (C1 controls,
// NEL, LS, PS, BOM), as \uXXXX.
void AppendYamlString(std::string_view s, std::string* out) {
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
  AppendYamlString(s, &out);
  return out;
}

void AppendYamlKey(std::string_view key, std::string* out) {
  constexpr std::string_view kReserved[] = {"null", "Null",  "NULL",  "true", "True",
                                            "TRUE", "false", "False", "FALSE"};
  bool plain = !key.empty() && !(key[0] >= '0' && key[0] <= '9');
  for (char c : key) plain = plain && IsWordChar(c);
  for (std::string_view r : kReserved) plain = plain && key != r;
  if (plain) {
    out->append(key);
  } else {
    AppendYamlString(key, out);
  }
}

bool IsPlainSafe(std::string_view s) {
  // Words some YAML 1.1 readers take for booleans or null, in any case.
  constexpr std::string_view kSpecial[] = {"null", "true", "false", "yes", "no",
                                           "on",   "off",  "y",     "n"};
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_')) {
    return false;
  }
  std::string lower;
  for (char c : s) {
    if (!IsWordChar(c) && c != '-') return false;
    lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  for (std::string_view w : kSpecial) {
    if (lower == w) return false;
  }
  return true;
}

void AppendFlowValue(const Value& v, const FlowStyle& style, std::string* out) {
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
      if (style.plain_strings && v.as_string().empty()) return out->append("''"), void();
      if (style.plain_strings && IsPlainSafe(v.as_string()))
        return out->append(v.as_string()), void();
      return AppendYamlString(v.as_string(), out);
    case Value::Kind::kArray: {
      out->push_back('[');
      const char* sep = "";
      for (const Value& item : v.as_array()) {
        out->append(sep);
        sep = ", ";
        AppendFlowValue(item, style, out);
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
        AppendYamlKey(key, out);
        out->append(": ");
        if (style.status_names && key == "statusType" && item.is_int() && item.as_int() >= 0 &&
            item.as_int() <= 3) {
          out->append(sim::StatusTypeName(static_cast<sim::StatusType>(item.as_int())));
        } else {
          AppendFlowValue(item, style, out);
        }
      }
      out->push_back('}');
      return;
    }
  }
}

std::string FlowValue(const Value& v, const FlowStyle& style) {
  std::string out;
  AppendFlowValue(v, style, &out);
  return out;
}

std::string ExpectText(const Expectation& x, const FlowStyle& style) {
  switch (x.kind) {
    case Expectation::Kind::kOk:
      if (!x.data) return "";  // omitted: success, data not compared
      return "{ok: " + FlowValue(*x.data, style) + (x.ordered ? ", ordered: true}" : "}");
    case Expectation::Kind::kError:
      return "{error: " + std::to_string(x.code) + "}";
    case Expectation::Kind::kThrows:
      return "{throws: true}";
  }
  return "";
}

std::string ItemText(const ExpectedItem& item, const FlowStyle& style) {
  const char* kind = item.kind == ExpectedItem::Kind::kStatus  ? "status"
                     : item.kind == ExpectedItem::Kind::kError ? "error"
                                                               : "kicked";
  return std::string("{") + kind + ": " + FlowValue(item.fields, style) + "}";
}

}  // namespace statussim::harness
