#include "app/scale.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "app/console.h"
#include "harness/world_loader.h"
#include "reports/capacity.h"
#include "reports/reports.h"
#include "sim/backend.h"
#include "sim/capacity_meter.h"
#include "sim/delivery_hash.h"
#include "sim/shaped_workload.h"
#include "sim/workload.h"
#include "sim/world.h"

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

// Resident set now, in bytes (/proc/self/statm; 0 where there is none).
uint64_t CurrentRss() {
  std::ifstream statm("/proc/self/statm");
  uint64_t pages = 0, resident = 0;
  if (!(statm >> pages >> resident)) return 0;
  return resident * 4096;
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
      "scale",
      "Generate a deterministic world and workload and run it through the model: "
      "deliveries, changes/s, peak memory, wall time, log hash; a capacity report "
      "with --json/--html");
  // Each flag given overrides the world file's key (ScaleFlags::given).
  auto given = [f](const char* name) {
    return [f, name](const std::string&) { f->given.insert(name); };
  };
  cmd->add_option("--world", f->world,
                  "World file (YAML, docs/worlds.md); the flags below override its keys");
  cmd->add_option("--accounts", f->accounts, "Accounts N (default 100000)")
      ->each(given("accounts"));
  cmd->add_option("--subscriptions-per-account", f->subscriptions,
                  "Random subscriptions K of each account (default 10)")
      ->each(given("subscriptions"));
  cmd->add_option("--devices-per-account", f->devices,
                  "Devices D of each account, all logged in (default 2)")
      ->each(given("devices"));
  cmd->add_option("--friends-per-account", f->friends,
                  "About F mutual friends per account (default 0)")
      ->each(given("friends"));
  cmd->add_option("--changes", f->changes, "Run until C status changes happened (default 1000000)")
      ->each(given("changes"));
  cmd->add_option("--duration-ms", f->duration_ms,
                  "Also stop at this much virtual time, in ms (default: no limit)")
      ->each(given("duration"));
  cmd->add_option("--seed", f->seed, "Seed of every random choice (default 1)")
      ->each(given("seed"));
  cmd->add_option("--mean-gap-ms", f->mean_gap_ms,
                  "Mean virtual milliseconds between two actions of one account (default 60000)")
      ->each(given("mean_gap"));
  cmd->add_flag("--dry-run", f->dry_run,
                "Load and check the world (file and flags), print it and exit; build nothing");
  cmd->add_option("--json", f->json, "Write the capacity report as JSON to FILE");
  cmd->add_option("--html", f->html,
                  "Write the capacity report as a self-contained HTML page to FILE");
  return cmd;
}

