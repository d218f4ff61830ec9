// Scenario: one scenario file of format v1 (SCENARIOS.md), loaded and
// validated. Everything here is plain data; the loader guarantees that a
// Scenario it returns is well formed (devices keep one platform, users are
// accounts, expect only where allowed, ...), so the runner need not re-check.
#ifndef STATUSSIM_HARNESS_SCENARIO_H_
#define STATUSSIM_HARNESS_SCENARIO_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/app.h"
#include "sim/types.h"
#include "sim/value.h"

namespace statussim::harness {

using sim::Millis;

// A place in a scenario file, 1-based (0 = unknown).
struct Location {
  int line = 0;    // 1-based line
  int column = 0;  // 1-based column
};

// A change of the app by a `configure` step: only the named keys change.
struct AppPatch {
  std::optional<bool> premium;                  // app.premium
  std::optional<bool> status_query_and_notify;  // console
  std::optional<bool> friend_status_notify;     // console
  std::optional<int64_t> web_max_instances;     // console
  std::vector<std::pair<std::string, int64_t>> params;  // PAR-2 name -> value (ms for durations)

  void ApplyTo(sim::App* app) const;
};

// What a step expects of its result (`expect`).
struct Expectation {
  enum class Kind { kOk, kError, kThrows };
  Kind kind = Kind::kOk;          // omitted `expect` is {ok: {}}
  std::optional<sim::Value> data;  // kOk: the partial data to match; nullopt = not compared
  int code = 0;                    // kError: the expected code
  bool ordered = false;            // kOk: compare successUserList/failureUserList in order
  Location where;                  // where `expect` is written (0 if omitted)
};

// One expected event item: {status: {...}}, {error: {code}} or {kicked: {type}}.
struct ExpectedItem {
  enum class Kind { kStatus, kError, kKicked };
  Kind kind = Kind::kStatus;
  // The named keys only, with the loader's normalisation: `statusType` as an
  // integer 0..3, `code` as an integer, `type` as a string.
  sim::Value fields = sim::Value::EmptyObject();
  Location where;
};

struct DeviceExpectation {
  std::string device;               // as written
  std::vector<ExpectedItem> items;  // exact list, in order
  Location where;                   // of the device key
};

struct Step {
  enum class Kind { kLogin, kLogout, kDisconnect, kReconnect, kCall, kConfigure, kWait, kExpectEvents };
  Kind kind = Kind::kWait;
  Location where;  // of the step's map (the `-` entry)
  int times = 1;   // `times: N`, the step repeated at the same instant

  std::string device;                            // login, logout, disconnect, reconnect, call
  std::string user;                              // login
  sim::Platform platform = sim::Platform::kWeb;  // login
  sim::LossKind how = sim::LossKind::kClose;     // disconnect
  sim::Api api = sim::Api::kSetSelfStatus;       // call
  std::optional<sim::Value> args;                // call; nullopt = no argument (undefined)
  AppPatch configure;                            // configure
  Millis wait = 0;                               // wait, milliseconds
  std::vector<DeviceExpectation> expect_events;  // expect_events, in file order

  Expectation expect;  // login, logout, disconnect, reconnect, call
};

struct Scenario {
  std::string file;    // path as given to the loader
  std::string folder;  // folder of the file relative to the suite root ("" at the root)
  std::string name;
  std::string description;
  std::vector<std::string> covers;  // rule IDs, as written, in order
  std::vector<std::string> tags;
  sim::App app;                                            // defaults with `app:` applied
  std::vector<std::string> accounts;                       // expanded, in order, unique
  std::vector<std::pair<std::string, std::string>> friends;  // as written (repeats allowed)
  std::vector<Step> steps;
  bool allow_unchecked_events = false;
  // Every device named by an action step, in order of first appearance.
  std::vector<std::string> devices;
};

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_SCENARIO_H_
