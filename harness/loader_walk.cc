// The walk of one scenario document, errors and iteration (loader_walk.h).
#include "harness/loader_walk.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "harness/loader_limits.h"
#include "harness/yaml_scalars.h"

namespace statussim::harness {
namespace loader_internal {
namespace {

bool Contains(Keys keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

bool Before(const Location& a, const Location& b) {
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}

}  // namespace

std::string JoinKeys(Keys keys) {
  std::string out;
  for (std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

Location At(const YAML::Mark& m) {
  if (m.is_null()) return {};
  return {m.line + 1, m.column + 1};
}

Location At(const YAML::Node& n) { return At(n.Mark()); }

// ---------------------------------------------------------------- errors, walking

void Loader::Fail(Location at, std::string reason) {
  if (errors_.size() >= kMaxErrors) {
    ++dropped_errors_;
    return;
  }
  const std::string note = AliasNote();
  if (!note.empty()) reason += " (" + note + ")";
  errors_.push_back(LoadError{file_, at, std::move(reason)});
}

std::vector<LoadError> Loader::TakeErrors() {
  std::stable_sort(errors_.begin(), errors_.end(),
                   [](const LoadError& a, const LoadError& b) { return Before(a.where, b.where); });
  if (dropped_errors_ > 0) {
    errors_.push_back(
        LoadError{file_, {}, fmt::format("{} more errors not shown", dropped_errors_)});
  }
  return std::move(errors_);
}

// Counts a node; false once the budget is spent (an alias bomb), reported once.
bool Loader::Visit(const Location& at) {
  if (aborted_) return false;
  if (++visits_ <= kMaxNodes) return true;
  aborted_ = true;
  Fail(at, fmt::format("the document is too large once its aliases are expanded "
                       "(more than {} nodes)",
                       kMaxNodes));
  return false;
}

void Loader::WithScope(const Entry& e, const std::function<void()>& fn) {
  if (e.alias_note.empty()) return fn();
  alias_notes_.push_back(e.alias_note);
  fn();
  alias_notes_.pop_back();
}

// Iterates a map in file order. Keys must be strings, unique (yaml-cpp keeps
// duplicates: ECOSYSTEM.md 1.6) and not the merge key `<<` (unsupported by
// yaml-cpp, so it would silently become a literal key).
void Loader::ForEachEntry(const YAML::Node& map, const EntryFn& fn) {
  std::unordered_map<std::string, int> first_line;
  for (const auto& kv : map) {
    Entry e;
    e.key_node = kv.first;
    e.value = kv.second;
    e.key_at = At(e.key_node);
    if (!Visit(e.key_at)) return;
    if (!e.key_node.IsScalar()) {
      Fail(e.key_at, fmt::format("a key must be a string, not {}", Describe(e.key_node)));
      continue;
    }
    e.key = e.key_node.Scalar();
    if (IsPlain(e.key_node) && e.key == "<<") {
      Fail(e.key_at, "merge keys ('<<') are not supported: write the keys out");
      continue;
    }
    const auto [it, inserted] = first_line.emplace(e.key, e.key_at.line);
    if (!inserted) {
      Fail(e.key_at, fmt::format("duplicate key {} (first at line {})", Quote(e.key), it->second));
      continue;
    }
    e.value_at = e.value.IsNull() ? e.key_at : At(e.value);
    // A value always follows its key in the text, unless it is an alias.
    if (!e.value.IsNull() && e.value.Mark().pos < e.key_node.Mark().pos) {
      e.alias_note = fmt::format("via alias, used for {} at line {}", Quote(e.key), e.key_at.line);
    }
    WithScope(e, [&] { fn(e); });
    if (aborted_) return;
  }
}

void Loader::UnknownKey(const Entry& e, std::string_view what, Keys allowed) {
  Fail(e.key_at, fmt::format("unknown key {} in {}; expected one of {}", Quote(e.key), what,
                             JoinKeys(allowed)));
}

// A map with a fixed set of keys; returns the keys seen (valid ones).
std::vector<std::string> Loader::ForEachField(const YAML::Node& map, std::string_view what,
                                              Keys allowed, const EntryFn& fn) {
  std::vector<std::string> seen;
  ForEachEntry(map, [&](const Entry& e) {
    if (!Contains(allowed, e.key)) return UnknownKey(e, what, allowed);
    seen.push_back(e.key);
    fn(e);
  });
  return seen;
}

void Loader::Require(const Location& at, std::string_view what,
                     const std::vector<std::string>& seen, Keys required) {
  for (std::string_view key : required) {
    if (std::find(seen.begin(), seen.end(), key) == seen.end()) {
      Fail(at, fmt::format("missing required key '{}' in {}", key, what));
    }
  }
}

// Iterates a list. An item placed before the list or at its predecessor's
// place is an alias (yaml-cpp marks an alias at its anchor).
void Loader::ForEachItem(const YAML::Node& seq, const ItemFn& fn) {
  int floor = seq.Mark().pos;
  bool first = true;
  for (const auto& it : seq) {
    const YAML::Node item = it;
    const Location at = At(item);
    if (!Visit(at)) return;
    const int pos = item.Mark().pos;
    const bool alias = !item.IsNull() && (pos < floor || (!first && pos == floor));
    if (!item.IsNull() && pos > floor) floor = pos;
    first = false;
    if (alias) alias_notes_.push_back("via alias");
    fn(item, at);
    if (alias) alias_notes_.pop_back();
    if (aborted_) return;
  }
}

}  // namespace loader_internal
}  // namespace statussim::harness