namespace {

// The flags' checks (each only when given with a world file).
std::optional<std::string> CheckFlags(const ScaleFlags& f) {
  auto on = [&](const char* name) { return f.world.empty() || f.given.count(name) > 0; };
  if (on("accounts") && (f.accounts < 1 || f.accounts > UINT32_MAX - 1)) {
    return "--accounts must be between 1 and 4294967294";
  }
  if (on("devices") && (f.devices < 1 || f.devices > 64)) {
    return "--devices-per-account must be between 1 and 64";
  }
  if (f.world.empty() && f.accounts * f.devices >= int64_t{UINT32_MAX}) {
    return "--accounts x --devices-per-account must stay below 4294967295 devices";
  }
  if (on("subscriptions") && (f.subscriptions < 0 || f.subscriptions > UINT32_MAX - 1 ||
                              (f.world.empty() && f.subscriptions > f.accounts - 1))) {
    return "--subscriptions-per-account must be between 0 and accounts - 1";
  }
  if (on("friends") && (f.friends < 0 || f.friends > UINT32_MAX - 1 ||
                        (f.world.empty() && f.friends > f.accounts - 1))) {
    return "--friends-per-account must be between 0 and accounts - 1";
  }
  if (f.changes < 0) return "--changes must not be negative";
  if (f.duration_ms < 0) return "--duration-ms must not be negative";
  if (f.seed < 0) return "--seed must not be negative";
  if (f.mean_gap_ms < 1) return "--mean-gap-ms must be at least 1";
  return std::nullopt;
}

// The world of the file or the flags, flags overriding the file.
std::optional<sim::World> MakeWorld(const ScaleFlags& f) {
  sim::World w;
  if (f.world.empty()) {
    sim::WorldSpec ws;
    ws.accounts = static_cast<uint32_t>(f.accounts);
    ws.subscriptions_per_account = static_cast<uint32_t>(f.subscriptions);
    ws.devices_per_account = static_cast<uint32_t>(f.devices);
    ws.friends_per_account = static_cast<uint32_t>(f.friends);
    ws.seed = static_cast<uint64_t>(f.seed);
    w = sim::UniformWorld(ws, f.mean_gap_ms, static_cast<uint64_t>(f.changes));
    w.load.duration = f.duration_ms;
    return w;
  }
  std::vector<harness::LoadError> errors;
  std::optional<sim::World> loaded = harness::LoadWorldFile(f.world, &errors);
  if (!loaded) {
    for (const harness::LoadError& e : errors) {
      std::fprintf(stderr, "%s\n", e.ToString().c_str());
    }
    return std::nullopt;
  }
  w = std::move(*loaded);
  auto has = [&](const char* name) { return f.given.count(name) > 0; };
  if (has("accounts")) w.accounts = static_cast<uint32_t>(f.accounts);
  if (has("subscriptions"))
    w.subscriptions = sim::CountDist::Fixed(static_cast<uint32_t>(f.subscriptions));
  if (has("devices")) w.devices = sim::CountDist::Fixed(static_cast<uint32_t>(f.devices));
  if (has("friends")) w.friends = sim::CountDist::Fixed(static_cast<uint32_t>(f.friends));
  if (has("seed")) w.seed = static_cast<uint64_t>(f.seed);
  if (has("mean_gap")) w.load.mean_gap = f.mean_gap_ms;
  if (has("changes")) w.load.changes = static_cast<uint64_t>(f.changes);
  if (has("duration")) w.load.duration = f.duration_ms;
  return w;
}

std::string Ms(int64_t ms) {
  if (ms % 86'400'000 == 0 && ms > 0) return std::to_string(ms / 86'400'000) + "d";
  if (ms % 3'600'000 == 0 && ms > 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0 && ms > 0) return std::to_string(ms / 60'000) + "m";
  if (ms % 1000 == 0 && ms > 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

// The world, app and load as (key, value) lines for the report.
void Describe(const sim::World& w, const sim::App& app, reports::CapacityReport* r) {
  r->world = {
      {"accounts", std::to_string(w.accounts)},
      {"devices per account", w.devices.Describe()},
      {"platforms", w.platforms.in_order ? "in order (web, android, ios, ...)" : "weighted"},
      {"subscriptions per account", w.subscriptions.Describe()},
      {"subscription targets",
       w.targets.zipf ? fmt::format("zipf s={:g}", w.targets.exponent) : "uniform"},
      {"friends per account", w.friends.Describe()}};
  for (const sim::Celebrity& c : w.celebrities) {
    r->world.emplace_back("celebrity " + c.name,
                          std::to_string(c.subscribers) + " subscribers" +
                              (c.mean_gap ? ", mean_gap " + Ms(c.mean_gap) : ""));
  }
  if (!w.platforms.in_order) {
    std::string mix;
    for (int i = 0; i < sim::kPlatformCount; ++i) {
      if (w.platforms.weights[i] == 0) continue;
      if (!mix.empty()) mix += ", ";
      mix += std::string(sim::PlatformName(static_cast<sim::Platform>(i))) + " " +
             std::to_string(w.platforms.weights[i]);
    }
    r->world[2].second = "weighted: " + mix;
  }
  r->app = {{"premium", app.premium ? "true" : "false"},
            {"status_query_and_notify", app.console.status_query_and_notify ? "true" : "false"},
            {"friend_status_notify", app.console.friend_status_notify ? "true" : "false"},
            {"web_max_instances", std::to_string(app.console.web_max_instances)}};
  for (const sim::ParamInfo& p : sim::AllParams()) {
    const int64_t v = app.params.*(p.field);
    r->app.emplace_back(std::string(p.name), p.is_duration ? Ms(v) : std::to_string(v));
  }
  const sim::LoadSpec& l = w.load;
  r->load = {{"mean_gap", Ms(l.mean_gap)},
             {"actions", "set " + std::to_string(l.set_weight) + ", logout " +
                             std::to_string(l.logout_weight) + ", silent_disconnect " +
                             std::to_string(l.silent_weight) + ", closing_disconnect " +
                             std::to_string(l.closing_weight)},
             {"reconnect_percent", std::to_string(l.reconnect_percent)},
             {"custom_pool", std::to_string(l.custom_pool)},
             {"changes", std::to_string(l.changes)},
             {"duration", l.duration ? Ms(l.duration) : "none"}};
  if (l.storm_permille > 0) {
    r->load.emplace_back("storm",
                         fmt::format("{:g}% of accounts at {} over {}", l.storm_permille / 10.0,
                                     Ms(l.storm_at), Ms(l.storm_over)));
  }
  if (l.diurnal_period > 0) {
    r->load.emplace_back("diurnal", std::to_string(l.diurnal_permille.size()) + " points over " +
                                        Ms(l.diurnal_period));
  }
}

}  // namespace

int CmdScale(const ScaleFlags& f) {
  if (auto bad = CheckFlags(f)) return Usage(*bad);
  std::optional<sim::World> made = MakeWorld(f);
  if (!made) return 2;
  const sim::World& w = *made;
  const std::vector<std::string> problems = sim::Validate(w);
  if (!problems.empty()) {
    for (const std::string& p : problems) {
      std::fprintf(stderr, "statussim scale: %s%s\n",
                   f.world.empty() ? "" : (f.world + ": ").c_str(), p.c_str());
    }
    return 2;
  }
  const uint32_t n = w.total_accounts();
  const sim::App app = sim::EffectiveApp(w);

  if (f.dry_run) {
    reports::CapacityReport described;
    Describe(w, app, &described);
    std::printf("world %s%s%s: %u accounts in all, seed %" PRIu64 "\n", w.name.c_str(),
                f.world.empty() ? "" : " from ", f.world.c_str(), n, w.seed);
    for (const auto* part : {&described.world, &described.app, &described.load}) {
      for (const auto& [k, v] : *part) std::printf("  %-28s %s\n", k.c_str(), v.c_str());
    }
    return 0;
  }
  ProgressBar::Enable(IsInteractive(stderr));
  std::printf(
      "world: %s%s%s: %u accounts (%zu celebrities), devices %s, subscriptions %s, "
      "friends %s; seed %" PRIu64 "\n",
      w.name.c_str(), f.world.empty() ? "" : " from ", f.world.c_str(), n, w.celebrities.size(),
      w.devices.Describe().c_str(), w.subscriptions.Describe().c_str(),
      w.friends.Describe().c_str(), w.seed);
  std::fflush(stdout);

  reports::CapacityReport report;
  const auto start = Clock::now();
  auto sample = [&](const char* phase) {
    report.memory.push_back({phase, Seconds(start), CurrentRss()});
  };
  sample("start");
  sim::FlatLog log;
  sim::CapacityMeter meter(&log, n);
  sim::Backend backend(app, &meter);
  double last_sample = 0;
  const sim::WorldLayout layout = sim::BuildWorld(
      &backend, w,
      [&](double done) {
        ProgressBar::Show("building", done);
        if (Seconds(start) - last_sample > 0.05) {
          last_sample = Seconds(start);
          sample("");
        }
      },
      [&](const char* phase) { sample(phase); });
  // Per device, what it received (docs/scaling.md 3): the same whatever the ranks.
  sim::DeliveryHash delivery(layout.devices());
  delivery.AddLog(log.records(), backend);
  log.Drain();
  const double build_s = Seconds(start);
  // Subscribers as built (the run changes them: CLR-4 clears a logged-out
  // account's subscriptions).
  std::vector<uint32_t> built_subscribers(n);
  for (sim::AccountId a = 0; a < n; ++a) {
    built_subscribers[a] = static_cast<uint32_t>(backend.SubscribersOf(a).size());
  }
  ProgressBar::Clear();
  std::printf("built in %.2f s: %" PRIu64 " subscriptions, %" PRIu64 " devices\n", build_s,
              layout.subscriptions, layout.devices());
  std::fflush(stdout);

  const auto run_start = Clock::now();
  const uint64_t changes_before = backend.changes();
  const uint64_t delivered_before = log.delivered();
  const sim::Millis time_before = backend.now();
  const uint64_t target = w.load.changes;
  const sim::Millis until = w.load.duration > 0 ? time_before + w.load.duration : INT64_MAX;
  sim::ShapedWorkload workload(&backend, w, layout);
  meter.Start(&backend);
  constexpr size_t kDrainAt = 1 << 16;  // records; keeps the log small
  uint64_t next_report = 0;
  while (target == 0 || backend.changes() - changes_before < target) {
    const std::optional<sim::Millis> due = workload.NextDue();
    if (!due || *due > until) break;
    workload.Step();
    meter.Sample(0);
    if (log.records().size() >= kDrainAt) {
      delivery.AddLog(log.records(), backend);
      log.Drain();
    }
    if (workload.actions() >= next_report) {
      const double by_changes = target ? static_cast<double>(backend.changes() - changes_before) /
                                             static_cast<double>(target)
                                       : 0;
      const double by_time = w.load.duration ? static_cast<double>(backend.now() - time_before) /
                                                   static_cast<double>(w.load.duration)
                                             : 0;
      ProgressBar::Show("running", std::max(by_changes, by_time));
      next_report = workload.actions() + 4096;
    }
  }
  if (until != INT64_MAX && backend.now() < until) backend.AdvanceTo(until);
  meter.Sample(0);
  delivery.AddLog(log.records(), backend);
  log.Drain();
  const double run_s = Seconds(run_start);
  ProgressBar::Clear();

  const uint64_t changes = backend.changes() - changes_before;
  const uint64_t deliveries = log.delivered() - delivered_before;
  const double safe_s = run_s > 0 ? run_s : 1e-9;
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016" PRIx64, log.hash());

  // The report's figures.
  const auto report_start = Clock::now();
  report.world_name = w.name;
  report.world_file = f.world;
  report.seed = w.seed;
  Describe(w, app, &report);
  report.accounts = n;
  report.devices = layout.devices();
  report.subscriptions = layout.subscriptions;
  for (sim::AccountId a = 0; a < n; ++a) report.friend_links += backend.FriendsOf(a).size();
  report.actions = workload.actions();
  const sim::ActionCounts& c = workload.counts();
  report.action_counts = {{"set", c.sets},
                          {"logout", c.logouts},
                          {"login", c.logins},
                          {"silent_disconnect", c.silent},
                          {"closing_disconnect", c.closing},
                          {"reconnect", c.reconnects},
                          {"stayed_lost", c.stayed_lost},
                          {"storm_login", c.storm_logins}};
  report.virtual_ms = backend.now() - time_before;
  report.changes = changes;
  report.deliveries = deliveries;
  report.kicks = meter.kicks();
  report.log_hash = hash;
  report.delivery_hash = fmt::format("{:016x}", delivery.Combined());
  for (const sim::CapacityMeter::Second& s : meter.seconds()) {
    report.changes_per_s.push_back(s.changes);
    report.deliveries_per_s.push_back(s.deliveries);
    report.pending_per_s.push_back(s.pending_max);
  }
  const auto& hist = meter.fanout_histogram();
  size_t last = 0;
  for (size_t k = 0; k < hist.size(); ++k) {
    if (hist[k] > 0) last = k;
  }
  report.fanout_histogram.assign(hist.begin(), hist.begin() + static_cast<ptrdiff_t>(last + 1));
  report.max_fanout = meter.max_fanout();
  report.max_fanout_account = meter.max_fanout_account() == sim::kNoId
                                  ? ""
                                  : sim::AccountName(w, meter.max_fanout_account());
  report.max_fanout_at_ms = meter.max_fanout_at() - time_before;
  report.peak_pending = meter.peak_pending();
  report.peak_pending_at_ms = meter.peak_pending_at() - time_before;
  {
    std::vector<sim::AccountId> order(n);
    for (sim::AccountId a = 0; a < n; ++a) order[a] = a;
    const auto& load = meter.by_account();
    const size_t top = std::min<size_t>(10, n);
    std::partial_sort(order.begin(), order.begin() + static_cast<ptrdiff_t>(top), order.end(),
                      [&](sim::AccountId a, sim::AccountId b) {
                        if (load[a].deliveries != load[b].deliveries) {
                          return load[a].deliveries > load[b].deliveries;
                        }
                        return a < b;
                      });
    for (size_t i = 0; i < top; ++i) {
      const sim::AccountId a = order[i];
      if (load[a].deliveries == 0) break;
      report.top.push_back({sim::AccountName(w, a), built_subscribers[a],
                            backend.FriendsOf(a).size(), layout.DeviceCount(a), load[a].changes,
                            load[a].deliveries});
    }
  }
  const reports::SeriesStats dps = reports::StatsOf(report.deliveries_per_s);
  const reports::SeriesStats cps = reports::StatsOf(report.changes_per_s);
  report.build_s = build_s;
  report.run_s = run_s;
  report.report_s = Seconds(report_start);
  report.peak_rss = PeakRss();
  sample("end");

  std::printf("ran %" PRIu64 " actions to virtual time %.1f s\n", workload.actions(),
              static_cast<double>(backend.now()) / 1000.0);
  std::printf("changes:      %" PRIu64 "\n", changes);
  std::printf("deliveries:   %" PRIu64 " (%.1f per change)\n", deliveries,
              changes ? static_cast<double>(deliveries) / static_cast<double>(changes) : 0.0);
  std::printf("per virtual second: changes mean %.0f, p99 %" PRIu64 ", max %" PRIu64
              "; deliveries mean %.0f, p99 %" PRIu64 ", max %" PRIu64 " (at %" PRIu64 " s)\n",
              cps.mean, cps.p99, cps.max, dps.mean, dps.p99, dps.max, dps.max_at);
  std::printf("largest change: %" PRIu64 " deliveries (%s); peak pending timers %" PRIu64 "\n",
              report.max_fanout, report.max_fanout_account.c_str(), report.peak_pending);
  std::printf("changes/s:    %.0f\n", static_cast<double>(changes) / safe_s);
  std::printf("deliveries/s: %.0f\n", static_cast<double>(deliveries) / safe_s);
  std::printf("wall time:    %.2f s (build %.2f s, run %.2f s, report %.2f s)\n",
              build_s + run_s + report.report_s, build_s, run_s, report.report_s);
  std::printf("peak memory:  %.1f MB = %.3f GiB (ru_maxrss)\n",
              static_cast<double>(PeakRss()) / 1e6,
              static_cast<double>(PeakRss()) / (1024.0 * 1024 * 1024));
  std::printf("log hash:     %s\n", hash);
  std::printf("delivery hash: %016" PRIx64 " (per device, independent of ranks)\n",
              delivery.Combined());
  std::fflush(stdout);

  int rc = 0;
  auto write = [&](const std::string& path, const std::string& content) {
    if (path.empty()) return;
    const harness::Status st = reports::WriteFileAtomic(path, content);
    if (!st.ok()) {
      std::fprintf(stderr, "statussim scale: %s\n", st.message().c_str());
      rc = 2;
    }
  };
  write(f.json, reports::CapacityJson(report));
  write(f.html, reports::CapacityHtml(report));
  return rc;
}

}  // namespace statussim::app
