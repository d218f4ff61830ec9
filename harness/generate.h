// GenerateScenario: a random scenario from a seed, for `statussim explore`
// (issue 11). The same seed and options always give the same scenario, on any
// machine (sim::Rng, no std distributions).
//
// What it reaches for:
//  - a random world: 1..N accounts with readable names, random friendships,
//    devices on web-like and native platforms (two native devices of one
//    account on one platform now and then, for SES-5);
//  - a random app: tier, switches, web instance limit, and each PAR-2
//    parameter left at its default or set to a small value (a cap of 2, a
//    rate limit of 3 calls, a clear delay of 1 s, zero delays);
//  - swarm testing (Groce et al., ISSTA 2012): each scenario leaves out a
//    random subset of the actions and APIs, so that the ones left are used
//    more and reach deeper states;
//  - arguments at the edges the rules name: empty, one, the limit and one
//    past it; unknown, non-string, duplicated and own IDs; status texts of
//    the byte limit and one past it, multi-byte text; options that are not
//    an object, keys that are absent or null;
//  - waits aimed at the deadlines that are pending: the generator runs the
//    reference model alongside and lands on, just before and just after the
//    next timers (heartbeat notices, expiries, clears) and rate windows.
//
// The scenario has no expectations and allows unchecked events: explore
// fills them from the reference (harness/explore.h). Its `covers` names the
// SPEC rules the reference exercised while it was generated.
#ifndef STATUSSIM_HARNESS_GENERATE_H_
#define STATUSSIM_HARNESS_GENERATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/scenario.h"

namespace statussim::harness {

struct GenerateOptions {
  int max_steps = 40;    // steps per scenario: 1..max_steps
  int max_accounts = 5;  // 1..max_accounts accounts
  int max_devices = 5;   // 1..max_devices devices
};

// The kinds of step a scenario may use; swarm testing drops some of them.
enum class Feature : uint8_t {
  kLogin,
  kLogout,
  kDisconnectClose,
  kDisconnectSilent,
  kReconnect,
  kSet,
  kGet,
  kSubscribe,
  kUnsubscribe,
  kConfigure,
  kWait,
  // Every device of one account leaves, one by one (logout or a loss, waits
  // between), then one of its lost devices is logged out: the paths of
  // STA-3, STA-5 and CLR-1..4 that need all of an account's devices.
  kLeaveAll,
  kCount,
};
std::string_view FeatureName(Feature f);  // "login", "get", ...

struct Generated {
  Scenario scenario;
  std::vector<Feature> swarm;  // the features this scenario was allowed to use
};

Generated GenerateScenario(uint64_t seed, const GenerateOptions& options = {});

// Recomputes `scenario.devices` from its action steps (after steps were
// added or removed by code).
void RecomputeDevices(Scenario* scenario);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_GENERATE_H_
