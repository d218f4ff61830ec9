// Known failures (--expectations): the outcome of a verdict against an entry,
// and the located errors of a file. tests/expectations.sh runs the same
// through the command line on the golden suite.
#include "harness/known_failures.h"

#include <boost/test/unit_test.hpp>

namespace statussim::harness {
namespace {

ScenarioResult Run(Verdict v, std::vector<Finding> findings = {}) {
  ScenarioResult r;
  r.name = "s";
  r.verdict = v;
  r.findings = std::move(findings);
  return r;
}

Finding FindingAt(int step_index, std::string device, std::string what) {
  Finding f;
  f.step_index = step_index;
  f.device = std::move(device);
  f.what = std::move(what);
  return f;
}

ScenarioOutcome Judge(const KnownFailure* k, ScenarioResult r) {
  ApplyKnownFailure(k, &r);
  return r.outcome;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(known_failures)

BOOST_AUTO_TEST_CASE(outcomes_of_a_whole_scenario_entry) {
  KnownFailure k;
  k.scenario = "s";
  k.rules = {"SET-5"};
  k.reason = "r";
  BOOST_TEST((Judge(nullptr, Run(Verdict::kPass)) == ScenarioOutcome::kPassed));
  BOOST_TEST((Judge(nullptr, Run(Verdict::kFail)) == ScenarioOutcome::kFailed));
  BOOST_TEST((Judge(nullptr, Run(Verdict::kError)) == ScenarioOutcome::kError));
  BOOST_TEST((Judge(&k, Run(Verdict::kPass)) == ScenarioOutcome::kUnexpectedPass));
  BOOST_TEST((Judge(&k, Run(Verdict::kFail)) == ScenarioOutcome::kExpectedFailure));
  // A client that starts to misbehave where it used to answer wrongly is news.
  BOOST_TEST((Judge(&k, Run(Verdict::kError)) == ScenarioOutcome::kError));
  k.status = Verdict::kError;
  BOOST_TEST((Judge(&k, Run(Verdict::kError)) == ScenarioOutcome::kExpectedFailure));
  BOOST_TEST((Judge(&k, Run(Verdict::kFail)) == ScenarioOutcome::kFailed));
  BOOST_TEST(IsProblem(ScenarioOutcome::kUnexpectedPass));
  BOOST_TEST(!IsProblem(ScenarioOutcome::kExpectedFailure));
}

BOOST_AUTO_TEST_CASE(outcomes_of_single_findings) {
  KnownFailure k;
  k.scenario = "s";
  k.rules = {"GET-5"};
  k.reason = "r";
  k.findings = {{3, "b1", "result", {}}, {0, "", "unexpected events", {}}};
  const Finding step3 = FindingAt(2, "b1", "result");
  const Finding end = FindingAt(-1, "a1", "unexpected events");
  BOOST_TEST((Judge(&k, Run(Verdict::kFail, {step3, end})) == ScenarioOutcome::kExpectedFailure));
  // Another finding besides the named ones fails the run.
  BOOST_TEST((Judge(&k, Run(Verdict::kFail, {step3, end, FindingAt(4, "b1", "events")})) ==
              ScenarioOutcome::kFailed));
  // A named finding that did not occur makes the entry stale.
  BOOST_TEST((Judge(&k, Run(Verdict::kFail, {step3})) == ScenarioOutcome::kUnexpectedPass));
  BOOST_TEST((Judge(&k, Run(Verdict::kError)) == ScenarioOutcome::kError));
  ScenarioResult r = Run(Verdict::kFail, {step3, FindingAt(2, "c1", "result"), end});
  ApplyKnownFailure(&k, &r);
  BOOST_TEST((r.outcome == ScenarioOutcome::kFailed));
  BOOST_TEST(r.outcome_note == "a finding no expectation names: step 3 c1 result");
  BOOST_REQUIRE(r.known_failure.has_value());
  BOOST_TEST(r.known_failure->findings.size() == 2u);
  BOOST_TEST(r.known_failure->findings[1] == "end of scenario unexpected events");
}

BOOST_AUTO_TEST_CASE(a_file_is_checked_and_located) {
  const std::vector<std::string> rules = {"SET-5", "GET-5"};
  const std::vector<std::string> names = {"a", "b"};
  std::vector<LoadError> errors;
  std::optional<KnownFailures> ok = LoadKnownFailuresText(
      "version: 1\nexpected_failures:\n  - {scenario: a, rules: [SET-5], reason: why}\n", "x.yaml",
      rules, names, &errors);
  BOOST_REQUIRE(ok.has_value());
  BOOST_TEST(ok->Find("a")->reason == "why");
  BOOST_TEST(ok->Find("b") == nullptr);
  errors.clear();
  BOOST_TEST(!LoadKnownFailuresText(
                  "version: 1\nexpected_failures:\n  - {scenario: a, rules: [SET-5]}\n"
                  "  - {scenario: a, rules: [SET-5], reason: twice}\n",
                  "x.yaml", rules, names, &errors)
                  .has_value());
  BOOST_REQUIRE(errors.size() == 2u);
  BOOST_TEST(errors[0].ToString() == "x.yaml:3:5: an expected failure needs a reason");
  BOOST_TEST(errors[1].ToString() == "x.yaml:4:16: scenario 'a' has an expected failure already");
  errors.clear();
  BOOST_TEST(!LoadKnownFailuresText("version: 2\n", "x.yaml", rules, names, &errors).has_value());
  BOOST_TEST(errors.size() == 2u);  // the version, and no expected_failures
  errors.clear();
  BOOST_TEST(!LoadKnownFailuresText("version: 1\nexpected_failures: [\n", "x.yaml", rules, names,
                                    &errors)
                  .has_value());
  BOOST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].reason.find("YAML syntax error") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace statussim::harness
