#include "harness/known_failures.h"

#include <fmt/format.h>

namespace statussim::harness {
namespace {

std::string FindingText(const ExpectedFinding& f) {
  std::string text = f.step == 0 ? "end of scenario" : fmt::format("step {}", f.step);
  if (!f.device.empty()) text += " " + f.device;
  if (!f.what.empty()) text += " " + f.what;
  return text;
}

bool Matches(const ExpectedFinding& e, const Finding& f) {
  return e.step == f.step_index + 1 && (e.device.empty() || e.device == f.device) &&
         (e.what.empty() || e.what == f.what);
}

// The outcome of one run against an entry (or none), flakiness aside.
void ApplyKnownFailureOnce(const KnownFailure* known, ScenarioResult* r) {
  r->outcome = PlainOutcome(r->verdict);
  r->known_failure.reset();
  r->outcome_note.clear();
  if (known == nullptr) return;
  KnownFailureNote note;
  note.file = known->file;
  note.line = known->where.line;
  note.rules = known->rules;
  note.reason = known->reason;
  note.evidence = known->evidence;
  for (const ExpectedFinding& f : known->findings) note.findings.push_back(FindingText(f));
  r->known_failure = std::move(note);

  if (r->verdict == Verdict::kPass) {
    r->outcome = ScenarioOutcome::kUnexpectedPass;
    r->outcome_note = "expected to fail, but passed: the expectation is stale";
    return;
  }
  if (known->findings.empty()) {  // the whole scenario is expected not to pass
    if (r->verdict == known->status) {
      r->outcome = ScenarioOutcome::kExpectedFailure;
    } else {
      r->outcome_note = fmt::format("expected verdict {}, got {}", VerdictName(known->status),
                                    VerdictName(r->verdict));
    }
    return;
  }
  // Single findings: exactly these, no other, each one seen.
  if (r->verdict == Verdict::kError) {
    r->outcome_note = "expected findings, but the client misbehaved";
    return;
  }
  for (const Finding& f : r->findings) {
    bool expected = false;
    for (const ExpectedFinding& e : known->findings) expected = expected || Matches(e, f);
    if (!expected) {
      r->outcome_note = fmt::format("a finding no expectation names: step {} {} {}",
                                    f.step_index + 1, f.device, f.what);
      return;  // kFailed
    }
  }
  for (const ExpectedFinding& e : known->findings) {
    bool seen = false;
    for (const Finding& f : r->findings) seen = seen || Matches(e, f);
    if (!seen) {
      r->outcome = ScenarioOutcome::kUnexpectedPass;
      r->outcome_note = "expected finding did not occur (stale): " + FindingText(e);
      return;
    }
  }
  r->outcome = ScenarioOutcome::kExpectedFailure;
}

}  // namespace

const KnownFailure* KnownFailures::Find(std::string_view scenario) const {
  for (const KnownFailure& k : entries) {
    if (k.scenario == scenario) return &k;
  }
  return nullptr;
}

void ApplyKnownFailure(const KnownFailure* known, ScenarioResult* r) {
  ApplyKnownFailureOnce(known, r);
  if (r->flaky) {  // a flaky scenario is a problem whatever was expected of it
    r->outcome = ScenarioOutcome::kFlaky;
    std::string runs;
    for (size_t i = 0; i < r->repeat_outcomes.size(); ++i) {
      runs += fmt::format("{}run {}: {}", i == 0 ? "" : "; ", i + 1, r->repeat_outcomes[i]);
    }
    r->outcome_note = "the runs did not all end alike (" + runs + ")";
  }
}

}  // namespace statussim::harness
