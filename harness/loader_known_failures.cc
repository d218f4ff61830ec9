// The expectations file (`--expectations FILE`, docs/expectations.md): YAML
// in, KnownFailures or located input errors out. One of the loader's files
// (the only users of yaml-cpp); it shares the scenario loader's text checks
// and its one-document rule, and reports every problem as
// `file:line:column: reason`, so that a typo cannot hide a failure.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "harness/known_failures.h"
#include "harness/loader_limits.h"
#include "harness/loader_walk.h"
#include "harness/yaml_scalars.h"

namespace statussim::harness {
namespace {

using loader_internal::At;
using loader_internal::CheckOneDocument;
using loader_internal::CheckText;
using loader_internal::Quote;

constexpr std::string_view kTopKeys[] = {"version", "description", "expected_failures"};
constexpr std::string_view kEntryKeys[] = {"scenario", "rules", "reason", "evidence", "findings",
                                           "status"};
constexpr std::string_view kFindingKeys[] = {"step", "device", "what"};
constexpr std::string_view kWhats[] = {"result", "events", "unexpected events"};

std::string Join(std::span<const std::string_view> keys) {
  std::string out;
  for (std::string_view k : keys) out += (out.empty() ? "" : ", ") + std::string(k);
  return out;
}

class Reader {
 public:
  Reader(std::string file, const std::vector<std::string>& rule_ids,
         const std::vector<std::string>& scenario_names, std::vector<LoadError>* errors)
      : file_(std::move(file)),
        rules_(rule_ids.begin(), rule_ids.end()),
        names_(scenario_names.begin(), scenario_names.end()),
        errors_(errors),
        errors_at_start_(errors->size()) {}

  std::optional<KnownFailures> Read(const YAML::Node& root) {
    KnownFailures out;
    out.file = file_;
    if (!root.IsMap()) {
      Fail(At(root), "an expectations file is a map: version, expected_failures");
      return std::nullopt;
    }
    bool saw_version = false, saw_list = false;
    ForEachKey(root, "the expectations file", kTopKeys, [&](const std::string& key, const YAML::Node& v) {
      if (key == "version") {
        saw_version = true;
        if (!v.IsScalar() || v.Scalar() != "1") Fail(At(v), "version must be 1");
      } else if (key == "description") {
        ReadText(v, "description");
      } else {
        saw_list = true;
        if (!v.IsSequence()) {
          if (!v.IsNull()) Fail(At(v), "expected_failures must be a list");
          return;
        }
        const YAML::Node list = v;
        for (size_t i = 0; i < list.size(); ++i) {
          if (std::optional<KnownFailure> k = ReadEntry(list[i])) out.entries.push_back(std::move(*k));
        }
      }
    });
    if (!saw_version) Fail(At(root), "the expectations file needs version: 1");
    if (!saw_list) Fail(At(root), "the expectations file needs expected_failures (a list)");
    if (errors_->size() != errors_at_start_) {
      std::stable_sort(errors_->begin() + static_cast<std::ptrdiff_t>(errors_at_start_), errors_->end(),
                       [](const LoadError& a, const LoadError& b) {
                         return std::pair(a.where.line, a.where.column) <
                                std::pair(b.where.line, b.where.column);
                       });
      return std::nullopt;
    }
    return out;
  }

 private:
  void Fail(Location at, std::string reason) {
    errors_->push_back(LoadError{file_, at, std::move(reason)});
  }

  // Calls fn for each entry of a map, refusing unknown, duplicate and
  // non-string keys.
  template <typename Fn>
  void ForEachKey(const YAML::Node& map, std::string_view what,
                  std::span<const std::string_view> allowed, Fn fn) {
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      const YAML::Node value = it->second;
      if (!key.IsScalar()) {
        Fail(At(key), fmt::format("a key of {} must be a string", what));
        continue;
      }
      const std::string k = key.Scalar();
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
        Fail(At(key), fmt::format("unknown key {} in {} (allowed: {})", Quote(k), what, Join(allowed)));
        continue;
      }
      if (!seen.insert(k).second) {
        Fail(At(key), fmt::format("duplicate key {} in {}", Quote(k), what));
        continue;
      }
      fn(k, value);
    }
  }

  std::optional<std::string> ReadText(const YAML::Node& v, std::string_view what) {
    if (!v.IsScalar()) {
      Fail(At(v), fmt::format("{} must be a string", what));
      return std::nullopt;
    }
    return v.Scalar();
  }

