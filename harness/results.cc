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

Totals CountVerdicts(const RunResults& run) {
  Totals t;
  for (const ScenarioResult& r : run.scenarios) {
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
