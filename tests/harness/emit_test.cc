// Tests of EmitScenario (harness/emit.h): every scenario of the suite and of
// tests/good, written out and loaded back, is a fixed point of emit and runs
// the same on the builtin client (same trace hash, same verdict); awkward
// strings and numbers keep their type and value.
#include "harness/emit.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/builtin_client.h"
#include "harness/loader.h"
#include "harness/runner.h"
#include "harness/suite.h"

namespace statussim::harness {
namespace {

std::vector<Scenario> LoadFolder(const std::string& folder) {
  std::vector<LoadError> errors;
  std::vector<Scenario> suite =
      LoadSuite({std::string(STATUSSIM_SOURCE_DIR) + "/" + folder}, EmbeddedSpecOptions(), &errors);
  BOOST_REQUIRE_MESSAGE(errors.empty(), (errors.empty() ? "" : errors[0].ToString()));
  return suite;
}

std::optional<Scenario> Reload(const std::string& text, const std::string& file) {
  std::vector<LoadError> errors;
  std::optional<Scenario> s = LoadScenarioText(text, file + " (emitted)", EmbeddedSpecOptions(), &errors);
  BOOST_TEST(s.has_value(), (errors.empty() ? "" : errors[0].ToString()) << "\n" << text);
  return s;
}

ScenarioResult Run(const Scenario& s) {
  BuiltinClient client;
  return RunScenario(s, client);
}

// True when `s` round-trips: it reloads, emit is a fixed point, and both run
// alike on the builtin client.
bool RoundTrips(const Scenario& s) {
  BOOST_TEST_CONTEXT(s.file) {
    const std::string text = EmitScenario(s);
    const std::optional<Scenario> back = Reload(text, s.file);
    if (!back) return false;
    const std::string again = EmitScenario(*back);
    BOOST_TEST(again == text);
    const ScenarioResult a = Run(s);
    const ScenarioResult b = Run(*back);
    BOOST_TEST(a.trace_sha256 == b.trace_sha256);
    BOOST_TEST((a.verdict == b.verdict));
    BOOST_TEST(RunSignature(a) == RunSignature(b));
    return again == text && a.trace_sha256 == b.trace_sha256 && a.verdict == b.verdict;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(emit)

BOOST_AUTO_TEST_CASE(every_suite_and_good_scenario_round_trips) {
  std::vector<Scenario> all = LoadFolder("scenarios");
  BOOST_REQUIRE(all.size() > 100u);
  for (Scenario& s : LoadFolder("tests/good")) all.push_back(std::move(s));
  size_t ok = 0;
  for (const Scenario& s : all) ok += RoundTrips(s) ? 1 : 0;
  BOOST_TEST_MESSAGE("emit: " << ok << " of " << all.size() << " scenarios round-trip");
  BOOST_TEST(ok == all.size());
}

// The round trip notices a lost step: the trace of a scenario without its
// last call differs (so the check above can fail).
BOOST_AUTO_TEST_CASE(a_dropped_step_changes_the_trace) {
  std::vector<LoadError> errors;
  std::optional<Scenario> s = LoadScenarioText(R"(version: 1
name: t
covers: [SES-1]
accounts: [alice]
steps:
  - login: {device: a1, user: alice, platform: web}
  - call: {device: a1, api: setSelfStatus, args: {customStatus: busy}}
)",
                                               "inline.yaml", EmbeddedSpecOptions(), &errors);
  BOOST_REQUIRE(s.has_value());
  Scenario shorter = *s;
  shorter.steps.pop_back();
  BOOST_TEST(EmitScenario(shorter) != EmitScenario(*s));
  BOOST_TEST(Run(shorter).trace_sha256 != Run(*s).trace_sha256);
}

BOOST_AUTO_TEST_CASE(defaults_are_left_out_and_values_keep_their_type) {
  Scenario s;
  s.name = "quote \" back\\slash\nnew line\ttab \x7f del \xe2\x80\xa8 ls caf\xc3\xa9 yes";
  s.description = "010";
  s.covers = {"SES-1"};
  s.tags = {"true", "null", ""};
  s.accounts = {"1", "true", "alice"};
  s.app.params.rate_window = 1500;
  Step login;
  login.kind = Step::Kind::kLogin;
  login.device = "42";
  login.user = "alice";
  s.steps.push_back(login);
  Step call;
  call.kind = Step::Kind::kCall;
  call.device = "42";
  call.api = sim::Api::kGetUserStatus;
  sim::Value args = sim::Value::EmptyObject();
  args.Set("userIDList",
           sim::Value(sim::Value::Array{sim::Value(1.0), sim::Value(-0.5), sim::Value(1e300),
                                        sim::Value(INT64_MIN), sim::Value("yes"), sim::Value()}));
  args.Set("null", sim::Value::EmptyObject());
  args.Set("a b", sim::Value::EmptyArray());
  args.Set("statusType", 1);
  call.args = args;
  call.expect.data = sim::Value(sim::Value::Object{{"statusType", sim::Value(2)}});
  call.expect.ordered = true;
  call.times = 3;
  s.steps.push_back(call);
  s.devices = {"42"};

  const std::string text = EmitScenario(s);
  BOOST_TEST(text.find("web_max_instances") == std::string::npos);
  BOOST_TEST(text.find("params: {rate_window: 1500ms}") != std::string::npos);
  BOOST_TEST(text.find("statusType: OFFLINE") != std::string::npos);  // ok data: a name
  BOOST_TEST(text.find("statusType: 1") != std::string::npos);        // args: as written
  const std::optional<Scenario> back = Reload(text, "values");
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->name == s.name);
  BOOST_TEST(back->description == "010");
  BOOST_TEST(back->tags == s.tags, boost::test_tools::per_element());
  BOOST_TEST(back->accounts == s.accounts, boost::test_tools::per_element());
  BOOST_TEST(back->app.params.rate_window == 1500);
  BOOST_REQUIRE(back->steps.size() == 2u);
  const Step& c = back->steps[1];
  BOOST_REQUIRE(c.args.has_value());
  // Canonical JSON tells 1.0 from 1 (a double keeps its point).
  BOOST_TEST(c.args->ToCanonicalJson() == args.ToCanonicalJson());
  const sim::Value& ids = *c.args->Find("userIDList");
  BOOST_TEST(ids.as_array()[0].is_double());
  BOOST_TEST(ids.as_array()[3].as_int() == INT64_MIN);
  BOOST_TEST(ids.as_array()[5].is_null());
  BOOST_TEST((*c.expect.data == sim::Value(sim::Value::Object{{"statusType", sim::Value(2)}})));
  BOOST_TEST(c.expect.ordered);
  BOOST_TEST(c.times == 3);
  BOOST_TEST(EmitScenario(*back) == text);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace statussim::harness
