// The `scale` command: a generated world and workload of the user's size run
// through the model, with deliveries, changes/s, peak memory, wall time and a
// deterministic hash of the delivery log. The world comes from the flags (the
// uniform world of sim/workload.h) or from a world file (--world FILE.yaml,
// docs/worlds.md), whose keys the flags override; --json and --html write the
// capacity report (reports/capacity.h).
#ifndef STATUSSIM_APP_SCALE_H_
#define STATUSSIM_APP_SCALE_H_

#include <cstdint>
#include <set>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace statussim::app {

struct ScaleFlags {
  int64_t accounts = 100'000;    // --accounts N
  int64_t subscriptions = 10;    // --subscriptions-per-account K
  int64_t devices = 2;           // --devices-per-account D
  int64_t friends = 0;           // --friends-per-account F
  int64_t changes = 1'000'000;   // --changes C: run until C status changes happened
  int64_t seed = 1;              // --seed S
  int64_t mean_gap_ms = 60'000;  // --mean-gap-ms: mean virtual time between an account's actions
  int64_t duration_ms = 0;       // --duration-ms: also stop at this virtual time (0: no)
  std::string world;             // --world FILE.yaml ("" = the uniform world of the flags)
  std::string json;              // --json FILE: the capacity report as JSON
  std::string html;              // --html FILE: the capacity report as HTML
  bool dry_run = false;          // --dry-run: load and check the world, print it, build nothing
  std::set<std::string> given;   // the flags given on the command line ("accounts", ...)
};

// Registers `scale` and its options on the CLI; returns the subcommand.
CLI::App* AddScaleCommand(CLI::App* cli, ScaleFlags* flags);
// Runs it: 0 on success, 2 on bad arguments.
int CmdScale(const ScaleFlags& flags);

}  // namespace statussim::app

#endif  // STATUSSIM_APP_SCALE_H_
