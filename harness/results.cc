#include "harness/results.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace statussim::harness {

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kError:
      return "error";
  }
  return "error";
}

std::string_view TraceKindName(TraceEntry::Kind k) {
  switch (k) {
    case TraceEntry::Kind::kStep:
      return "step";
    case TraceEntry::Kind::kResult:
      return "result";
    case TraceEntry::Kind::kEvent:
      return "event";
    case TraceEntry::Kind::kClock:
      return "clock";
    case TraceEntry::Kind::kNote:
      return "note";
  }
  return "note";
}

std::string_view OutcomeName(ScenarioOutcome o) {
  switch (o) {
    case ScenarioOutcome::kPassed:
      return "passed";
    case ScenarioOutcome::kFailed:
      return "failed";
    case ScenarioOutcome::kExpectedFailure:
      return "expected failure";
    case ScenarioOutcome::kUnexpectedPass:
      return "unexpected pass";
    case ScenarioOutcome::kError:
      return "error";
    case ScenarioOutcome::kFlaky:
      return "flaky";
  }
  return "error";
}

ScenarioOutcome PlainOutcome(Verdict v) {
  return v == Verdict::kPass ? ScenarioOutcome::kPassed : v == Verdict::kFail ? ScenarioOutcome::kFailed : ScenarioOutcome::kError;
}

bool IsProblem(ScenarioOutcome o) { return o != ScenarioOutcome::kPassed && o != ScenarioOutcome::kExpectedFailure; }

Totals CountVerdicts(const RunResults& run) {
  Totals t;
  for (const ScenarioResult& r : run.scenarios) {
    if (r.outcome == ScenarioOutcome::kExpectedFailure) ++t.expected_failures;
    if (r.outcome == ScenarioOutcome::kUnexpectedPass) ++t.unexpected_passes;
    if (r.outcome == ScenarioOutcome::kFlaky) ++t.flaky;
    if (IsProblem(r.outcome)) ++t.problems;
    switch (r.verdict) {
      case Verdict::kPass:
        ++t.passed;
        break;
      case Verdict::kFail:
        ++t.failed;
        break;
      case Verdict::kError:
        ++t.errors;
        break;
    }
  }
  return t;
}

std::string_view RuleStandingName(RuleStanding s) {
  switch (s) {
    case RuleStanding::kConformant:
      return "conformant";
    case RuleStanding::kKnownDeviation:
      return "known deviation";
    case RuleStanding::kFailing:
      return "failing";
    case RuleStanding::kNotCovered:
      return "not covered";
  }
  return "not covered";
}

std::string Conformance::Summary() const {
  std::string out = fmt::format("{} of {} rules: conformant", conformant, rules.size());
  // At most 10 IDs a list (a filtered run leaves most rules uncovered).
  auto list = [&](const std::vector<std::string>& ids, std::string_view one, std::string_view many) {
    if (ids.empty()) return;
    out += fmt::format("; {} {}: {}", ids.size(), ids.size() == 1 ? one : many,
                       fmt::join(ids.begin(), ids.begin() + std::min<size_t>(ids.size(), 10), ", "));
    if (ids.size() > 10) out += ", ...";
  };
  list(deviations, "known deviation", "known deviations");
  list(failing, "failing", "failing");
  list(not_covered, "not covered", "not covered");
  return out;
}

std::vector<Conformance> ComputeConformance(const RunResults& run) {
  std::vector<Conformance> out;
  for (const std::string& client : run.clients) {
    Conformance c;
    c.client = client;
    for (const std::string& id : run.rule_ids) {
      bool covered = false, failing = false, deviation = false;
      for (const ScenarioResult& r : run.scenarios) {
        if (r.client != client || std::find(r.covers.begin(), r.covers.end(), id) == r.covers.end()) {
          continue;
        }
        covered = true;
        failing = failing || IsProblem(r.outcome);
        // An expected failure is a deviation of the rules its entry names;
        // the scenario's other rules are not held against the client.
        deviation = deviation || (r.outcome == ScenarioOutcome::kExpectedFailure && r.known_failure &&
                                  std::find(r.known_failure->rules.begin(), r.known_failure->rules.end(),
                                            id) != r.known_failure->rules.end());
      }
      const RuleStanding s = !covered  ? RuleStanding::kNotCovered
                             : failing ? RuleStanding::kFailing
                             : deviation ? RuleStanding::kKnownDeviation
                                         : RuleStanding::kConformant;
      c.rules.emplace_back(id, s);
      if (s == RuleStanding::kConformant) ++c.conformant;
      if (s == RuleStanding::kKnownDeviation) c.deviations.push_back(id);
      if (s == RuleStanding::kFailing) c.failing.push_back(id);
      if (s == RuleStanding::kNotCovered) c.not_covered.push_back(id);
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace statussim::harness
