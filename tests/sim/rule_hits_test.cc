// Tests of the rule counting (sim/rule_hits.h) on the model: every rule a
// suite scenario covers is hit when that scenario runs on the builtin client;
// a scenario that only logs in and sets a status hits none of the rules of
// subscriptions, rate windows or subscription clearing; and counting changes
// no trace.
#include "sim/rule_hits.h"

#include <boost/test/unit_test.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "harness/builtin_client.h"
#include "harness/loader.h"
#include "harness/runner.h"
#include "harness/spec_rules.h"
#include "harness/suite.h"

namespace statussim::harness {
namespace {

LoadOptions Options() {
  LoadOptions options;
  options.rule_ids = ParseRuleIds(EmbeddedSpecText());
  return options;
}

std::vector<Scenario> Suite() {
  std::vector<LoadError> errors;
  std::vector<Scenario> suite =
      LoadSuite({std::string(STATUSSIM_SOURCE_DIR) + "/scenarios"}, Options(), &errors);
  BOOST_REQUIRE_MESSAGE(errors.empty(), (errors.empty() ? "" : errors[0].ToString()));
  BOOST_REQUIRE(suite.size() > 100u);
  return suite;
}

// Rules that no place in the model decides, so a scenario may cover them
// without a hit. Empty: VAL-4's message texts are not normative, but its
// shapes (resolve with data, reject with a code) are counted per call.
const std::set<std::string>& NotCountable() {
  static const std::set<std::string> kIds = {};
  return kIds;
}

// Covers entries of single scenarios that the model does not reach; each
// looks like a scenario's covers naming a neighbouring rule (reported to the
// lead, not edited here). Keys are "file name:rule".
const std::set<std::string>& CoversNotExercised() {
  static const std::set<std::string> kEntries = {
      // Its only login is a no-op on a logged-in device: SES-9 returns before
      // any session code, so no CLR-3 code runs (the clear is not cancelled
      // because nothing happened, not because CLR-3 decided it).
      "noop-login-does-not-cancel-the-clear.yaml:CLR-3",
      // No subscribe resolves there (3122, 72001, 2996): SUB-7's result shape
      // is never produced.
      "val-result-shapes.yaml:SUB-7",
      // Self cannot be subscribed (SUB-5), so no change of alice reaches an
      // account twice: EVT-4's "one item per change" never has to drop one.
      "self-is-rejected-70402.yaml:EVT-4",
  };
  return kEntries;
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

sim::RuleHits RunCounting(const Scenario& s, ScenarioResult* result = nullptr) {
  sim::RuleHits hits;
  BuiltinClient client;
  client.set_rule_hits(&hits);
  ScenarioResult r = RunScenario(s, client);
  if (result != nullptr) *result = std::move(r);
  return hits;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rule_hits)

BOOST_AUTO_TEST_CASE(rule_ids_are_the_spec_ids_in_order) {
  const std::vector<std::string> spec = ParseRuleIds(EmbeddedSpecText());
  BOOST_REQUIRE_EQUAL(spec.size(), sim::kRuleCount);
  for (size_t i = 0; i < sim::kRuleCount; ++i) {
    BOOST_TEST(sim::RuleId(static_cast<sim::Rule>(i)) == spec[i]);
  }
}

BOOST_AUTO_TEST_CASE(every_covered_rule_is_hit) {
  size_t missing = 0;
  std::set<std::string> exempt_used;
  for (const Scenario& s : Suite()) {
    const sim::RuleHits hits = RunCounting(s);
    for (const std::string& id : s.covers) {
      if (NotCountable().count(id) != 0) continue;
      const std::string entry = BaseName(s.file) + ":" + id;
      if (CoversNotExercised().count(entry) != 0) {
        exempt_used.insert(entry);
        // Kept honest: an exempt entry that starts being hit leaves the list.
        BOOST_TEST(hits.Count(id) == 0u, entry << " is hit now: remove it from the list");
        continue;
      }
      BOOST_TEST_CONTEXT(s.file) {
        BOOST_TEST(hits.Count(id) > 0u, id << " is covered but not hit");
      }
      if (hits.Count(id) == 0) ++missing;
    }
  }
  BOOST_TEST(missing == 0u);
  BOOST_TEST(exempt_used.size() == CoversNotExercised().size());  // no stale entries
}

BOOST_AUTO_TEST_CASE(login_and_set_hit_no_subscription_rate_or_clear_rules) {
  const std::string text = R"(version: 1
name: "login and set"
covers: [SET-3]
app:
  premium: true
  console: {status_query_and_notify: true}
accounts: [alice, bob]
friends: [[alice, bob]]
steps:
  - login: {device: a1, user: alice, platform: web}
  - login: {device: b1, user: bob, platform: android}
  - call: {device: a1, api: setSelfStatus, args: {customStatus: busy}}
    expect: {ok: {userID: alice, statusType: ONLINE, customStatus: busy}}
)";
  std::vector<LoadError> errors;
  const std::optional<Scenario> s =
      LoadScenarioText(text, "login-and-set.yaml", Options(), &errors);
  BOOST_REQUIRE_MESSAGE(s.has_value(), (errors.empty() ? "" : errors[0].ToString()));
  const sim::RuleHits hits = RunCounting(*s);
  BOOST_TEST(hits.Count(sim::Rule::kSet3) > 0u);  // the counting is on
  BOOST_TEST(hits.Count(sim::Rule::kSes1) > 0u);
  BOOST_TEST(hits.Count(sim::Rule::kSub9) == 0u);
  BOOST_TEST(hits.Count(sim::Rule::kRl2) == 0u);
  BOOST_TEST(hits.Count(sim::Rule::kClr4) == 0u);
  BOOST_TEST(hits.Count(sim::Rule::kSes9) == 0u);
  BOOST_TEST(hits.Count(sim::Rule::kApi1) == 0u);
}

BOOST_AUTO_TEST_CASE(counting_changes_no_trace) {
  size_t differing = 0;
  for (const Scenario& s : Suite()) {
    BuiltinClient plain;
    const ScenarioResult off = RunScenario(s, plain);
    ScenarioResult on;
    const sim::RuleHits hits = RunCounting(s, &on);
    BOOST_TEST_CONTEXT(s.file) {
      BOOST_TEST(off.trace_sha256 == on.trace_sha256);
      BOOST_TEST((off.verdict == on.verdict));
      BOOST_TEST(!hits.Exercised().empty());
    }
    if (off.trace_sha256 != on.trace_sha256) ++differing;
  }
  BOOST_TEST(differing == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace statussim::harness
