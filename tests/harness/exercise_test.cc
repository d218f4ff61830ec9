// Rule exercise (sim/exercise.h, harness/exercise_tally.h): the model's list
// of rules is SPEC.md's; hits land where the rules apply and nowhere else;
// counting changes nothing the model does; a campaign's tally does not depend
// on order, jobs or sharding; the reports carry the figures.
#include "reports/exercise.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "harness/builtin_client.h"
#include "harness/exercise_tally.h"
#include "harness/loader.h"
#include "harness/runner.h"
#include "harness/spec_rules.h"
#include "harness/suite.h"

namespace statussim::harness {
namespace {

using sim::Rule;

Scenario Load(const std::string& yaml) {
  std::vector<LoadError> errors;
  std::optional<Scenario> s = LoadScenarioText(yaml, "inline.yaml", {}, &errors);
  BOOST_REQUIRE_MESSAGE(s.has_value(), (errors.empty() ? "" : errors[0].ToString()));
  return *s;
}

sim::RuleCounts Exercised(const std::string& yaml) {
  BuiltinClient client;
  ScenarioResult r = RunScenario(Load(yaml), client);
  BOOST_REQUIRE((r.verdict == Verdict::kPass));
  BOOST_REQUIRE(r.exercised.has_value());
  return *r.exercised;
}

std::vector<Scenario> Suite() {
  const LoadOptions options = EmbeddedSpecOptions();
  std::vector<LoadError> errors;
  std::vector<Scenario> suite =
      LoadSuite({std::string(STATUSSIM_SOURCE_DIR) + "/scenarios"}, options, &errors);
  BOOST_REQUIRE(errors.empty());
  return suite;
}

std::vector<ClientSpec> Builtin() {
  return {{"builtin", []() -> Result<std::unique_ptr<Client>> {
             return std::unique_ptr<Client>(std::make_unique<BuiltinClient>());
           }}};
}

ExerciseTally Tally(const RunResults& run) {
  ExerciseTally t;
  for (const ScenarioResult& r : run.scenarios) t.Add(*r.exercised);
  return t;
}

bool Same(const ExerciseTally& a, const ExerciseTally& b) {
  if (a.scenarios != b.scenarios || a.rules.size() != b.rules.size()) return false;
  for (size_t i = 0; i < a.rules.size(); ++i) {
    if (a.rules[i].rule != b.rules[i].rule || a.rules[i].hits != b.rules[i].hits ||
        a.rules[i].scenarios != b.rules[i].scenarios) {
      return false;
    }
  }
  return true;
}

BOOST_AUTO_TEST_SUITE(exercise)

// A new rule in SPEC.md must be added to sim/exercise.h (and given hit sites).
BOOST_AUTO_TEST_CASE(the_models_rules_are_specs_rules) {
  const std::vector<std::string> spec = ParseRuleIds(EmbeddedSpecText());
  std::vector<std::string> model(sim::AllRuleIds().begin(), sim::AllRuleIds().end());
  BOOST_TEST(model == spec, boost::test_tools::per_element());
  BOOST_TEST(sim::RuleId(Rule::kSub10) == "SUB-10");
  BOOST_TEST((sim::ParseRuleId("CLR-4") == Rule::kClr4));
  BOOST_TEST(!sim::ParseRuleId("CLR-5").has_value());
}

// Two web logins of one account with the default limit: one kick (SES-4), two
// instances created (SES-1), nothing of SES-5, and no rejected call.
BOOST_AUTO_TEST_CASE(a_web_kick_is_one_hit_of_ses4) {
  const sim::RuleCounts c = Exercised(R"(version: 1
name: t
covers: [SES-4]
accounts: [alice]
steps:
  - login: {device: w1, user: alice, platform: web}
  - login: {device: w2, user: alice, platform: web}
  - expect_events: {w1: [{kicked: {type: multipleAccount}}]}
)");
  BOOST_TEST(c[Rule::kSes4] == 1u);
  BOOST_TEST(c[Rule::kSes1] == 2u);
  BOOST_TEST(c[Rule::kVal3] == 1u);  // the kickedOut event
  BOOST_TEST(c[Rule::kSes5] == 0u);
  BOOST_TEST(c[Rule::kApi1] == 0u);
  BOOST_TEST(c[Rule::kRl2] == 0u);
  BOOST_TEST(c[Rule::kPar2] == 0u);  // every setting at its default
}

// The rate limit: 3 calls allowed per window, 5 calls, so two rejections
// (RL-2); each call reaches the limiter (GET-6); two parameters were set
// (PAR-2); a later window after the wait is RL-2 again.
BOOST_AUTO_TEST_CASE(rate_limit_hits_follow_the_calls) {
  const sim::RuleCounts c = Exercised(R"(version: 1
name: t
covers: [RL-2]
app:
  premium: true
  console: {status_query_and_notify: true}
  params: {rate_count: 3, rate_window: 1s}
accounts: [alice, bob]
steps:
  - login: {device: a1, user: alice, platform: web}
  - call: {device: a1, api: getUserStatus, args: {userIDList: [bob]}}
    times: 3
  - call: {device: a1, api: getUserStatus, args: {userIDList: [bob]}}
    times: 2
    expect: {error: 2996}
  - wait: 1001
  - call: {device: a1, api: getUserStatus, args: {userIDList: [bob]}}
)");
  BOOST_TEST(c[Rule::kGet6] == 6u);
  BOOST_TEST(c[Rule::kRl2] == 3u);
  BOOST_TEST(c[Rule::kPar2] == 2u);
  BOOST_TEST(c[Rule::kApi2] == 2u);  // two failed calls, no error event (API-2)
  BOOST_TEST(c[Rule::kApi1] == 0u);
}

// A custom status cleared by the timer: CLR-1 when the web instance stops
// counting and when the clear runs; nothing of CLR-2, CLR-3.
BOOST_AUTO_TEST_CASE(a_clear_after_the_delay) {
  const sim::RuleCounts c = Exercised(R"(version: 1
name: t
covers: [CLR-1]
accounts: [alice]
steps:
  - login: {device: w1, user: alice, platform: web}
  - call: {device: w1, api: setSelfStatus, args: {customStatus: busy}}
  - expect_events: {w1: [{status: {userID: alice, customStatus: busy}}]}
  - logout: {device: w1}
  - wait: 30s
)");
  BOOST_TEST(c[Rule::kClr1] == 2u);
  BOOST_TEST(c[Rule::kClr2] == 0u);
  BOOST_TEST(c[Rule::kClr3] == 0u);
  BOOST_TEST(c[Rule::kSes3] == 1u);
  BOOST_TEST(c[Rule::kSet2] == 1u);  // a set without the tier
}

// Init starts the counts again: a client reused for a second scenario
// reports that scenario's hits only.
BOOST_AUTO_TEST_CASE(counts_are_per_scenario) {
  const std::string yaml = R"(version: 1
name: t
covers: [SES-1]
accounts: [alice]
steps:
  - login: {device: w1, user: alice, platform: web}
)";
  BuiltinClient client;
  ScenarioResult first = RunScenario(Load(yaml), client);
  ScenarioResult second = RunScenario(Load(yaml), client);
  BOOST_TEST((*first.exercised)[Rule::kSes1] == 1u);
  BOOST_TEST((*second.exercised)[Rule::kSes1] == 1u);
}

// The suite exercises every rule in the model, and its tally is the same in
// order with one job, with two jobs, and as the merge of three shards.
BOOST_AUTO_TEST_CASE(the_suite_exercises_every_rule_whatever_the_split) {
  const std::vector<Scenario> suite = Suite();
  const ExerciseTally whole = Tally(RunSuite(suite, Builtin(), {}));
  BOOST_TEST(whole.scenarios == suite.size());
  BOOST_TEST(whole.Unexercised().empty());
  SuiteOptions two;
  two.jobs = 2;
  BOOST_TEST(Same(whole, Tally(RunSuite(suite, Builtin(), two))));
  ExerciseTally merged;
  for (size_t k = 0; k < 3; ++k) {
    std::vector<Scenario> shard;
    for (size_t i = k; i < suite.size(); i += 3) shard.push_back(suite[i]);
    merged.Merge(Tally(RunSuite(shard, Builtin(), {})));
  }
  BOOST_TEST(Same(whole, merged));
}

BOOST_AUTO_TEST_CASE(reports_carry_the_figures) {
  reports::ExerciseReport report;
  sim::RuleCounts c;
  c.Hit(Rule::kSes4);
  c.Hit(Rule::kSes4);
  report.tally.Add(c);
  report.tally.Add(sim::RuleCounts{});
  report.declared.assign(report.tally.rules.size(), 0);
  report.gaps.push_back({"s", "s.yaml", {"SES-5"}});
  const std::string text = reports::RenderExerciseText(report);
  BOOST_TEST(text.find("SES-4            1  50.0%          2        0\n") != std::string::npos,
             text);
  BOOST_TEST(text.find("SES-5            0   0.0%          0        0  NOT EXERCISED") !=
             std::string::npos);
  BOOST_TEST(text.find("covers, not exercised: s.yaml: SES-5 (s)") != std::string::npos);
  BOOST_TEST(text.find("1 of 73 rules exercised in the model by 2 scenario(s)") !=
             std::string::npos);
  const nlohmann::json j = nlohmann::json::parse(reports::RenderExerciseJson(report));
  BOOST_TEST(j["scenarios"] == 2);
  BOOST_TEST(j["rules"].size() == 73u);
  BOOST_TEST(j["rules"][14]["rule"] == "SES-4");
  BOOST_TEST(j["rules"][14]["hits"] == 2);
  BOOST_TEST(j["unexercised"].size() == 72u);
  BOOST_TEST(ExercisedRules(c) == std::vector<std::string>{"SES-4"});
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::harness
