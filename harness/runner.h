// Runner: executes scenarios against clients on the virtual clock and checks
// every expectation (SCENARIOS.md). It records the canonical trace and its
// SHA-256, and turns every violated expectation into a Finding; a client that
// misbehaves ends the scenario with verdict `error`. It never throws for a
// scenario's sake: every scenario reaches its result.
#ifndef STATUSSIM_HARNESS_RUNNER_H_
#define STATUSSIM_HARNESS_RUNNER_H_

#include <atomic>
#include <functional>
#include <vector>

#include "harness/client.h"
#include "harness/results.h"
#include "harness/scenario.h"

namespace statussim::harness {

// Runs one scenario on `client` (which must be fresh or ended).
ScenarioResult RunScenario(const Scenario& scenario, Client& client);

// A named way to make clients, one per --client.
struct ClientSpec {
  std::string name;       // shown in reports
  ClientFactory factory;  // makes a fresh client
};

struct SuiteOptions {
  int jobs = 1;  // worker threads; results and their order do not depend on it
  // Called after each finished scenario, from the worker that ran it, under a
  // lock (progress display). May be empty.
  std::function<void(const ScenarioResult&, size_t done, size_t total)> on_result;
  // Set to stop early (SIGINT): scenarios not started are not run.
  const std::atomic<bool>* stop = nullptr;
  // Runs of each scenario per client (--repeat); a scenario whose runs do not
  // all end alike is flaky (ScenarioResult::flaky, repeat_outcomes).
  int repeat = 1;
};

// Runs every scenario against every client. Results are in scenario-major,
// then client order; a scenario not run (stopped) has no result and is
// counted in RunResults::not_run. A client that ended in `error` is replaced
// by a fresh one for its next scenario. With `repeat` > 1, each result is
// the first run's, marked flaky when another run ended otherwise.
RunResults RunSuite(const std::vector<Scenario>& scenarios, const std::vector<ClientSpec>& clients,
                    const SuiteOptions& options);

// How a run ended, in a few words that compare: "pass", "error: REASON",
// "fail: step 3 b1 result, ..." (the findings' places, not their texts).
std::string RunSignature(const ScenarioResult& result);

// Copy of `v` without `message` keys: messages are not normative (VAL-4), so
// traces, record and explore leave them out and stay comparable across clients.
sim::Value WithoutMessages(const sim::Value& v);

// The items of one emitted event, appended to `items` as expect_events sees
// them: {"status": {...}} per entry of onUserStatusUpdated (VAL-2, VAL-3;
// EVT-6), {"error": {...}}, {"kicked": {...}}; any other event as
// {"event": {"name", "data"}}.
void AppendEventItems(DeviceEvent event, std::vector<sim::Value>* items);

// An outcome in a few words, messages left out: "ok {...}" (canonical
// JSON), "error 3122" or "throws".
std::string OutcomeText(const sim::Outcome& o);

// The canonical text of a trace (one line per entry) that trace_sha256 hashes.
std::string TraceText(const std::vector<TraceEntry>& trace);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_RUNNER_H_
