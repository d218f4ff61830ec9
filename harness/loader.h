// The scenario loader: YAML text of format v1 (SCENARIOS.md) in, a validated
// Scenario or located input errors out. It is the only part of statussim that
// includes yaml-cpp. Every problem is reported as `file:line:column: reason`
// (1-based), never as a crash or a silent skip.
#ifndef STATUSSIM_HARNESS_LOADER_H_
#define STATUSSIM_HARNESS_LOADER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario.h"
#include "harness/status.h"

namespace statussim::harness {

// One input error, located.
struct LoadError {
  std::string file;  // path as given
  Location where;    // 1-based; line 0 when the whole file is concerned
  std::string reason;
  // "file:line:column: reason" (or "file: reason" when line is 0).
  std::string ToString() const;
};

struct LoadOptions {
  // Every rule ID that `covers` may name (SPEC order). Empty: IDs not checked.
  std::vector<std::string> rule_ids;
  // Folder that Scenario::folder is relative to ("" = the file's own folder is used as is).
  std::string suite_root;
};

// Options whose rule_ids are the SPEC's compiled in (harness/spec_rules.h).
LoadOptions EmbeddedSpecOptions();

// Loads one file. On failure, `errors` gets at least one entry (all that
// could be found in that file, in file order) and the result is empty.
std::optional<Scenario> LoadScenarioFile(const std::string& path, const LoadOptions& options,
                                         std::vector<LoadError>* errors);
// Same, and on success sets `*name_at` to where the scenario's `name` is
// written (for suite-level errors such as duplicate names); may be null.
std::optional<Scenario> LoadScenarioFile(const std::string& path, const LoadOptions& options,
                                         std::vector<LoadError>* errors, Location* name_at);
// Same, from text; `file` names it in messages.
std::optional<Scenario> LoadScenarioText(std::string_view text, const std::string& file,
                                         const LoadOptions& options,
                                         std::vector<LoadError>* errors);

// Durations: "250ms", "5s", "10m", "2h", "7d", or a non-negative integer of ms.
Result<int64_t> ParseDuration(std::string_view text);

// "prefix{A..B}suffix" -> prefixA suffix ... prefixB suffix (decimal, no
// padding, A <= B, one brace group, no leading zeros). At most `max_ids` IDs.
Result<std::vector<std::string>> ExpandPattern(std::string_view pattern, size_t max_ids);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_LOADER_H_
