#include "harness/results.h"

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

}  // namespace statussim::harness
