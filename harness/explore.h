// Explore: differential runs of generated scenarios (harness/generate.h)
// against the reference model, and shrinking of a divergence to a small
// scenario file (issue 11).
//
// A run diverges when, at some step, the client's result (ok data, error
// code, thrown) or the sequence of items a device received differs from the
// reference's, judged as a scenario file with the reference's answers as its
// expectations would judge it (SCENARIOS.md: partial data; ordered lists;
// messages not compared), or when the client misbehaves (verdict `error`).
//
// Shrinking keeps a candidate when it still diverges the same way: the same
// kind of difference (result, events, client error) at a step of the same
// kind (the same action or API), and for a result the same kinds of result
// on both sides (ok, the error code, thrown). Passes, repeated until none helps: cut after
// the diverging step; drop steps (delta debugging, Zeller and Hildebrandt
// 2002); drop friendships and accounts no step needs; parameters and
// switches back to their defaults; lists and strings shorter; waits smaller.
#ifndef STATUSSIM_HARNESS_EXPLORE_H_
#define STATUSSIM_HARNESS_EXPLORE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/client.h"
#include "harness/results.h"
#include "harness/scenario.h"

namespace statussim::harness {

// What one step did on a client.
struct StepRecord {
  std::optional<sim::Outcome> outcome;  // action steps that answered
  // The items each device received during the step (runner's item form).
  std::map<std::string, std::vector<sim::Value>> items;
};

struct Recording {
  std::vector<StepRecord> steps;  // one per step run, in order
  ScenarioResult result;          // the runner's result: trace, verdict, error
};

// Runs `scenario` (no expect_events steps, `times` 1) on `client` and
// records every step.
Recording RecordRun(const Scenario& scenario, Client& client);

struct Divergence {
  enum class Kind { kResult, kEvents, kError };
  Kind kind = Kind::kResult;
  int step = -1;       // index of the step; -1: at the end (after the last step)
  std::string device;  // the step's device (kResult), the receiving device (kEvents)
  std::string expected;  // the reference's, JSON without messages
  std::string actual;    // the client's
  std::string detail;    // what differs, in a few words

  // What shrinking keeps: "result of call getUserStatus (reference ok,
  // client error 3122)", "events after wait", "client error at login".
  std::string Signature(const Scenario& scenario) const;
  // One line for people: "step 7 (call getUserStatus on bob_web1): result ...".
  std::string Describe(const Scenario& scenario) const;
};

// The first difference of `client` from `reference` on `scenario`.
std::optional<Divergence> Compare(const Scenario& scenario, const Recording& reference,
                                  const Recording& client);

// `scenario` with every expectation filled from the reference: an `expect`
// on every action step, an `expect_events` after every step that brought
// items (naming, at the diverging step, the diverging device too), no
// unchecked events allowed.
Scenario FillExpectations(const Scenario& scenario, const Recording& reference,
                          const Divergence* divergence);

// Reruns a candidate: its divergence, if any.
using DivergenceCheck = std::function<std::optional<Divergence>(const Scenario&)>;

struct ShrinkResult {
  Scenario scenario;  // the smallest found (without expectations)
  Divergence divergence;
  int runs = 0;  // candidates tried
};

// Shrinks `scenario`, whose divergence is `divergence`, trying at most
// `budget` candidates. Deterministic.
ShrinkResult Shrink(const Scenario& scenario, const Divergence& divergence,
                    const DivergenceCheck& check, int budget);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_EXPLORE_H_
