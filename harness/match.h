// Matching of expectations against what a client produced (SCENARIOS.md,
// "Comparing DATA" and "Expectations on events").
//
// A map matches when every key it names matches (others are not checked).
// `successUserList` and `failureUserList` match as multisets of entries unless
// `ordered`; any other list matches in order with the same length. Numbers
// compare by value. A mismatch is described by a path and the two values,
// e.g. `successUserList[1].statusType: expected 2, got 1`.
#ifndef STATUSSIM_HARNESS_MATCH_H_
#define STATUSSIM_HARNESS_MATCH_H_

#include <string>

#include "harness/scenario.h"
#include "sim/value.h"

namespace statussim::harness {

// "" when `actual` matches `expected`, else what differs.
std::string MatchData(const sim::Value& expected, const sim::Value& actual, bool ordered);

// An observed event item: {"status": {...}}, {"error": {...}} or {"kicked": {...}}.
// "" when it matches the expected item, else what differs.
std::string MatchItem(const ExpectedItem& expected, const sim::Value& actual);

// The expected item as the same JSON shape as observed items.
sim::Value ExpectedItemValue(const ExpectedItem& expected);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_MATCH_H_
