// PROTOCOL.md v1 helpers: Values to and from JSON text, the `app` object with
// every default filled in, and the `do` message of a step. The only harness
// code besides reports/ that includes nlohmann/json (in protocol.cc).
#ifndef STATUSSIM_HARNESS_PROTOCOL_H_
#define STATUSSIM_HARNESS_PROTOCOL_H_

#include <string>
#include <string_view>

#include "harness/scenario.h"
#include "harness/status.h"
#include "sim/app.h"
#include "sim/value.h"

namespace statussim::harness {

inline constexpr int kProtocolVersion = 1;

// Parses one line of JSON; any JSON value. A located message on failure.
Result<sim::Value> ParseJson(std::string_view text);

// {premium, console: {...}, params: {... ms for durations}} (PROTOCOL.md `init`).
sim::Value AppValue(const sim::App& app);

// The `init` message of a scenario.
sim::Value InitMessage(const Scenario& scenario);
// The `do` message of an action step.
sim::Value DoMessage(int64_t id, const Step& step);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_PROTOCOL_H_
