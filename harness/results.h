// Results: what a run produced, as plain data. The runner fills these; the
// reporters in reports/ only format them. Nothing here holds wall-clock time
// except the fields named `wall_*`, which reporters keep apart (under a
// `timing` key) so that reports of two runs compare byte for byte otherwise.
#ifndef STATUSSIM_HARNESS_RESULTS_H_
#define STATUSSIM_HARNESS_RESULTS_H_

#include <optional>
#include <string>
#include <vector>

#include "harness/scenario.h"
#include "sim/exercise.h"

namespace statussim::harness {

enum class Verdict {
  kPass,   // every expectation held, no unexpected event left
  kFail,   // at least one expectation did not hold (findings say which)
  kError,  // the client misbehaved (crash, timeout, protocol error): `error` says how
};
std::string_view VerdictName(Verdict v);  // "pass", "fail", "error"

// A verdict judged against the client's known failures (--expectations).
// Without expectations, kPassed, kFailed or kError as the verdict says.
enum class ScenarioOutcome {
  kPassed,           // passed, and was not expected to fail
  kFailed,           // failed (or failed otherwise than expected)
  kExpectedFailure,  // failed exactly as an expectation says
  kUnexpectedPass,   // an expectation says it fails, but it did not (a stale expectation)
  kError,            // the client misbehaved, and that was not expected
  kFlaky,            // repeated runs (--repeat) did not all end alike
};
// "passed", "failed", "expected failure", "unexpected pass", "error", "flaky".
std::string_view OutcomeName(ScenarioOutcome o);
// The outcome of a verdict when nothing is expected of it.
ScenarioOutcome PlainOutcome(Verdict v);
// The outcomes that fail a run: all but kPassed and kExpectedFailure.
bool IsProblem(ScenarioOutcome o);

// What an expectations file said of a scenario, copied into its result so
// that reporters need nothing else.
struct KnownFailureNote {
  std::string file;                // the expectations file
  int line = 0;                    // of its entry
  std::vector<std::string> rules;  // SPEC rules involved
  std::string reason;
  std::string evidence;
  std::vector<std::string> findings;  // "step 7 b1 result", ... (empty: the whole scenario)
};

// One violated expectation.
struct Finding {
  int step_index = -1;  // 0-based index into Scenario::steps; -1 = end of scenario
  int repeat = 0;       // 0-based repetition of a step with `times: N`
  Location where;       // YAML line/column of the step (or of the expectation)
  Millis time = 0;      // virtual time when it was observed
  std::string device;   // the device concerned ("" if none)
  std::string what;     // e.g. "result", "events", "unexpected events"
  std::string expected;  // compact JSON-like text
  std::string actual;    // compact JSON-like text
  std::string diff;      // compact description of the difference, e.g. "[0].customStatus: 'a' != 'b'"
};

// One line of the canonical trace: every step, its result, and every item a
// device received, with the virtual time. `text` is canonical (no pointers,
// no wall time), so the trace of a deterministic run is byte-identical.
struct TraceEntry {
  enum class Kind { kStep, kResult, kEvent, kClock, kNote };
  Kind kind = Kind::kStep;
  Millis time = 0;       // virtual ms
  int step_index = -1;   // step that produced it (-1 = none)
  std::string device;    // "" for kClock, configure and notes
  std::string text;      // e.g. "call getUserStatus {...}", "ok {...}", "status {...}"
};
std::string_view TraceKindName(TraceEntry::Kind k);  // "step", "result", "event", "clock", "note"

struct ScenarioResult {
  std::string file;    // path of the scenario file
  std::string folder;  // folder relative to the suite root, used as JUnit classname
  std::string name;
  std::string client;  // the client's name, e.g. "builtin"
  std::vector<std::string> covers;
  std::vector<std::string> tags;
  std::vector<std::string> devices;  // in order of first appearance
  Verdict verdict = Verdict::kPass;
  ScenarioOutcome outcome = ScenarioOutcome::kPassed;  // the verdict judged against known failures
  std::optional<KnownFailureNote> known_failure;  // the expectation it was judged against
  std::string outcome_note;  // why an expectation did not match ("" when it did)
  bool flaky = false;        // --repeat: the runs did not all end alike
  std::vector<std::string> repeat_outcomes;  // --repeat: how each run ended (RunSignature)
  std::vector<Finding> findings;  // in order of observation
  std::string error;              // kError: the reason, e.g. "client timeout"
  std::string client_log_tail;    // kError: last lines of the client's stderr
  std::vector<TraceEntry> trace;
  std::string trace_sha256;   // hex SHA-256 of the canonical trace text
  // The SPEC rules the model applied (sim/exercise.h): only for a client
  // that runs the model (builtin, and its mutants).
  std::optional<sim::RuleCounts> exercised;
  Millis virtual_duration = 0;  // virtual time at the end
  int steps_total = 0;          // steps in the scenario
  int steps_run = 0;            // steps executed (less when a client error stopped it)
  double wall_seconds = 0;      // wall time; reporters keep it apart
};

struct RunResults {
  std::vector<std::string> clients;        // client names, in --client order
  std::vector<ScenarioResult> scenarios;   // scenario-major, then client order
  std::vector<std::string> rule_ids;       // every SPEC rule ID, in SPEC order
  int not_run = 0;                         // scenarios not run (interrupted)
  double wall_seconds = 0;                 // whole run, wall time
};

// Per SPEC rule, where a client stands: every scenario covering the rule
// passed on it (conformant), some failed as its expectations say and the
// entry names the rule (known deviation), some failed otherwise or were
// flaky (failing), or no scenario of the run covers it (not covered). An
// expected failure does not count against the rules its entry does not name.
enum class RuleStanding { kConformant, kKnownDeviation, kFailing, kNotCovered };
std::string_view RuleStandingName(RuleStanding s);  // "conformant", "known deviation", ...

struct Conformance {
  std::string client;
  std::vector<std::pair<std::string, RuleStanding>> rules;  // SPEC order
  int conformant = 0;
  std::vector<std::string> deviations, failing, not_covered;  // rule IDs
  // "72 of 73 rules: conformant; 1 known deviation: API-4" (then failing
  // and not covered, when there are any): a line a vendor can paste.
  std::string Summary() const;
};
// One per client of the run, in run order.
std::vector<Conformance> ComputeConformance(const RunResults& run);

// Counts by verdict (and by outcome).
struct Totals {
  int passed = 0;
  int failed = 0;
  int errors = 0;
  int expected_failures = 0;  // outcomes: failed as expected (counted in failed/errors too)
  int unexpected_passes = 0;  // outcomes: passed against an expectation (counted in passed too)
  int flaky = 0;              // outcomes: flaky
  int problems = 0;           // outcomes that fail the run (IsProblem)
};
Totals CountVerdicts(const RunResults& run);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_RESULTS_H_
