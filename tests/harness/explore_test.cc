// Tests of generated scenarios, differential runs and shrinking
// (harness/generate.h, harness/explore.h). The search for every built-in
// mutant is its own CTest (explore.finds_every_mutant): it takes a while.
#include "harness/explore.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "harness/builtin_client.h"
#include "harness/emit.h"
#include "harness/generate.h"
#include "harness/loader.h"
#include "harness/runner.h"
#include "sim/faults.h"

namespace statussim::harness {
namespace {

// The divergence of a builtin mutant from the reference on `s`.
std::optional<Divergence> Diverges(const Scenario& s, sim::Fault fault) {
  BuiltinClient reference;
  BuiltinClient mutant(nullptr, "mutant", fault);
  const Recording want = RecordRun(s, reference);
  const Recording got = RecordRun(s, mutant);
  return Compare(s, want, got);
}

// The first seed in [1, budget] on which the mutant diverges, if any.
std::optional<uint64_t> FirstDivergingSeed(sim::Fault fault, uint64_t budget) {
  for (uint64_t seed = 1; seed <= budget; ++seed) {
    if (Diverges(GenerateScenario(seed).scenario, fault)) return seed;
  }
  return std::nullopt;
}

std::optional<Scenario> Reload(const std::string& text) {
  std::vector<LoadError> errors;
  std::optional<Scenario> s = LoadScenarioText(text, "generated.yaml", EmbeddedSpecOptions(), &errors);
  BOOST_TEST(s.has_value(), (errors.empty() ? "" : errors[0].ToString()) << "\n" << text);
  return s;
}

BOOST_AUTO_TEST_SUITE(explore)

BOOST_AUTO_TEST_CASE(generation_is_a_function_of_the_seed) {
  std::set<std::string> texts;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    const std::string a = EmitScenario(GenerateScenario(seed).scenario);
    const std::string b = EmitScenario(GenerateScenario(seed).scenario);
    BOOST_TEST(a == b, "seed " << seed);
    texts.insert(a);
  }
  BOOST_TEST(texts.size() == 200u);  // neighbouring seeds give other scenarios
}

// load(emit(s)) runs as s does, and emit is a fixed point on it.
BOOST_AUTO_TEST_CASE(generated_scenarios_round_trip_through_a_file) {
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    const Scenario s = GenerateScenario(seed).scenario;
    const std::string text = EmitScenario(s);
    const std::optional<Scenario> back = Reload(text);
    if (!back) continue;
    BOOST_TEST(EmitScenario(*back) == text, "seed " << seed);
    BuiltinClient a, b;
    BOOST_TEST(RunScenario(s, a).trace_sha256 == RunScenario(*back, b).trace_sha256,
               "seed " << seed);
  }
}

BOOST_AUTO_TEST_CASE(the_reference_never_diverges_from_itself) {
  for (uint64_t seed = 1; seed <= 500; ++seed) {
    const std::optional<Divergence> d = Diverges(GenerateScenario(seed).scenario, sim::Fault::kNone);
    BOOST_TEST(!d.has_value(), "seed " << seed << ": " << (d ? d->Describe(GenerateScenario(seed).scenario) : ""));
  }
}

