// Runner: expectations become findings with the right place, time and diff;
// traces are deterministic; reports of a small fixed suite match the golden
// files byte for byte (wall times excluded). STATUSSIM_UPDATE_GOLDEN=1
// rewrites the golden files instead.
#include "harness/runner.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "harness/builtin_client.h"
#include "harness/loader.h"
#include "harness/suite.h"
#include "reports/reports.h"

namespace statussim::harness {
namespace {

Scenario Load(const std::string& yaml) {
  std::vector<LoadError> errors;
  std::optional<Scenario> s = LoadScenarioText(yaml, "inline.yaml", {}, &errors);
  BOOST_REQUIRE_MESSAGE(s.has_value(), (errors.empty() ? "" : errors[0].ToString()));
  return *s;
}

ScenarioResult Run(const Scenario& s) {
  BuiltinClient client;
  return RunScenario(s, client);
}

std::vector<ClientSpec> Builtin() {
  return {{"builtin", []() -> Result<std::unique_ptr<Client>> {
             return std::unique_ptr<Client>(std::make_unique<BuiltinClient>());
           }}};
}

BOOST_AUTO_TEST_SUITE(runner)

BOOST_AUTO_TEST_CASE(a_wrong_code_is_a_finding_at_its_step) {
  ScenarioResult r = Run(Load(R"(version: 1
name: t
covers: [GET-3]
accounts: [alice, bob]
steps:
  - login: {device: a1, user: alice, platform: web}
  - wait: 2s
  - call: {device: a1, api: getUserStatus, args: {userIDList: [bob]}}
    expect: {error: 72001}
)"));
  BOOST_TEST((r.verdict == Verdict::kFail));
  BOOST_REQUIRE(r.findings.size() == 1u);
  const Finding& f = r.findings[0];
  BOOST_TEST(f.step_index == 2);
  BOOST_TEST(f.where.line == 9);  // the `expect:` line
  BOOST_TEST(f.time == 2000);
  BOOST_TEST(f.device == "a1");
  BOOST_TEST(f.diff == "code: expected 72001, got 3122");
}

BOOST_AUTO_TEST_CASE(events_are_compared_in_order_and_consumed) {
  ScenarioResult r = Run(Load(R"(version: 1
name: t
covers: [SET-6]
accounts: [alice]
steps:
  - login: {device: a1, user: alice, platform: web}
  - call: {device: a1, api: setSelfStatus, args: {customStatus: a}}
  - call: {device: a1, api: setSelfStatus, args: {customStatus: b}}
  - expect_events:
      a1: [{status: {customStatus: b}}, {status: {customStatus: a}}]
  - expect_events:
      a1: []
)"));
  BOOST_REQUIRE(r.findings.size() == 1u);  // the second expect_events sees nothing left
  BOOST_TEST(r.findings[0].step_index == 3);
  BOOST_TEST(r.findings[0].diff == "item 1: status.customStatus: expected \"b\", got \"a\"");
}

BOOST_AUTO_TEST_CASE(leftover_events_fail_unless_allowed) {
  const std::string body = R"(covers: [SET-6]
accounts: [alice]
steps:
  - login: {device: a1, user: alice, platform: web}
  - call: {device: a1, api: setSelfStatus, args: {customStatus: a}}
)";
  ScenarioResult strict = Run(Load("version: 1\nname: t\n" + body));
  BOOST_REQUIRE(strict.findings.size() == 1u);
  BOOST_TEST(strict.findings[0].what == "unexpected events");
  BOOST_TEST(strict.findings[0].step_index == -1);
  ScenarioResult lax = Run(Load("version: 1\nname: t\nallow_unchecked_events: true\n" + body));
  BOOST_TEST((lax.verdict == Verdict::kPass));
}

BOOST_AUTO_TEST_CASE(multiset_and_ordered_lists) {
  const std::string head = R"(version: 1
name: t
covers: [GET-7]
app: {premium: true, console: {status_query_and_notify: true}}
accounts: [alice, bob, carol]
steps:
  - login: {device: a1, user: alice, platform: web}
  - call: {device: a1, api: getUserStatus, args: {userIDList: [bob, carol]}}
)";
  ScenarioResult any = Run(Load(head + R"(    expect: {ok: {successUserList: [{userID: carol}, {userID: bob}]}})" + "\n"));
  BOOST_TEST((any.verdict == Verdict::kPass));
  ScenarioResult ordered = Run(Load(
      head + R"(    expect: {ordered: true, ok: {successUserList: [{userID: carol}, {userID: bob}]}})" + "\n"));
  BOOST_TEST((ordered.verdict == Verdict::kFail));
}

BOOST_AUTO_TEST_CASE(times_repeats_at_the_same_instant) {
  ScenarioResult r = Run(Load(R"(version: 1
name: t
covers: [RL-2]
app: {premium: true, console: {status_query_and_notify: true}, params: {rate_count: 3}}
accounts: [alice, bob]
steps:
  - login: {device: a1, user: alice, platform: web}
  - call: {device: a1, api: getUserStatus, args: {userIDList: [bob]}}
    times: 4
)"));
  BOOST_REQUIRE(r.findings.size() == 1u);
  BOOST_TEST(r.findings[0].repeat == 3);
  BOOST_TEST(r.findings[0].diff == "expected ok, got error 2996");
}

BOOST_AUTO_TEST_CASE(traces_are_deterministic) {
  const std::string yaml = R"(version: 1
name: t
covers: [CLR-1]
app: {premium: true, console: {status_query_and_notify: true}}
accounts: [alice, bob]
steps:
  - login: {device: a1, user: alice, platform: web}
  - login: {device: b1, user: bob, platform: web}
  - call: {device: b1, api: subscribeUserStatus, args: {userIDList: [alice]}}
  - call: {device: a1, api: setSelfStatus, args: {customStatus: x}}
  - logout: {device: a1}
  - wait: 1m
allow_unchecked_events: true
)";
  ScenarioResult a = Run(Load(yaml));
  ScenarioResult b = Run(Load(yaml));
  BOOST_TEST(a.trace.size() > 5u);
  BOOST_TEST(a.trace_sha256.size() == 64u);
  BOOST_TEST(a.trace_sha256 == b.trace_sha256);
  BOOST_TEST(TraceText(a.trace) == TraceText(b.trace));
}

// Determinism under stress: the whole suite in file order with --jobs 1, and
// shuffled (seeded) with --jobs 2, gives every scenario the same trace hash.
BOOST_AUTO_TEST_CASE(suite_hashes_do_not_depend_on_order_or_jobs) {
  const LoadOptions options = EmbeddedSpecOptions();
  std::vector<LoadError> errors;
  std::vector<Scenario> suite =
      LoadSuite({std::string(STATUSSIM_SOURCE_DIR) + "/scenarios"}, options, &errors);
  BOOST_REQUIRE(errors.empty());
  BOOST_REQUIRE(suite.size() > 100u);
  auto hashes = [](const RunResults& run) {
    std::map<std::string, std::string> out;
    for (const ScenarioResult& r : run.scenarios) out[r.name] = r.trace_sha256;
    return out;
  };
  const auto in_order = hashes(RunSuite(suite, Builtin(), {}));
  uint64_t seed = 0x5eed;  // splitmix64: a specified sequence on every platform
  auto next = [&seed] {
    uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  for (size_t i = suite.size() - 1; i > 0; --i) std::swap(suite[i], suite[next() % (i + 1)]);
  SuiteOptions two;
  two.jobs = 2;
  const auto shuffled = hashes(RunSuite(suite, Builtin(), two));
  BOOST_TEST(in_order.size() == suite.size());
  BOOST_TEST((in_order == shuffled), "seed 0x5eed: a trace hash depends on order or jobs");
}

// The reports of tests/golden/suite (one failing scenario on purpose) are
// byte-identical to tests/golden/suite-reports/*.
BOOST_AUTO_TEST_CASE(golden_reports_of_a_fixed_suite) {
  namespace fs = std::filesystem;
  const fs::path root = STATUSSIM_SOURCE_DIR;
  const fs::path saved = fs::current_path();
  fs::current_path(root);  // relative file names in the reports
  const LoadOptions options = EmbeddedSpecOptions();
  std::vector<LoadError> errors;
  std::vector<Scenario> suite = LoadSuite({"tests/golden/suite"}, options, &errors);
  fs::current_path(saved);
  BOOST_REQUIRE(errors.empty());
  BOOST_REQUIRE(suite.size() == 3u);
  SuiteOptions run_options;
  run_options.jobs = 2;
  RunResults run = RunSuite(suite, Builtin(), run_options);
  run.rule_ids = options.rule_ids;
  BOOST_TEST(CountVerdicts(run).failed == 1);
  reports::ReportOptions no_wall;
  no_wall.include_wall_times = false;
  const std::pair<const char*, std::string> outputs[] = {
      {"junit.xml", reports::RenderJunit(run, no_wall)},
      {"results.json", reports::RenderJson(run, no_wall)},
      {"report.html", reports::RenderHtml(run, no_wall)},
      {"summary.md", reports::RenderMarkdown(run, no_wall)},
  };
  const bool update = std::getenv("STATUSSIM_UPDATE_GOLDEN") != nullptr;
  for (const auto& [name, text] : outputs) {
    const fs::path golden = root / "tests/golden/suite-reports" / name;
    if (update) {
      std::ofstream(golden, std::ios::binary) << text;
      BOOST_TEST_MESSAGE("rewrote " << golden);
      continue;
    }
    std::ifstream in(golden, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in.good(), "missing golden file " << golden);
    std::stringstream want;
    want << in.rdbuf();
    BOOST_TEST(text == want.str(), "report " << name << " differs from " << golden
                                             << " (STATUSSIM_UPDATE_GOLDEN=1 to accept)");
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::harness
