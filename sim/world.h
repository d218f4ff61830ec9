// A world described by distributions (a world file of `statussim scale
// --world`, or its flags): regular accounts, named celebrity accounts, devices
// per account over platforms, subscriptions and friends per account, the app,
// and the load shape over virtual time (sim/shaped_workload.h runs it).
//
// Invariants:
//  - Everything is a function of the World and its seed; each part draws from
//    its own stream derived from the seed, so that changing one part leaves
//    the others as they were.
//  - A world of fixed counts, platforms in slot order, uniform targets, no
//    celebrities, no storm and no diurnal curve is the uniform world of
//    sim/workload.h: it builds the same backend and, run, gives the same
//    delivery log (same log hash) as BuildWorld and Workload with the same
//    numbers.
//  - Account i < accounts is "u<i>"; celebrity j is account accounts + j,
//    named as given. Accounts own consecutive devices: account a owns
//    first_device[a] .. first_device[a + 1] - 1.
//  - No generated login kicks another: web_max_instances is raised to the
//    most devices an account can have, and a weighted draw that lands on a
//    native platform the account already uses gives web instead (SES-4, SES-5).
//  - The subscription cap (SUB-9) is raised to the longest list the world
//    can generate (its subscriptions plus one per celebrity), unless the app
//    sets a larger one.
#ifndef STATUSSIM_SIM_WORLD_H_
#define STATUSSIM_SIM_WORLD_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/app.h"
#include "sim/backend.h"
#include "sim/distributions.h"
#include "sim/workload.h"

namespace statussim::sim {

// An account with a given number of subscribers.
struct Celebrity {
  std::string name;          // account ID, not "u<i>"
  uint32_t subscribers = 0;  // distinct random accounts subscribed to it (at most all others)
  Millis mean_gap = 0;       // its own mean time between actions (0: the load's mean_gap)
};

// Who a subscription goes to.
struct Targets {
  bool zipf = false;      // false: uniform over the other accounts
  double exponent = 1.0;  // zipf: account i drawn with weight (i + 1)^-exponent
};

// The load over virtual time: a hold model, one pending action per account.
struct LoadSpec {
  Millis mean_gap = 60'000;  // mean virtual time between two actions of one account
  // Weights of what an action does on a logged-in device (a logged-out
  // device logs in; a lost one reconnects, see reconnect_percent).
  uint32_t set_weight = 80;          // set a custom status from the pool
  uint32_t logout_weight = 10;       // log out
  uint32_t silent_weight = 10;       // lose the link silently (SES-6 notices it)
  uint32_t closing_weight = 0;       // close the link (noticed at once)
  uint32_t reconnect_percent = 100;  // a lost device picked again reconnects; else stays lost
  uint32_t custom_pool = 64;         // distinct custom statuses
  // Login storm: this share of the accounts is logged out until `storm_at`,
  // then logs in all its devices at a uniform instant in [at, at + over).
  uint32_t storm_permille = 0;  // 0: no storm
  Millis storm_at = 0;          // virtual time of the storm's start
  Millis storm_over = 60'000;   // its length
  // Diurnal curve: activity relative to mean_gap, points evenly spaced over
  // the period (linear in between, periodic); 1000 = as mean_gap says.
  Millis diurnal_period = 0;               // 0: none
  std::vector<uint32_t> diurnal_permille;  // at least 2 points, each >= 1
  // When the run stops (whichever comes first; 0 = not this one).
  uint64_t changes = 1'000'000;  // status changes during the run
  Millis duration = 0;           // virtual time of the run
};

// Platforms of an account's devices.
struct PlatformMix {
  bool in_order = true;  // slot j: web, android, ios, windows, mac, ipad, then web
  std::array<uint32_t, kPlatformCount>
      weights{};  // else: drawn with these weights (Platform order)
};

struct World {
  std::string name = "uniform";  // for reports
  uint64_t seed = 1;
  uint32_t accounts = 100'000;  // regular accounts "u0" ..
  std::vector<Celebrity> celebrities;
  CountDist devices = CountDist::Fixed(2);  // per account, all logged in (storm aside)
  PlatformMix platforms;
  CountDist subscriptions = CountDist::Fixed(10);  // per account
  Targets targets;
  CountDist friends = CountDist::Fixed(0);  // about this many mutual friends per account
  // The app: premium, both switches on, SPEC defaults otherwise, then
  // `app_patch` applied by the loader; caps raised as said above.
  App app = DefaultWorldApp();
  LoadSpec load;

  static App DefaultWorldApp();
  uint32_t total_accounts() const { return accounts + static_cast<uint32_t>(celebrities.size()); }
};

// The world of sim/workload.h's WorldSpec (and today's scale flags).
World UniformWorld(const WorldSpec& w, Millis mean_gap, uint64_t changes);

// What `Validate` found wrong (empty: fine); messages name the world key.
std::vector<std::string> Validate(const World& w);

// The app the backend is made with: w.app with the caps raised as needed.
App EffectiveApp(const World& w);

// Where the built world put things.
struct WorldLayout {
  std::vector<DeviceId> first_device;  // per account, plus one past the end
  std::vector<uint8_t> platform;       // Platform per device
  std::vector<uint8_t> offline;        // per account: 1 = in the storm (logged out at start)
  uint64_t subscriptions = 0;          // edges held after the build
  uint32_t fixed_devices = 0;          // D when every account has D devices (0: they vary)
  uint64_t devices() const { return first_device.empty() ? 0 : first_device.back(); }
  // Account a's first device and device count; arithmetic when the count is
  // fixed (no memory access in the workload's hot path).
  DeviceId FirstDevice(AccountId a) const {
    return fixed_devices ? a * fixed_devices : first_device[a];
  }
  uint32_t DeviceCount(AccountId a) const {
    return fixed_devices ? fixed_devices : first_device[a + 1] - first_device[a];
  }
};

// One build phase's end, for memory-over-the-build plots.
using PhaseDone = std::function<void(const char* phase)>;

// Builds `w` into an empty backend made with EffectiveApp(w): accounts,
// logins, friends, subscriptions, celebrity subscribers.
WorldLayout BuildWorld(Backend* backend, const World& w, const Progress& progress = nullptr,
                       const PhaseDone& phase_done = nullptr);

// The name of account a.
std::string AccountName(const World& w, uint32_t a);

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_WORLD_H_