// The corners the generator is meant to reach, each reached in 2000 seeds.
BOOST_AUTO_TEST_CASE(generation_reaches_the_corners) {
  std::map<std::string, int> seen;
  for (uint64_t seed = 1; seed <= 2000; ++seed) {
    const Generated g = GenerateScenario(seed);
    const Scenario& s = g.scenario;
    sim::App app = s.app;
    BuiltinClient reference;
    BOOST_REQUIRE(reference.Init(s).ok());
    Millis now = 0;
    if (app.params.subscription_cap <= 3) ++seen["a small subscription cap"];
    if (app.params.rate_count <= 3) ++seen["a small rate limit"];
    if (app.params.custom_status_clear_delay == 0) ++seen["a clear delay of 0"];
    if (g.swarm.size() < static_cast<size_t>(Feature::kCount)) ++seen["a swarm leaving features out"];
    for (const Step& step : s.steps) {
      switch (step.kind) {
        case Step::Kind::kWait: {
          const std::vector<Millis> dues = reference.simulation()->backend().PendingTimerDues();
          for (Millis due : dues) {
            if (now + step.wait == due) ++seen["a wait landing on a timer"];
            if (now + step.wait + 1 == due) ++seen["a wait 1 ms before a timer"];
            if (now + step.wait == due + 1) ++seen["a wait 1 ms after a timer"];
          }
          now += step.wait;
          BOOST_REQUIRE(reference.Time(now).ok());
          break;
        }
        case Step::Kind::kConfigure:
          step.configure.ApplyTo(&app);
          BOOST_REQUIRE(reference.Configure(app).ok());
          break;
        case Step::Kind::kCall: {
          if (!step.args) ++seen["a call without options"];
          if (step.args && !step.args->is_object()) ++seen["options that are not an object"];
          const sim::Value* list = step.args ? step.args->Find("userIDList") : nullptr;
          const sim::Value* text = step.args ? step.args->Find("customStatus") : nullptr;
          if (list && list->is_array()) {
            const auto n = static_cast<int64_t>(list->as_array().size());
            const int64_t limit = step.api == sim::Api::kGetUserStatus ? app.params.get_max_users
                                                                       : app.params.subscribe_max_users;
            if (n == limit + 1) ++seen["a list one past its limit"];
            if (n == 0) ++seen["an empty list"];
            std::set<std::string> ids;
            for (const sim::Value& v : list->as_array()) {
              if (!v.is_string()) ++seen["a non-string ID"];
              if (v.is_string() && !ids.insert(v.as_string()).second) ++seen["a duplicated ID"];
              if (v.is_string() && v.as_string() == "zoe") ++seen["an unknown ID"];
            }
          }
          if (list && !list->is_array()) ++seen["a userIDList that is not a list"];
          if (text && text->is_string()) {
            const auto n = static_cast<int64_t>(text->as_string().size());
            if (n == app.params.custom_status_max_bytes && n > 0) ++seen["a status of the byte limit"];
            if (n == app.params.custom_status_max_bytes + 1) ++seen["a status one byte past"];
            if (text->as_string().find("中") != std::string::npos) ++seen["multi-byte text"];
          }
          if (text && !text->is_string()) ++seen["a customStatus that is not a string"];
          [[fallthrough]];
        }
        default: {
          if (step.kind == Step::Kind::kDisconnect && step.how == sim::LossKind::kSilent) {
            ++seen["a silent loss"];
          }
          BOOST_REQUIRE(reference.Do(step).ok());
          break;
        }
      }
      std::vector<DeviceEvent> events;
      BOOST_REQUIRE(reference.Sync(&events).ok());
      for (const DeviceEvent& e : events) ++seen["event " + e.name];
    }
  }
  for (const char* corner :
       {"a small subscription cap", "a small rate limit", "a clear delay of 0",
        "a swarm leaving features out", "a wait landing on a timer", "a wait 1 ms before a timer",
        "a wait 1 ms after a timer", "a call without options", "options that are not an object",
        "a list one past its limit", "an empty list", "a non-string ID", "a duplicated ID",
        "an unknown ID", "a userIDList that is not a list", "a status of the byte limit",
        "a status one byte past", "multi-byte text", "a customStatus that is not a string",
        "a silent loss", "event onUserStatusUpdated", "event kickedOut", "event error"}) {
    BOOST_TEST(seen[corner] > 0, corner);
  }
}

// Shrinking twice gives the same file; the file loads, passes on the
// reference and fails on the mutant; it is much shorter than the original.
BOOST_AUTO_TEST_CASE(shrinking_is_deterministic_and_its_repro_reproduces) {
  for (const char* name : {"kick-codes-swapped", "web-kick-newest-first", "evict-newest",
                           "login-keeps-clear-timer", "window-boundary-inclusive"}) {
    BOOST_TEST_CONTEXT(name) {
      const sim::FaultInfo* fault = sim::FindFault(name);
      BOOST_REQUIRE(fault != nullptr);
      const std::optional<uint64_t> seed = FirstDivergingSeed(fault->fault, 20000);
      BOOST_REQUIRE(seed.has_value());
      const Scenario original = GenerateScenario(*seed).scenario;
      const std::optional<Divergence> d = Diverges(original, fault->fault);
      BOOST_REQUIRE(d.has_value());
      const DivergenceCheck check = [&](const Scenario& s) { return Diverges(s, fault->fault); };
      const ShrinkResult a = Shrink(original, *d, check, 2000);
      const ShrinkResult b = Shrink(original, *d, check, 2000);
      BuiltinClient reference;
      const Scenario repro_a =
          FillExpectations(a.scenario, RecordRun(a.scenario, reference), &a.divergence);
      const Scenario repro_b =
          FillExpectations(b.scenario, RecordRun(b.scenario, reference), &b.divergence);
      const std::string text = EmitScenario(repro_a);
      BOOST_TEST(text == EmitScenario(repro_b));
      BOOST_TEST(a.divergence.Signature(a.scenario) == d->Signature(original));
      BOOST_TEST(a.scenario.steps.size() <= original.steps.size());
      BOOST_TEST(a.scenario.steps.size() <= 12u, "shrunk to " << a.scenario.steps.size() << " steps");
      const std::optional<Scenario> loaded = Reload(text);
      BOOST_REQUIRE(loaded.has_value());
      BuiltinClient on_reference;
      BuiltinClient on_mutant(nullptr, "mutant", fault->fault);
      const ScenarioResult pass = RunScenario(*loaded, on_reference);
      const ScenarioResult fail = RunScenario(*loaded, on_mutant);
      BOOST_TEST((pass.verdict == Verdict::kPass), RunSignature(pass) << "\n" << text);
      BOOST_TEST((fail.verdict == Verdict::kFail), RunSignature(fail) << "\n" << text);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

// Run by its own CTest: every built-in mutant diverges on some seed of a
// fixed budget.
BOOST_AUTO_TEST_SUITE(explore_mutants)

BOOST_AUTO_TEST_CASE(every_mutant_is_found_within_the_budget) {
  constexpr uint64_t kBudget = 60000;
  for (const sim::FaultInfo& fault : sim::AllFaults()) {
    const std::optional<uint64_t> seed = FirstDivergingSeed(fault.fault, kBudget);
    BOOST_TEST(seed.has_value(), fault.name << " (" << fault.rule << ") not found in " << kBudget
                                            << " seeds");
    if (seed) BOOST_TEST_MESSAGE(fault.name << ": seed " << *seed);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::harness
