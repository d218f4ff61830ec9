// Flow-style YAML text of values and expectations, written by hand (only the
// loader includes yaml-cpp): what EmitScenario (emit.h) writes inside a step
// and what `statussim record` (record.h) writes into a scenario file. Every
// text here loads back (LoadScenarioText) as the value it was made from.
#ifndef STATUSSIM_HARNESS_FLOW_TEXT_H_
#define STATUSSIM_HARNESS_FLOW_TEXT_H_

#include <string>
#include <string_view>

#include "harness/scenario.h"
#include "sim/value.h"

namespace statussim::harness {

struct FlowStyle {
  // An integer 0..3 under a `statusType` key is written as its VAL-1 name
  // (`ok` data and event items, where the loader reads names and numbers).
  bool status_names = false;
  // A string that YAML reads as that same string without quotes (a word of
  // letters, digits, `_` and `-` that starts with a letter or `_` and is not
  // null, true, false, yes, no, on, off, y or n in any case) is written
  // plain, the empty string as ''; otherwise double-quoted. Off: always
  // double-quoted (EmitScenario's canonical form).
  bool plain_strings = false;
};

// A double-quoted YAML string: JSON's escapes, and \uXXXX for the characters
// a scenario may not hold raw or that YAML readers may treat specially.
void AppendYamlString(std::string_view s, std::string* out);
std::string Quoted(std::string_view s);

// A map key: plain when it is a word YAML reads as that string, else quoted.
void AppendYamlKey(std::string_view key, std::string* out);

// True when `s` may be written plain under FlowStyle::plain_strings.
bool IsPlainSafe(std::string_view s);

// A Value in flow style ({a: 1, b: [x, y]}).
void AppendFlowValue(const sim::Value& v, const FlowStyle& style, std::string* out);
std::string FlowValue(const sim::Value& v, const FlowStyle& style);

// `expect` in flow style: {ok: DATA[, ordered: true]}, {error: CODE} or
// {throws: true}; "" for an omitted expect (ok, data not compared).
std::string ExpectText(const Expectation& x, const FlowStyle& style);

// An event item: {status: {...}}, {error: {code: N}} or {kicked: {type: T}}.
std::string ItemText(const ExpectedItem& item, const FlowStyle& style);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_FLOW_TEXT_H_
