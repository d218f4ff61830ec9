// PROTOCOL.md v1 helpers: Values to and from JSON text, the `app` object with
// every default filled in, the `do` message of a step, and the checks of the
// messages a client writes (used by ProcessClient and by fuzz/fuzz_protocol).
// The only harness code besides reports/ that includes nlohmann/json (in
// protocol.cc).
#ifndef STATUSSIM_HARNESS_PROTOCOL_H_
#define STATUSSIM_HARNESS_PROTOCOL_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/client.h"
#include "harness/scenario.h"
#include "harness/status.h"
#include "sim/app.h"
#include "sim/sdk_client.h"
#include "sim/types.h"
#include "sim/value.h"

namespace statussim::harness {

inline constexpr int kProtocolVersion = 1;

// Parses one line of JSON; any JSON value, nothing but whitespace after it.
// A located message on failure. `budget`, when given, is the number of JSON
// values (scalars and containers) still allowed; each one parsed spends one,
// and a parse that would overspend fails with kBudgetSpent.
Result<sim::Value> ParseJson(std::string_view text, size_t* budget = nullptr);
extern const char* const kBudgetSpent;

// `text` quoted for a reason or a report: at most `max_bytes` of it, control
// characters and bytes that are not UTF-8 written as \xNN, and the length in
// all when it is cut.
std::string Excerpt(std::string_view text, size_t max_bytes);

// {premium, console: {...}, params: {... ms for durations}} (PROTOCOL.md `init`).
sim::Value AppValue(const sim::App& app);

// The `init` message of a scenario.
sim::Value InitMessage(const Scenario& scenario);
// The `do` message of an action step.
sim::Value DoMessage(int64_t id, const Step& step);

// --- Messages from a client. Each check looks at one message only (no
// session state) and fails with "client protocol error: ..." naming what is
// wrong; long lines are quoted cut to 200 bytes.

// One line: UTF-8 without NUL bytes, exactly one JSON object (ParseJson,
// spending `budget`) whose `type` is a string. Duplicate keys are refused.
Result<sim::Value> ParseClientLine(std::string_view line, size_t* budget = nullptr);
// `hello`: protocol version kProtocolVersion; the mode, "sdk" or "full".
Result<std::string> ParseHello(const sim::Value& message);
// `event`: device and name strings; data as sent (null when absent).
Result<DeviceEvent> ParseEventMessage(const sim::Value& message);

// A backend request of an SDK-mode client (PROTOCOL.md `request`), checked.
struct ClientRequest {
  sim::Value id;                     // as sent; echoed in the reply
  std::string device;                // the device it comes from
  std::string op;                    // login, logout, reconnect, set_self_status,
                                     // get_user_status, subscribe, unsubscribe
  std::string user;                  // login: body.user
  sim::Platform platform{};          // login: body.platform
  std::string custom_status;         // set_self_status: body.customStatus
  bool all = false;                  // unsubscribe: body.all is true (no list then)
  std::vector<sim::Value> user_ids;  // get_user_status, (un)subscribe: body.userIDList
};
Result<ClientRequest> ParseRequestMessage(const sim::Value& message);

// The outcome in a `result` message: exactly one of `ok` (an object), `error`
// {code (a 32-bit integer), message (a string)} or `throws` (a string). The
// `id` is not checked here.
Result<sim::Outcome> ParseResultMessage(const sim::Value& message);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_PROTOCOL_H_
