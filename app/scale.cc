#include "app/scale.h"

#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <string>

#include "app/console.h"
#include "sim/backend.h"
#include "sim/delivery_hash.h"
#include "sim/workload.h"

namespace statussim::app {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Peak resident set of this process so far, in bytes (Linux: ru_maxrss in KiB).
uint64_t PeakRss() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;
}

// A self-updating bar on stderr, only on an interactive terminal.
class ProgressBar {
 public:
  static void Enable(bool on) { on_ = on; }
  static void Show(const char* what, double fraction) {
    if (!on_) return;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kWidth, '-');
    std::fprintf(stderr, "\r%-10s [%s] %3d%%", what, bar.c_str(), static_cast<int>(fraction * 100));
    std::fflush(stderr);
  }
  static void Clear() {
    if (on_) std::fprintf(stderr, "\r%60s\r", "");
  }

 private:
  static inline bool on_ = false;
};

// Bad arguments: a message naming the option, exit 2 (ECOSYSTEM.md 2.6).
int Usage(const std::string& message) {
  std::fprintf(stderr, "statussim scale: %s\n", message.c_str());
  return 2;
}

}  // namespace

CLI::App* AddScaleCommand(CLI::App* cli, ScaleFlags* f) {
  CLI::App* cmd = cli->add_subcommand(
      "scale", "Generate a deterministic world and workload and run it through the model: "
               "deliveries, changes/s, peak memory, wall time, log hash");
  cmd->add_option("--accounts", f->accounts, "Accounts N (default 100000)");
  cmd->add_option("--subscriptions-per-account", f->subscriptions,
                  "Random subscriptions K of each account (default 10)");
  cmd->add_option("--devices-per-account", f->devices,
                  "Devices D of each account, all logged in (default 2)");
  cmd->add_option("--friends-per-account", f->friends,
                  "About F mutual friends per account (default 0)");
  cmd->add_option("--changes", f->changes, "Run until C status changes happened (default 1000000)");
  cmd->add_option("--seed", f->seed, "Seed of every random choice (default 1)");
  cmd->add_option("--mean-gap-ms", f->mean_gap_ms,
                  "Mean virtual milliseconds between two actions of one account (default 60000)");
  return cmd;
}

int CmdScale(const ScaleFlags& f) {
  if (f.accounts < 1 || f.accounts > UINT32_MAX - 1) {
    return Usage("--accounts must be between 1 and 4294967294");
  }
  if (f.devices < 1 || f.devices > 64) return Usage("--devices-per-account must be between 1 and 64");
  if (f.accounts * f.devices >= int64_t{UINT32_MAX}) {
    return Usage("--accounts x --devices-per-account must stay below 4294967295 devices");
  }
  if (f.subscriptions < 0 || f.subscriptions > f.accounts - 1) {
    return Usage("--subscriptions-per-account must be between 0 and accounts - 1");
  }
  if (f.friends < 0 || f.friends > f.accounts - 1) {
    return Usage("--friends-per-account must be between 0 and accounts - 1");
  }
  if (f.changes < 0) return Usage("--changes must not be negative");
  if (f.seed < 0) return Usage("--seed must not be negative");
  if (f.mean_gap_ms < 1) return Usage("--mean-gap-ms must be at least 1");

  sim::WorldSpec w;
  w.accounts = static_cast<uint32_t>(f.accounts);
  w.subscriptions_per_account = static_cast<uint32_t>(f.subscriptions);
  w.devices_per_account = static_cast<uint32_t>(f.devices);
  w.friends_per_account = static_cast<uint32_t>(f.friends);
  w.seed = static_cast<uint64_t>(f.seed);
  sim::WorkloadSpec spec;
  spec.mean_gap = f.mean_gap_ms;

  ProgressBar::Enable(IsInteractive(stderr));
  std::printf("world: %u accounts x %u subscriptions x %u devices, %u friends each; seed %" PRIu64
              "\n",
              w.accounts, w.subscriptions_per_account, w.devices_per_account,
              w.friends_per_account, w.seed);
  std::fflush(stdout);

  const auto start = Clock::now();
  sim::FlatLog log;
  sim::Backend backend(sim::WorldApp(w), &log);
  sim::BuildWorld(&backend, w, [](double done) { ProgressBar::Show("building", done); });
  // Per device, what it received (docs/scaling.md 3): the same whatever the ranks.
  sim::DeliveryHash delivery(size_t{w.accounts} * w.devices_per_account);
  delivery.AddLog(log.records(), backend);
  log.Drain();
  const double build_s = Seconds(start);
  uint64_t edges = 0;
  for (sim::AccountId a = 0; a < w.accounts; ++a) edges += backend.SubscriptionsOf(a).size();
  ProgressBar::Clear();
  std::printf("built in %.2f s: %" PRIu64 " subscriptions, %" PRIu64 " devices\n", build_s, edges,
              uint64_t{w.accounts} * w.devices_per_account);
  std::fflush(stdout);

  const auto run_start = Clock::now();
  const uint64_t changes_before = backend.changes();
  const uint64_t delivered_before = log.delivered();
  const auto target = static_cast<uint64_t>(f.changes);
  sim::Workload workload(&backend, w, spec);
  constexpr size_t kDrainAt = 1 << 16;  // records; keeps the log small
  uint64_t next_report = 0;
  while (backend.changes() - changes_before < target) {
    workload.Step();
    if (log.records().size() >= kDrainAt) {
      delivery.AddLog(log.records(), backend);
      log.Drain();
    }
    if (workload.actions() >= next_report) {
      ProgressBar::Show("running", static_cast<double>(backend.changes() - changes_before) /
                                       static_cast<double>(target));
      next_report = workload.actions() + 4096;
    }
  }
  delivery.AddLog(log.records(), backend);
  log.Drain();
  const double run_s = Seconds(run_start);
  ProgressBar::Clear();

  const uint64_t changes = backend.changes() - changes_before;
  const uint64_t deliveries = log.delivered() - delivered_before;
  const double safe_s = run_s > 0 ? run_s : 1e-9;
  std::printf("ran %" PRIu64 " actions to virtual time %.1f s\n", workload.actions(),
              static_cast<double>(backend.now()) / 1000.0);
  std::printf("changes:      %" PRIu64 "\n", changes);
  std::printf("deliveries:   %" PRIu64 " (%.1f per change)\n", deliveries,
              changes ? static_cast<double>(deliveries) / static_cast<double>(changes) : 0.0);
  std::printf("changes/s:    %.0f\n", static_cast<double>(changes) / safe_s);
  std::printf("deliveries/s: %.0f\n", static_cast<double>(deliveries) / safe_s);
  std::printf("wall time:    %.2f s (build %.2f s, run %.2f s)\n", build_s + run_s, build_s, run_s);
  std::printf("peak memory:  %.1f MB = %.3f GiB (ru_maxrss)\n", static_cast<double>(PeakRss()) / 1e6,
              static_cast<double>(PeakRss()) / (1024.0 * 1024 * 1024));
  std::printf("log hash:     %016" PRIx64 "\n", log.hash());
  std::printf("delivery hash: %016" PRIx64 " (per device, independent of ranks)\n",
              delivery.Combined());
  return 0;
}

}  // namespace statussim::app