  std::optional<KnownFailure> ReadEntry(const YAML::Node& n) {
    if (!n.IsMap()) {
      Fail(At(n), "an expected failure is a map: scenario, rules, reason, ...");
      return std::nullopt;
    }
    const size_t errors_before = errors_->size();
    KnownFailure k;
    k.where = At(n);
    k.file = file_;
    bool has_scenario = false, has_rules = false, has_reason = false, reason_given = false;
    ForEachKey(n, "an expected failure", kEntryKeys, [&](const std::string& key, const YAML::Node& v) {
      if (key == "scenario") {
        has_scenario = true;
        std::optional<std::string> name = ReadText(v, "scenario");
        if (!name) return;
        if (!names_.count(*name)) {
          Fail(At(v), fmt::format("no scenario named {} in the loaded files", Quote(*name)));
          return;
        }
        if (!entries_.insert(*name).second) {
          Fail(At(v), fmt::format("scenario {} has an expected failure already", Quote(*name)));
          return;
        }
        k.scenario = *name;
      } else if (key == "rules") {
        has_rules = true;
        if (!v.IsSequence() || v.size() == 0) {
          Fail(At(v), "rules must be a non-empty list of SPEC rule IDs");
          return;
        }
        const YAML::Node list = v;
        for (size_t i = 0; i < list.size(); ++i) {
          std::optional<std::string> id = ReadText(list[i], "a rule");
          if (!id) continue;
          if (!rules_.empty() && !rules_.count(*id)) {
            Fail(At(list[i]), fmt::format("{} is not a rule of SPEC.md", Quote(*id)));
            continue;
          }
          k.rules.push_back(*id);
        }
      } else if (key == "reason") {
        reason_given = true;
        std::optional<std::string> text = ReadText(v, "reason");
        if (text && text->find_first_not_of(" \t\n") == std::string::npos) {
          Fail(At(v), "reason must say why (it is empty)");
          return;
        }
        if (text) {
          has_reason = true;
          k.reason = *text;
        }
      } else if (key == "evidence") {
        if (std::optional<std::string> text = ReadText(v, "evidence")) k.evidence = *text;
      } else if (key == "status") {
        std::optional<std::string> s = ReadText(v, "status");
        if (!s) return;
        if (*s == "fail") {
          k.status = Verdict::kFail;
        } else if (*s == "error") {
          k.status = Verdict::kError;
        } else {
          Fail(At(v), fmt::format("status must be fail or error, not {}", Quote(*s)));
        }
      } else {  // findings
        if (!v.IsSequence() || v.size() == 0) {
          Fail(At(v), "findings must be a non-empty list of {step, device, what}");
          return;
        }
        const YAML::Node list = v;
        for (size_t i = 0; i < list.size(); ++i) {
          if (std::optional<ExpectedFinding> f = ReadFinding(list[i])) k.findings.push_back(*f);
        }
      }
    });
    if (!has_scenario) Fail(k.where, "an expected failure needs scenario (the scenario's name)");
    if (!has_rules) Fail(k.where, "an expected failure needs rules (the SPEC rules involved)");
    if (!has_reason && !reason_given) Fail(k.where, "an expected failure needs a reason");
    if (errors_->size() != errors_before) return std::nullopt;
    return k;
  }

  std::optional<ExpectedFinding> ReadFinding(const YAML::Node& n) {
    if (!n.IsMap()) {
      Fail(At(n), "a finding is a map: {step, device, what}");
      return std::nullopt;
    }
    ExpectedFinding f;
    f.where = At(n);
    bool has_step = false, ok = true;
    ForEachKey(n, "a finding", kFindingKeys, [&](const std::string& key, const YAML::Node& v) {
      std::optional<std::string> text = ReadText(v, key);
      if (!text) {
        ok = false;
        return;
      }
      if (key == "step") {
        has_step = true;
        if (text->empty() || text->size() > 9 ||
            text->find_first_not_of("0123456789") != std::string::npos) {
          Fail(At(v), "step must be a step number (1 for the first step; 0 for the end)");
          ok = false;
          return;
        }
        f.step = std::stoi(*text);
      } else if (key == "device") {
        f.device = *text;
      } else {
        if (std::find(std::begin(kWhats), std::end(kWhats), *text) == std::end(kWhats)) {
          Fail(At(v), fmt::format("what must be one of {}, not {}", Join(kWhats), Quote(*text)));
          ok = false;
          return;
        }
        f.what = *text;
      }
    });
    if (!has_step) {
      Fail(f.where, "a finding needs step");
      return std::nullopt;
    }
    if (!ok) return std::nullopt;
    return f;
  }

  std::string file_;
  std::set<std::string> rules_;
  std::set<std::string> names_;
  std::set<std::string> entries_;  // scenarios already named
  std::vector<LoadError>* errors_;
  size_t errors_at_start_;
};

}  // namespace

std::optional<KnownFailures> LoadKnownFailuresText(std::string_view text, const std::string& file,
                                                   const std::vector<std::string>& rule_ids,
                                                   const std::vector<std::string>& scenario_names,
                                                   std::vector<LoadError>* errors) {
  if (text.size() > loader_internal::kMaxFileBytes) {
    errors->push_back({file, {}, fmt::format("the file is larger than 10 MiB ({} bytes)", text.size())});
    return std::nullopt;
  }
  if (std::optional<LoadError> bad = CheckText(text, file)) {
    // The scenario loader's check speaks of "a scenario".
    for (size_t at; (at = bad->reason.find("a scenario")) != std::string::npos;) {
      bad->reason.replace(at, 10, "an expectations file");
    }
    errors->push_back(std::move(*bad));
    return std::nullopt;
  }
  try {
    const std::string copy(text);
    if (std::optional<LoadError> e = CheckOneDocument(copy, file)) {
      errors->push_back(std::move(*e));
      return std::nullopt;
    }
    const YAML::Node root = YAML::Load(copy);
    if (root.IsNull()) {
      errors->push_back({file, {}, "empty file: no expectations in it"});
      return std::nullopt;
    }
    return Reader(file, rule_ids, scenario_names, errors).Read(root);
  } catch (const YAML::ParserException& e) {
    errors->push_back({file, At(e.mark), "YAML syntax error: " + e.msg});
  } catch (const YAML::Exception& e) {
    errors->push_back({file, At(e.mark), "cannot read the YAML: " + e.msg});
  }
  return std::nullopt;
}

std::optional<KnownFailures> LoadKnownFailures(const std::string& path,
                                               const std::vector<std::string>& rule_ids,
                                               const std::vector<std::string>& scenario_names,
                                               std::vector<LoadError>* errors) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    errors->push_back({path, {}, "no such file"});
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    errors->push_back({path, {}, "cannot read the file"});
    return std::nullopt;
  }
  return LoadKnownFailuresText(text, path, rule_ids, scenario_names, errors);
}

}  // namespace statussim::harness
