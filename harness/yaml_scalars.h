// Text checks and YAML scalars for the scenario loader: the checks of a
// file's raw text before yaml-cpp parses it (UTF-8, no control characters),
// and the YAML 1.2 core scalars as SCENARIOS.md "Values" restricts them
// (booleans, decimal integers, floats, strings; no infinity or NaN). Durations
// are parsed by ParseDuration (loader.h). Internal to the scenario loader
// (harness/loader.h): only its files include this header, the only ones
// that include yaml-cpp.
#ifndef STATUSSIM_HARNESS_YAML_SCALARS_H_
#define STATUSSIM_HARNESS_YAML_SCALARS_H_

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "harness/loader.h"
#include "harness/status.h"
#include "sim/value.h"

namespace statussim::harness::loader_internal {

// A short quote of a scalar for messages (long values are cut): 'text'.
std::string Quote(std::string_view s);

// --- Text checks, before yaml-cpp sees the text.

// Length of the UTF-8 sequence starting at s[i], or 0 when it is invalid.
size_t Utf8Length(std::string_view s, size_t i);
// The first reason `text` is not a scenario's text (invalid UTF-8, a control
// character), located by line and byte column; nullopt when it is text.
std::optional<LoadError> CheckText(std::string_view text, const std::string& file);

// --- Scalars: YAML 1.2 core, as SCENARIOS.md "Values" restricts it.

// One or more decimal digits, nothing else.
bool IsDigits(std::string_view s);
// `s` without one leading '+' or '-'.
std::string_view StripSign(std::string_view s);
// [-+]? [0-9]+
bool IsCoreInt(std::string_view s);
// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool IsCoreFloat(std::string_view s);
// .inf, -.inf, .nan and their other spellings (refused).
bool IsSpecialFloat(std::string_view s);
// A plain scalar: true/false, a decimal integer, a float, else a string.
Result<sim::Value> ResolvePlain(const std::string& s);
// A scalar or null node as a Value. Quoted scalars (tag "!") are strings.
Result<sim::Value> ScalarValue(const YAML::Node& n);
// A scalar written without quotes and without a tag.
bool IsPlain(const YAML::Node& n);
// "the integer 123", "a list", ... for messages.
std::string Describe(const YAML::Node& n);

}  // namespace statussim::harness::loader_internal

#endif  // STATUSSIM_HARNESS_YAML_SCALARS_H_
