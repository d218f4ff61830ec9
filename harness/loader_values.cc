// A node read as a typed value (a string, an ID, a boolean, an integer, a
// duration, a status type, the IDs of an `expand`) or as a free value
// (`args`, `ok` data): the Loader's reads (loader_walk.h).
#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/expand.h"
#include "harness/loader_limits.h"
#include "harness/loader_walk.h"
#include "harness/yaml_scalars.h"

namespace statussim::harness {
namespace loader_internal {
namespace {

constexpr std::string_view kExpandKeys[] = {"expand"};

}  // namespace

// ---------------------------------------------------------------- typed reads

bool Loader::CheckCollectionTag(const YAML::Node& n, const Location& at) {
  if (n.Tag() == "?") return true;
  Fail(at, fmt::format("explicit tag {} is not supported", Quote(n.Tag())));
  return false;
}

bool Loader::IsMap(const YAML::Node& n, const Location& at, std::string_view what) {
  if (!n.IsMap()) {
    Fail(at, fmt::format("{} must be a map, not {}", what, Describe(n)));
    return false;
  }
  return CheckCollectionTag(n, at);
}

bool Loader::IsList(const YAML::Node& n, const Location& at, std::string_view what) {
  if (!n.IsSequence()) {
    Fail(at, fmt::format("{} must be a list, not {}", what, Describe(n)));
    return false;
  }
  return CheckCollectionTag(n, at);
}

std::optional<std::string> Loader::ReadString(const YAML::Node& n, const Location& at,
                                              std::string_view what) {
  if (n.IsScalar()) {
    Result<Value> v = ScalarValue(n);
    if (!v.ok()) {
      Fail(at, v.message());
      return std::nullopt;
    }
    if (v.value().is_string()) return v.value().as_string();
    Fail(at, fmt::format("{} must be a string, not {}; quote it: \"{}\"", what, Describe(n),
                         n.Scalar()));
    return std::nullopt;
  }
  Fail(at, fmt::format("{} must be a string, not {}", what, Describe(n)));
  return std::nullopt;
}

// SCENARIOS.md "Values": account, user and device IDs are strings; a plain
// 123 must be quoted.
std::optional<std::string> Loader::ReadId(const YAML::Node& n, const Location& at,
                                          std::string_view what) {
  if (IsPlain(n)) {
    Result<Value> v = ScalarValue(n);
    if (v.ok() && !v.value().is_string()) {
      Fail(at, fmt::format("{} IDs are strings, not {}; quote it: \"{}\"", what, Describe(n),
                           n.Scalar()));
      return std::nullopt;
    }
  }
  return ReadString(n, at, std::string(what) + " ID");
}

std::optional<bool> Loader::ReadBool(const YAML::Node& n, const Location& at,
                                     std::string_view what) {
  if (IsPlain(n) && (n.Scalar() == "true" || n.Scalar() == "false")) return n.Scalar() == "true";
  Fail(at, fmt::format("{} must be true or false (YAML 1.2: no yes/no/on/off), not {}", what,
                       Describe(n)));
  return std::nullopt;
}

std::optional<int64_t> Loader::ReadInt(const YAML::Node& n, const Location& at,
                                       std::string_view what, int64_t min, int64_t max) {
  if (!IsPlain(n) || !IsCoreInt(n.Scalar())) {
    Fail(at, fmt::format("{} must be a decimal integer, not {}", what, Describe(n)));
    return std::nullopt;
  }
  Result<Value> v = ResolvePlain(n.Scalar());
  if (!v.ok()) {
    Fail(at, v.message());
    return std::nullopt;
  }
  const int64_t i = v.value().as_int();
  if (i < min || i > max) {
    if (max == INT64_MAX) {
      Fail(at, fmt::format("{} must be at least {}, not {}", what, min, i));
    } else {
      Fail(at, fmt::format("{} must be from {} to {}, not {}", what, min, max, i));
    }
    return std::nullopt;
  }
  return i;
}

std::optional<int64_t> Loader::ReadDuration(const YAML::Node& n, const Location& at,
                                            std::string_view what) {
  if (!n.IsScalar() || (IsPlain(n) && (n.Scalar() == "true" || n.Scalar() == "false"))) {
    Fail(at,
         fmt::format("{} must be a duration such as 250ms, 5s or 1500, not {}", what, Describe(n)));
    return std::nullopt;
  }
  Result<int64_t> d = ParseDuration(n.Scalar());
  if (!d.ok()) {
    Fail(at, fmt::format("{}: {}", what, d.message()));
    return std::nullopt;
  }
  return d.value();
}

// SCENARIOS.md "Values": a status type is a VAL-1 name or its number 0-3.
std::optional<int64_t> Loader::ReadStatusType(const YAML::Node& n, const Location& at) {
  if (n.IsScalar()) {
    Result<Value> v = ScalarValue(n);
    if (v.ok() && v.value().is_int() && v.value().as_int() >= 0 && v.value().as_int() <= 3) {
      return v.value().as_int();
    }
    if (v.ok() && v.value().is_string()) {
      if (auto t = sim::ParseStatusTypeName(v.value().as_string())) {
        return static_cast<int64_t>(*t);
      }
    }
  }
  Fail(at, fmt::format("statusType must be UNKNOWN, ONLINE, OFFLINE, UNLOGINED or 0-3, not {}",
                       Describe(n)));
  return std::nullopt;
}

// {expand: "prefix{A..B}suffix"}: the IDs, within the per-expand and
// per-file limits, checked before anything is allocated.
std::optional<std::vector<std::string>> Loader::ReadExpand(const YAML::Node& map,
                                                           const Location& at) {
  std::optional<std::vector<std::string>> ids;
  const auto seen = ForEachField(map, "expand", kExpandKeys, [&](const Entry& e) {
    const std::optional<std::string> text = ReadString(e.value, e.value_at, "expand");
    if (!text) return;
    Result<Pattern> p = ParsePattern(*text);
    if (!p.ok()) return Fail(e.value_at, p.message());
    if (p.value().count() > kMaxIds) {
      return Fail(e.value_at, TooManyIds(*text, p.value().count(), kMaxIds));
    }
    if (expanded_ids_ + p.value().count() > kMaxIds) {
      return Fail(e.value_at,
                  fmt::format("too many IDs: the expands of this file make more than {} "
                              "in all",
                              kMaxIds));
    }
    expanded_ids_ += p.value().count();
    ids = ExpandParsed(p.value());
  });
  Require(at, "expand", seen, kExpandKeys);
  return ids;
}

// ---------------------------------------------------------------- free values

std::optional<Value> Loader::ToValue(const YAML::Node& n, const Location& at, ValueMode mode,
                                     int depth) {
  if (!Visit(at)) return std::nullopt;
  if (depth > kMaxValueDepth) {
    Fail(at,
         fmt::format("nesting too deep (more than {} levels; an alias cycle?)", kMaxValueDepth));
    return std::nullopt;
  }
  if (n.IsMap()) {
    if (!CheckCollectionTag(n, at)) return std::nullopt;
    return MapToValue(n, mode, depth);
  }
  if (n.IsSequence()) {
    if (!CheckCollectionTag(n, at)) return std::nullopt;
    return SeqToValue(n, mode, depth);
  }
  Result<Value> v = ScalarValue(n);
  if (!v.ok()) {
    Fail(at, v.message());
    return std::nullopt;
  }
  return std::move(v).value();
}

std::optional<Value> Loader::MapToValue(const YAML::Node& n, ValueMode mode, int depth) {
  Value out = Value::EmptyObject();
  bool ok = true;
  ForEachEntry(n, [&](const Entry& e) {
    std::optional<Value> v;
    if (mode == ValueMode::kOkData && e.key == "statusType") {
      if (auto t = ReadStatusType(e.value, e.value_at)) v = Value(*t);
    } else if (mode == ValueMode::kOkData && e.key == "code") {
      if (auto c = ReadInt(e.value, e.value_at, "code", INT32_MIN, INT32_MAX)) v = Value(*c);
    } else if (mode == ValueMode::kArgs && depth == 0 && e.key == "userIDList" &&
               e.value.IsSequence()) {
      v = UserIdListToValue(e.value, depth + 1);
    } else {
      v = ToValue(e.value, e.value_at, mode, depth + 1);
    }
    if (!v) {
      ok = false;
      return;
    }
    out.as_object().emplace_back(e.key, std::move(*v));
  });
  if (!ok || aborted_) return std::nullopt;
  return out;
}

std::optional<Value> Loader::SeqToValue(const YAML::Node& n, ValueMode mode, int depth) {
  Value out = Value::EmptyArray();
  bool ok = true;
  ForEachItem(n, [&](const YAML::Node& item, const Location& at) {
    std::optional<Value> v = ToValue(item, at, mode, depth + 1);
    if (!v) {
      ok = false;
      return;
    }
    out.Push(std::move(*v));
  });
  if (!ok || aborted_) return std::nullopt;
  return out;
}

// Counted like a walk: an aliased map may be probed many times.
bool Loader::HasKey(const YAML::Node& map, std::string_view key) {
  for (const auto& kv : map) {
    const YAML::Node k = kv.first;
    if (!Visit(At(k))) return false;
    if (k.IsScalar() && k.Scalar() == key) return true;
  }
  return false;
}

// `args.userIDList`: an item {expand: "..."} is spliced as its IDs (SCENARIOS.md
// "Values"); anything else is passed as written (GET-7 / SUB-6 test non-strings).
std::optional<Value> Loader::UserIdListToValue(const YAML::Node& n, int depth) {
  if (!CheckCollectionTag(n, At(n))) return std::nullopt;
  Value out = Value::EmptyArray();
  bool ok = true;
  ForEachItem(n, [&](const YAML::Node& item, const Location& at) {
    if (item.IsMap() && HasKey(item, "expand")) {
      std::optional<std::vector<std::string>> ids = ReadExpand(item, at);
      if (!ids) {
        ok = false;
        return;
      }
      for (std::string& id : *ids) out.Push(Value(std::move(id)));
      return;
    }
    std::optional<Value> v = ToValue(item, at, ValueMode::kArgs, depth + 1);
    if (!v) {
      ok = false;
      return;
    }
    out.Push(std::move(*v));
  });
  if (!ok || aborted_) return std::nullopt;
  return out;
}

}  // namespace loader_internal
}  // namespace statussim::harness
