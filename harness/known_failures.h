// Known failures: what a client is expected to fail (`--expectations FILE`,
// docs/expectations.md), and the outcome of each scenario run once they are
// taken into account, as web-platform-tests does with its expectation files.
//
// A run's outcomes: passed, failed, expected failure, unexpected pass (a
// stale expectation), error. Only expected failures are not a problem; an
// unexpected pass fails the run, so an expectation cannot outlive the bug it
// describes. The file is loaded by harness/loader_known_failures.cc (the
// loader's family: the only users of yaml-cpp), every problem located at
// `file:line:column`.
#ifndef STATUSSIM_HARNESS_KNOWN_FAILURES_H_
#define STATUSSIM_HARNESS_KNOWN_FAILURES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/loader.h"
#include "harness/results.h"
#include "harness/scenario.h"

namespace statussim::harness {

// One finding a client is known to produce, matched against Finding.
struct ExpectedFinding {
  int step = 0;        // 1-based step number; 0 = the end of the scenario (unconsumed events)
  std::string device;  // "" = any device
  std::string what;    // "result", "events", "unexpected events"; "" = any
  Location where;      // in the expectations file
};

// One entry of an expectations file.
struct KnownFailure {
  std::string scenario;                 // the scenario's name
  std::vector<std::string> rules;       // SPEC rule IDs involved (at least one)
  std::string reason;                   // what the client does, against what the rule says
  std::string evidence;                 // requests, replies, behaviour ("" if none given)
  std::vector<ExpectedFinding> findings;  // empty: the whole scenario is expected not to pass
  Verdict status = Verdict::kFail;      // whole-scenario entries: kFail or kError
  Location where;                       // of the entry
  std::string file;                     // the expectations file
};

struct KnownFailures {
  std::string file;  // as given
  std::vector<KnownFailure> entries;
  // The entry for a scenario name, or nullptr.
  const KnownFailure* Find(std::string_view scenario) const;
};

// Loads an expectations file. `rule_ids` are the SPEC's (entries must name
// some); `scenario_names` are every scenario of the loaded files (entries must
// name one). On failure `errors` gets every problem found, located.
std::optional<KnownFailures> LoadKnownFailures(const std::string& path,
                                               const std::vector<std::string>& rule_ids,
                                               const std::vector<std::string>& scenario_names,
                                               std::vector<LoadError>* errors);
std::optional<KnownFailures> LoadKnownFailuresText(std::string_view text, const std::string& file,
                                                   const std::vector<std::string>& rule_ids,
                                                   const std::vector<std::string>& scenario_names,
                                                   std::vector<LoadError>* errors);

// The outcome of one scenario run against its client's expectations (if
// any): sets `outcome` and, when the run is judged against an entry,
// `known_failure` and `outcome_note` (what did not match). A flaky result
// (--repeat) is kFlaky, its note listing how each run ended.
void ApplyKnownFailure(const KnownFailure* known, ScenarioResult* result);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_KNOWN_FAILURES_H_
