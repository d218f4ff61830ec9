// App: the tier, the console settings and every model parameter (PAR-2), with
// SPEC.md's defaults. The backend reads it at the instant of use (GATE-4), so
// changing it mid-simulation affects only what happens afterwards.
#ifndef STATUSSIM_SIM_APP_H_
#define STATUSSIM_SIM_APP_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "sim/types.h"

namespace statussim::sim {

struct Params {
  Millis web_heartbeat_timeout = 60'000;       // SES-6, web-like silent loss noticed after
  Millis native_heartbeat_timeout = 400'000;   // SES-6, native silent loss noticed after
  Millis offline_expiry = 7LL * 24 * 3600'000;  // STA-5, lost native instance expires after
  int64_t custom_status_max_bytes = 100;       // SET-5, UTF-8 bytes
  int64_t get_max_users = 500;                 // GET-5, IDs sent per query
  int64_t subscribe_max_users = 100;           // SUB-4, UNS-4, IDs sent per call
  int64_t subscription_cap = 1000;             // SUB-9, subscriptions per account
  int64_t rate_count = 20;                     // RL-2, calls per window
  Millis rate_window = 5'000;                  // RL-2, window length
  Millis custom_status_clear_delay = 30'000;   // CLR-1
  Millis subscription_clear_delay = 30'000;    // CLR-4
};

struct Console {
  bool status_query_and_notify = false;  // GATE-2
  bool friend_status_notify = false;     // GATE-3
  int64_t web_max_instances = 1;         // SES-4, at least 1
};

struct App {
  bool premium = false;  // GATE-1, the premium tier
  Console console;       // console switches
  Params params;         // model parameters
};

// The parameters by their SPEC names, for loaders and protocols.
struct ParamInfo {
  std::string_view name;      // SPEC PAR-2 name, e.g. "rate_window"
  bool is_duration;           // milliseconds (durations) or a plain count
  int64_t Params::*field;     // where it lives
};
std::span<const ParamInfo> AllParams();
const ParamInfo* FindParam(std::string_view name);

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_APP_H_
