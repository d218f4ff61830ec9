// Internal to `statussim record` (record.h): what changes in a scenario
// (Plan, made from the model's run) and the text edits that carry it out
// (EditsFor: where each changed node is in the file, and its new text).
#ifndef STATUSSIM_HARNESS_RECORD_EDIT_H_
#define STATUSSIM_HARNESS_RECORD_EDIT_H_

#include <map>
#include <utility>
#include <vector>

#include "harness/loader.h"
#include "harness/scenario.h"
#include "harness/scenario_text.h"

namespace statussim::harness {

// What changes, by step index of the original scenario.
struct Plan {
  std::map<size_t, Expectation> expects;  // new `expect` (replaced, or written where omitted)
  std::map<std::pair<size_t, size_t>, std::vector<ExpectedItem>> lists;  // (step, device#)
  std::map<size_t, std::vector<DeviceExpectation>> inserts;  // new expect_events after a step
  // Devices added to an existing expect_events step (one with `times: 1`
  // right after the step that caused their items); EditsFor turns one it
  // cannot add in place (a flow map) into an insert after the step before.
  std::map<size_t, std::vector<DeviceExpectation>> appends;
  bool empty() const {
    return expects.empty() && lists.empty() && inserts.empty() && appends.empty();
  }
};

// The edits of `text` (the text `s` was loaded from) that carry out `plan`
// (whose appends to flow maps become inserts); what cannot be edited in
// place is added to `errors`, located.
std::vector<TextEdit> EditsFor(const Scenario& s, const ScenarioText& text, Plan* plan,
                               std::vector<LoadError>* errors);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_RECORD_EDIT_H_
