// ProcessClient: every way a client can misbehave gives a precise verdict,
// with its standard error attached, and the run never hangs (issue 4, item 1).
#include "harness/process_client.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <string>

#include "harness/runner.h"

namespace statussim::harness {
namespace {

Scenario TinyScenario(const std::string& name) {
  Scenario s;
  s.file = "tiny.yaml";
  s.name = name;
  s.covers = {"SES-1"};
  s.accounts = {"alice"};
  s.devices = {"a1"};
  Step login;
  login.kind = Step::Kind::kLogin;
  login.device = "a1";
  login.user = "alice";
  Step call;
  call.kind = Step::Kind::kCall;
  call.device = "a1";
  call.api = sim::Api::kSetSelfStatus;
  sim::Value args = sim::Value::EmptyObject();
  args.Set("customStatus", sim::Value("x"));
  call.args = args;
  Step wait;
  wait.kind = Step::Kind::kWait;
  wait.wait = 1000;
  s.steps = {login, call, wait};
  return s;
}

ProcessClient::Options Options(const std::string& mode, const std::string& extra = "") {
  ProcessClient::Options o;
  o.command = STATUSSIM_PYTHON " " STATUSSIM_SOURCE_DIR "/tests/clients/misbehave.py " + mode + " " + extra;
  o.name = mode;
  // Long enough for Python to start on a loaded machine; the hang cases each
  // wait this long.
  o.timeout = std::chrono::milliseconds(2000);
  o.max_output_bytes = 1 << 20;
  o.max_line_bytes = 512 << 10;
  return o;
}

struct Case {
  const char* mode;
  const char* error;      // substring of the verdict's reason
  bool reaches_do;        // the client logs its mode at the first `do`
};

const Case kCases[] = {
    {"no-hello", "the first line must be hello", false},
    {"wrong-version", "unsupported protocol version 2", false},
    {"silent", "client timeout (waiting for hello)", false},
    {"not-json", "client protocol error: not JSON", true},
    {"unknown-type", "got a message of type \"bogus\"", true},
    {"wrong-id", "a result for id 101 while do 1 is open", true},
    {"hang", "client timeout", true},
    {"no-synced", "client timeout (waiting for synced", false},
    {"exit", "client exited with code 3", true},
    {"crash", "killed by signal 11 (SIGSEGV)", true},
    {"flood", "output flood", true},
    {"long-line", "a line longer than", true},
};

BOOST_AUTO_TEST_SUITE(process_client)

BOOST_AUTO_TEST_CASE(a_well_behaved_client_passes) {
  ProcessClient client(Options("good"));
  ScenarioResult r = RunScenario(TinyScenario("good"), client);
  BOOST_TEST(r.error == "");
  BOOST_TEST((r.verdict == Verdict::kPass));
  BOOST_TEST(r.steps_run == 3);
  BOOST_TEST(client.mode() == "full");
}

BOOST_AUTO_TEST_CASE(every_misbehaviour_has_its_verdict) {
  for (const Case& c : kCases) {
    BOOST_TEST_CONTEXT("mode " << c.mode) {
      const auto started = std::chrono::steady_clock::now();
      ProcessClient client(Options(c.mode));
      ScenarioResult r = RunScenario(TinyScenario(c.mode), client);
      BOOST_TEST((r.verdict == Verdict::kError));
      BOOST_TEST(r.error.find(c.error) != std::string::npos, "error was: " << r.error);
      if (c.reaches_do) {
        BOOST_TEST(r.client_log_tail.find(std::string("misbehave: mode ") + c.mode) !=
                       std::string::npos,
                   "log tail was: " << r.client_log_tail);
      }
      // Never a hang: the per-message timeout bounds every case.
      BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(15)));
    }
  }
}

// A client that fails is started afresh for the next scenario.
BOOST_AUTO_TEST_CASE(a_failed_client_is_restarted_for_the_next_scenario) {
  char marker[] = "/tmp/statussim-marker-XXXXXX";
  int fd = mkstemp(marker);
  BOOST_REQUIRE(fd >= 0);
  close(fd);
  std::remove(marker);
  std::vector<ClientSpec> clients = {{"once", [&]() -> Result<std::unique_ptr<Client>> {
                                        return std::unique_ptr<Client>(
                                            std::make_unique<ProcessClient>(
                                                Options("exit-once", marker)));
                                      }}};
  RunResults run = RunSuite({TinyScenario("first"), TinyScenario("second")}, clients, {});
  std::remove(marker);
  BOOST_REQUIRE(run.scenarios.size() == 2u);
  BOOST_TEST((run.scenarios[0].verdict == Verdict::kError));
  BOOST_TEST(run.scenarios[0].error.find("exited with code 4") != std::string::npos);
  BOOST_TEST((run.scenarios[1].verdict == Verdict::kPass));
}

// PROTOCOL.md, Lifecycle: after `end` the client exits 0 within the timeout,
// and anything it writes after the last `synced` fails *this* scenario.
BOOST_AUTO_TEST_CASE(the_end_of_a_scenario_is_judged) {
  const struct {
    const char* mode;
    const char* error;
  } cases[] = {
      {"late-output", "client protocol error: output after the scenario's last synced: {\"type\""},
      {"exit-after-end", "client exited with code 2 after end"},
      {"stay-after-end", "client timeout (it did not exit after end)"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("mode " << c.mode) {
      const auto started = std::chrono::steady_clock::now();
      ProcessClient client(Options(c.mode));
      ScenarioResult r = RunScenario(TinyScenario(c.mode), client);
      BOOST_TEST((r.verdict == Verdict::kError));
      BOOST_TEST(r.steps_run == 3);  // every step ran: the failure is at the end
      BOOST_TEST(r.error.find(c.error) != std::string::npos, "error was: " << r.error);
      BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(8)));
    }
  }
}

// By default every scenario gets a fresh process; with reuse, one process
// serves them all, and `end` is followed by a sync whose answer is awaited.
BOOST_AUTO_TEST_CASE(a_fresh_process_per_scenario_unless_reused) {
  for (const bool reuse : {false, true}) {
    BOOST_TEST_CONTEXT("reuse " << reuse) {
      ProcessClient::Options o = Options("good");
      o.reuse = reuse;
      ProcessClient client(o);
      for (int i = 0; i < 3; ++i) {
        ScenarioResult r = RunScenario(TinyScenario("s" + std::to_string(i)), client);
        BOOST_TEST(r.error == "");
        BOOST_TEST((r.verdict == Verdict::kPass));
      }
      BOOST_TEST(client.processes_started() == (reuse ? 1 : 3));
      // The log tail is the current process's own: one init with a fresh
      // process per scenario, three with reuse.
      const std::string log = client.LogTail();
      size_t inits = 0;
      for (size_t at = log.find("init pid "); at != std::string::npos; at = log.find("init pid ", at + 1)) ++inits;
      BOOST_TEST(inits == (reuse ? 3u : 1u));
    }
  }
  // With reuse, output before the sync that follows `end` fails that scenario.
  ProcessClient::Options o = Options("late-output");
  o.reuse = true;
  ProcessClient client(o);
  ScenarioResult r = RunScenario(TinyScenario("late"), client);
  BOOST_TEST(r.error.find("output after the scenario's last synced") != std::string::npos,
             "error was: " << r.error);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::harness
