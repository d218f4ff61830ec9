#include "sim/value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace statussim::sim {

const Value* Value::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const Member& m : as_object()) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

Value* Value::Find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value&>(*this).Find(key));
}

Value& Value::Set(std::string key, Value value) {
  if (Value* existing = Find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  Object& o = as_object();
  o.emplace_back(std::move(key), std::move(value));
  return o.back().second;
}

bool operator==(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
    return a.as_number() == b.as_number();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::kNull:
      return true;
    case Value::Kind::kBool:
      return a.as_bool() == b.as_bool();
    case Value::Kind::kString:
      return a.as_string() == b.as_string();
    case Value::Kind::kArray:
      return a.as_array() == b.as_array();
    case Value::Kind::kObject: {
      const auto& x = a.as_object();
      const auto& y = b.as_object();
      if (x.size() != y.size()) return false;
      return std::all_of(x.begin(), x.end(), [&](const Value::Member& m) {
        const Value* other = b.Find(m.first);
        return other != nullptr && *other == m.second;
      });
    }
    default:
      return false;  // numbers handled above
  }
}

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out->append(buf);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

void Value::AppendJson(std::string* out) const { AppendJson(out, false); }

void Value::AppendJson(std::string* out, bool sort_keys) const {
  switch (kind()) {
    case Kind::kNull:
      out->append("null");
      break;
    case Kind::kBool:
      out->append(as_bool() ? "true" : "false");
      break;
    case Kind::kInt:
      out->append(std::to_string(as_int()));
      break;
    case Kind::kDouble: {
      double d = as_double();
      if (!std::isfinite(d)) {
        out->append("null");  // JSON has no NaN or infinity
        break;
      }
      char buf[32];
      auto res = std::to_chars(buf, buf + sizeof buf, d);
      out->append(buf, res.ptr);
      break;
    }
    case Kind::kString:
      AppendJsonString(as_string(), out);
      break;
    case Kind::kArray: {
      out->push_back('[');
      bool first = true;
      for (const Value& v : as_array()) {
        if (!first) out->push_back(',');
        first = false;
        v.AppendJson(out, sort_keys);
      }
      out->push_back(']');
      break;
    }
    case Kind::kObject: {
      out->push_back('{');
      std::vector<const Member*> members;
      for (const Member& m : as_object()) members.push_back(&m);
      if (sort_keys) {
        std::sort(members.begin(), members.end(),
                  [](const Member* a, const Member* b) { return a->first < b->first; });
      }
      bool first = true;
      for (const Member* m : members) {
        if (!first) out->push_back(',');
        first = false;
        AppendJsonString(m->first, out);
        out->push_back(':');
        m->second.AppendJson(out, sort_keys);
      }
      out->push_back('}');
      break;
    }
  }
}

std::string Value::ToCanonicalJson() const {
  std::string out;
  AppendJson(&out, true);
  return out;
}

std::string Value::ToJson() const {
  std::string out;
  AppendJson(&out);
  return out;
}

}  // namespace statussim::sim
