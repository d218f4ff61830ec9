// Record: a scenario's expectations filled in or refreshed from the model
// (the builtin reference client), as snapshot tools do (`jest -u`, insta);
// `statussim record` (docs/record.md). The scenario runs once on the model,
// which gives each action step's outcome (per repetition of `times: N`) and
// the items each step caused per device; then, in the file's own text:
//   - an action step's `expect` the model meets is kept as written (a
//     partial `ok` stays partial); one it does not meet is replaced by what
//     the model did (`ordered` kept beside `ok`);
//   - an omitted `expect` stays omitted while the model succeeds with empty
//     data; otherwise one is written (`ok` with the full data);
//   - a device's list in an `expect_events` step that does not match is
//     replaced by the items it consumed; lists that match are kept;
//   - items no `expect_events` consumes (the runner's "unexpected events";
//     none when `allow_unchecked_events: true`) are checked right after the
//     step that caused them: in the `expect_events` step that follows it (a
//     block map, `times: 1`), or in a new one inserted there.
// Only those nodes change; every other byte of the file stays. A file whose
// nodes cannot be found in its text, or whose repeated step (`times: N`)
// gives different results that one expectation cannot hold, is refused with
// a located reason. The result is checked before it is returned: the new
// text loads, means the same scenario with the new expectations, and passes
// on the model.
#ifndef STATUSSIM_HARNESS_RECORD_H_
#define STATUSSIM_HARNESS_RECORD_H_

#include <string>
#include <vector>

#include "harness/loader.h"
#include "harness/scenario.h"

namespace statussim::harness {

struct RecordResult {
  std::string file;       // the scenario's file
  std::string old_text;   // as read
  std::string new_text;   // with the recorded expectations (== old_text: nothing to record)
  int steps_changed = 0;  // steps whose expectations changed, new expect_events steps included
  // Non-empty: the file cannot be recorded (new_text is then old_text).
  std::vector<LoadError> errors;
};

// Records `scenario`, loaded from `text` with `options` (which the check of
// the new text loads it with again).
RecordResult RecordScenario(const Scenario& scenario, const std::string& text,
                            const LoadOptions& options);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_RECORD_H_
