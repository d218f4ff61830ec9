#include "harness/match.h"

#include <fmt/format.h>

#include <functional>
#include <vector>

namespace statussim::harness {
namespace {

using sim::Value;

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string Match(const Value& expected, const Value& actual, const std::string& path,
                  bool ordered);

// Kuhn's augmenting paths: a perfect matching of expected entries to actual
// entries, where an edge means "the expected entry matches the actual one".
bool PerfectMatching(const std::vector<std::vector<bool>>& edge, size_t n) {
  std::vector<int> owner(n, -1);
  for (size_t e = 0; e < n; ++e) {
    std::vector<bool> seen(n, false);
    std::function<bool(size_t)> augment = [&](size_t x) {
      for (size_t a = 0; a < n; ++a) {
        if (!edge[x][a] || seen[a]) continue;
        seen[a] = true;
        if (owner[a] < 0 || augment(static_cast<size_t>(owner[a]))) {
          owner[a] = static_cast<int>(x);
          return true;
        }
      }
      return false;
    };
    if (!augment(e)) return false;
  }
  return true;
}

std::string MatchMultiset(const Value::Array& exp, const Value::Array& act,
                          const std::string& path) {
  if (exp.size() != act.size()) {
    return fmt::format("{}: expected {} entries, got {}", path, exp.size(), act.size());
  }
  const size_t n = exp.size();
  std::vector<std::vector<bool>> edge(n, std::vector<bool>(n));
  for (size_t e = 0; e < n; ++e) {
    bool any = false;
    for (size_t a = 0; a < n; ++a) {
      edge[e][a] = Match(exp[e], act[a], "", false).empty();
      any = any || edge[e][a];
    }
    if (!any) {
      return fmt::format("{}: no entry matches expected {}", path, exp[e].ToJson());
    }
  }
  if (!PerfectMatching(edge, n)) {
    return fmt::format("{}: entries do not pair up one to one (duplicates differ in number)", path);
  }
  return "";
}

std::string MatchOrdered(const Value::Array& exp, const Value::Array& act, const std::string& path,
                         bool ordered) {
  if (exp.size() != act.size()) {
    return fmt::format("{}: expected {} entries, got {}", path, exp.size(), act.size());
  }
  for (size_t i = 0; i < exp.size(); ++i) {
    std::string d = Match(exp[i], act[i], fmt::format("{}[{}]", path, i), ordered);
    if (!d.empty()) return d;
  }
  return "";
}

std::string Match(const Value& expected, const Value& actual, const std::string& path,
                  bool ordered) {
  const std::string where = path.empty() ? "data" : path;
  if (expected.is_object()) {
    if (!actual.is_object()) {
      return fmt::format("{}: expected a map, got {}", where, actual.ToJson());
    }
    for (const auto& [key, value] : expected.as_object()) {
      const Value* got = actual.Find(key);
      const std::string sub = Join(path, key);
      if (got == nullptr) return fmt::format("{}: missing (expected {})", sub, value.ToJson());
      const bool user_list = key == "successUserList" || key == "failureUserList";
      if (user_list && value.is_array() && got->is_array() && !ordered) {
        std::string d = MatchMultiset(value.as_array(), got->as_array(), sub);
        if (!d.empty()) return d;
        continue;
      }
      std::string d = Match(value, *got, sub, ordered);
      if (!d.empty()) return d;
    }
    return "";
  }
  if (expected.is_array()) {
    if (!actual.is_array()) {
      return fmt::format("{}: expected a list, got {}", where, actual.ToJson());
    }
    return MatchOrdered(expected.as_array(), actual.as_array(), path, ordered);
  }
  if (!(expected == actual)) {
    return fmt::format("{}: expected {}, got {}", where, expected.ToJson(), actual.ToJson());
  }
  return "";
}

std::string_view ItemKey(ExpectedItem::Kind kind) {
  switch (kind) {
    case ExpectedItem::Kind::kStatus:
      return "status";
    case ExpectedItem::Kind::kError:
      return "error";
    case ExpectedItem::Kind::kKicked:
      return "kicked";
  }
  return "status";
}

}  // namespace

std::string MatchData(const Value& expected, const Value& actual, bool ordered) {
  return Match(expected, actual, "", ordered);
}

Value ExpectedItemValue(const ExpectedItem& expected) {
  Value v = Value::EmptyObject();
  v.Set(std::string(ItemKey(expected.kind)), expected.fields);
  return v;
}

std::string MatchItem(const ExpectedItem& expected, const Value& actual) {
  const std::string_view key = ItemKey(expected.kind);
  const Value* got = actual.Find(key);
  if (got == nullptr) {
    return fmt::format("expected a {} item, got {}", key, actual.ToJson());
  }
  return Match(expected.fields, *got, std::string(key), false);
}

}  // namespace statussim::harness
