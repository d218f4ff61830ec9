// EmitScenario: a Scenario written back as an ordinary format-v1 scenario file
// (SCENARIOS.md), for scenarios made by code (issue 11). The text loads back
// (LoadScenarioText) into a Scenario that runs the same: same app, accounts,
// friends and steps, same expectations. It is deterministic, so emitting a
// reloaded scenario gives the same text again (a fixed point).
//
// What is not kept: comments, anchors, `expand` (accounts and userIDList are
// written as the IDs they made), the spelling of durations and status types
// (written in one canonical form), and locations (`where`, `file`, `folder`).
// `app` names only what differs from SPEC's defaults. Strings are written
// JSON-style, double-quoted with escapes, which YAML reads as strings.
//
// The Scenario must be one the loader could make: in particular an
// args.userIDList item must not be a map with an `expand` key (the loader
// would splice it), and values in `ok` data under `statusType`/`code` keys
// must be what the loader accepts there.
#ifndef STATUSSIM_HARNESS_EMIT_H_
#define STATUSSIM_HARNESS_EMIT_H_

#include <string>

#include "harness/scenario.h"

namespace statussim::harness {

std::string EmitScenario(const Scenario& s);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_EMIT_H_
