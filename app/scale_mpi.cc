// statussim_mpi: `statussim scale` partitioned over MPI ranks (docs/scaling.md
// section 3). Each rank holds the accounts homed on it (sim/partition.h) and
// runs windows of virtual time; after each window the ranks' change records
// are exchanged with MPI_Allgatherv and every rank fans them out to its own
// recipients. Prints, on rank 0, the figures of `statussim scale`, per rank
// deliveries per second and the exchange's share of the time, and the
// delivery hash, which equals `statussim scale`'s for the same flags
// whatever the number of ranks.
//
//   mpirun -n 4 statussim_mpi --accounts 100000 --changes 1000000 --seed 1
#include <mpi.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "sim/partition.h"
#include "sim/workload.h"

namespace statussim::app {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU time of the calling thread, in seconds: on a shared machine the wall
// time also counts the other jobs' turns.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

uint64_t PeakRss() {  // bytes (Linux: ru_maxrss in KiB)
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;
}

struct Flags {  // as `statussim scale` (app/scale.h), plus the window
  int64_t accounts = 100'000;
  int64_t subscriptions = 10;
  int64_t devices = 2;
  int64_t friends = 0;
  int64_t changes = 1'000'000;
  int64_t seed = 1;
  int64_t mean_gap_ms = 60'000;
  int64_t window_ms = 10'000;
};

// The checks of `statussim scale`; empty when the flags are fine.
std::string Check(const Flags& f) {
  if (f.accounts < 1 || f.accounts > UINT32_MAX - 1) {
    return "--accounts must be between 1 and 4294967294";
  }
  if (f.devices < 1 || f.devices > 64) return "--devices-per-account must be between 1 and 64";
  if (f.accounts * f.devices >= int64_t{UINT32_MAX}) {
    return "--accounts x --devices-per-account must stay below 4294967295 devices";
  }
  if (f.subscriptions < 0 || f.subscriptions > f.accounts - 1) {
    return "--subscriptions-per-account must be between 0 and accounts - 1";
  }
  if (f.friends < 0 || f.friends > f.accounts - 1) {
    return "--friends-per-account must be between 0 and accounts - 1";
  }
  if (f.changes < 0) return "--changes must not be negative";
  if (f.seed < 0) return "--seed must not be negative";
  if (f.mean_gap_ms < 1) return "--mean-gap-ms must be at least 1";
  if (f.window_ms < 1) return "--window-ms must be at least 1";
  return "";
}

// Per rank, gathered on rank 0.
enum Figure {
  kAccounts,
  kDeliveries,
  kEvents,
  kLocalChanges,
  kBuild,
  kRun,
  kLocal,
  kExchange,
  kDeliver,
  kWords,
  kRss,
  kCpuRun,
  kCpuExchange,
  kFigures
};

int Run(int rank, int ranks, int argc, char** argv) {
  Flags f;
  CLI::App cli{
      "statussim_mpi: `statussim scale` partitioned over MPI ranks (docs/scaling.md section 3).\n"
      "Run it with mpirun -n P; the delivery hash is statussim scale's for the same flags,\n"
      "whatever P.",
      "statussim_mpi"};
  cli.add_option("--accounts", f.accounts, "Accounts N (default 100000)");
  cli.add_option("--subscriptions-per-account", f.subscriptions,
                 "Random subscriptions K of each account (default 10)");
  cli.add_option("--devices-per-account", f.devices,
                 "Devices D of each account, all logged in (default 2)");
  cli.add_option("--friends-per-account", f.friends,
                 "About F mutual friends per account (default 0)");
  cli.add_option("--changes", f.changes, "Run until C status changes happened (default 1000000)");
  cli.add_option("--seed", f.seed, "Seed of every random choice (default 1)");
  cli.add_option("--mean-gap-ms", f.mean_gap_ms,
                 "Mean virtual milliseconds between two actions of one account (default 60000)");
  cli.add_option("--window-ms", f.window_ms,
                 "Virtual milliseconds between two exchanges (default 10000; the results do not "
                 "depend on it)");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return rank == 0 ? cli.exit(e) : 0;
  } catch (const CLI::ParseError& e) {
    if (rank == 0) cli.exit(e);
    return 2;
  }
  if (const std::string problem = Check(f); !problem.empty()) {
    if (rank == 0) std::fprintf(stderr, "statussim_mpi: %s\n", problem.c_str());
    return 2;
  }

  sim::WorldSpec w;
  w.accounts = static_cast<uint32_t>(f.accounts);
  w.subscriptions_per_account = static_cast<uint32_t>(f.subscriptions);
  w.devices_per_account = static_cast<uint32_t>(f.devices);
  w.friends_per_account = static_cast<uint32_t>(f.friends);
  w.seed = static_cast<uint64_t>(f.seed);
  sim::WorkloadSpec spec;
  spec.mean_gap = f.mean_gap_ms;
  if (rank == 0) {
    std::printf("world: %u accounts x %u subscriptions x %u devices, %u friends each; seed %" PRIu64
                "\n",
                w.accounts, w.subscriptions_per_account, w.devices_per_account,
                w.friends_per_account, w.seed);
    std::printf("ranks: %d (MPI), window %" PRId64 " virtual ms\n", ranks, f.window_ms);
    std::fflush(stdout);
  }

  const auto start = Clock::now();
  sim::PartitionRank part(w, spec, static_cast<uint64_t>(f.changes), static_cast<uint32_t>(rank),
                          static_cast<uint32_t>(ranks));
  part.Build();
  const double build_s = Seconds(start);
  MPI_Barrier(MPI_COMM_WORLD);

  const auto run_start = Clock::now();
  const double cpu_start = CpuSeconds();
  double local_s = 0, exchange_s = 0, deliver_s = 0, cpu_exchange_s = 0;
  std::vector<uint64_t> mine, all;
  std::vector<int> counts(static_cast<size_t>(ranks)), displs(static_cast<size_t>(ranks));
  for (sim::Millis end = f.window_ms; !part.done(); end += f.window_ms) {
    auto t = Clock::now();
    mine.clear();
    part.RunWindow(end, &mine);
    local_s += Seconds(t);
    t = Clock::now();
    const double cpu_t = CpuSeconds();
    if (mine.size() > INT32_MAX) {
      std::fprintf(stderr,
                   "statussim_mpi: a window of over 2^31 words: use a smaller --window-ms\n");
      MPI_Abort(MPI_COMM_WORLD, 1);
    }
    const int n = static_cast<int>(mine.size());
    MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    int64_t total = 0;
    for (int r = 0; r < ranks; ++r) {
      displs[static_cast<size_t>(r)] = static_cast<int>(total);
      total += counts[static_cast<size_t>(r)];
      if (total > INT32_MAX) {
        std::fprintf(stderr,
                     "statussim_mpi: a window of over 2^31 words: use a smaller --window-ms\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
      }
    }
    all.resize(static_cast<size_t>(total));
    MPI_Allgatherv(mine.data(), n, MPI_UINT64_T, all.data(), counts.data(), displs.data(),
                   MPI_UINT64_T, MPI_COMM_WORLD);
    exchange_s += Seconds(t);
    cpu_exchange_s += CpuSeconds() - cpu_t;
    t = Clock::now();
    part.Deliver(all);
    deliver_s += Seconds(t);
  }
  const double run_s = Seconds(run_start);
  const double cpu_run_s = CpuSeconds() - cpu_start;

  const sim::PartitionStats& s = part.stats();
  uint64_t hash_part = part.DeliveryHashPart(), hash = 0;
  MPI_Reduce(&hash_part, &hash, 1, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
  double figures[kFigures] = {};
  figures[kAccounts] = part.local_accounts();
  figures[kDeliveries] = static_cast<double>(s.deliveries);
  figures[kEvents] = static_cast<double>(s.local_events);
  figures[kLocalChanges] = static_cast<double>(s.local_changes);
  figures[kBuild] = build_s;
  figures[kRun] = run_s;
  figures[kLocal] = local_s;
  figures[kExchange] = exchange_s;
  figures[kDeliver] = deliver_s;
  figures[kWords] = static_cast<double>(s.words_sent);
  figures[kRss] = static_cast<double>(PeakRss());
  figures[kCpuRun] = cpu_run_s;
  figures[kCpuExchange] = cpu_exchange_s;
  std::vector<double> every(static_cast<size_t>(kFigures * ranks));
  MPI_Gather(figures, kFigures, MPI_DOUBLE, every.data(), kFigures, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  if (rank != 0) return 0;

  auto at = [&](int r, Figure fig) { return every[static_cast<size_t>(r * kFigures + fig)]; };
  double deliveries = 0, build_max = 0, run_max = 0, exchange_max = 0, words = 0, rss = 0;
  for (int r = 0; r < ranks; ++r) {
    deliveries += at(r, kDeliveries);
    build_max = std::max(build_max, at(r, kBuild));
    run_max = std::max(run_max, at(r, kRun));
    exchange_max = std::max(exchange_max, at(r, kExchange));
    words += at(r, kWords);
    rss += at(r, kRss);
  }
  const double safe_run = run_max > 0 ? run_max : 1e-9;
  std::printf("built in %.2f s (slowest rank)\n", build_max);
  std::printf("ran %" PRIu64 " actions to virtual time %.1f s in %" PRIu64 " windows\n", s.actions,
              static_cast<double>(s.end_time) / 1000.0, s.windows);
  std::printf("changes:      %" PRIu64 "\n", s.changes);
  std::printf("deliveries:   %.0f (%.1f per change)\n", deliveries,
              s.changes ? deliveries / static_cast<double>(s.changes) : 0.0);
  std::printf("changes/s:    %.0f\n", static_cast<double>(s.changes) / safe_run);
  std::printf("deliveries/s: %.0f (all ranks)\n", deliveries / safe_run);
  std::printf("wall time:    %.2f s (build %.2f s, run %.2f s; slowest rank)\n",
              build_max + run_max, build_max, run_max);
  std::printf("exchanged:    %.1f MB of change records (%.0f bytes per change)\n", words * 8 / 1e6,
              s.changes ? words * 8 / static_cast<double>(s.changes) : 0.0);
  std::printf("peak memory:  %.1f MB, all ranks (ru_maxrss summed)\n", rss / 1e6);
  for (int r = 0; r < ranks; ++r) {
    const double run = at(r, kRun) > 0 ? at(r, kRun) : 1e-9;
    const double cpu = at(r, kCpuRun) > 0 ? at(r, kCpuRun) : 1e-9;
    std::printf(
        "rank %d: %.0f accounts, %.0f deliveries = %.0f/s; run %.2f s = local events %.0f%%, "
        "exchange %.0f%%, fan-out %.0f%%; CPU %.2f s (exchange %.0f%%) = %.0f deliveries per "
        "CPU s; peak %.1f MB\n",
        r, at(r, kAccounts), at(r, kDeliveries), at(r, kDeliveries) / run, at(r, kRun),
        100 * at(r, kLocal) / run, 100 * at(r, kExchange) / run, 100 * at(r, kDeliver) / run, cpu,
        100 * at(r, kCpuExchange) / cpu, at(r, kDeliveries) / cpu, at(r, kRss) / 1e6);
  }
  std::printf("exchange:     %.1f%% of the run on the slowest rank (waiting for others included)\n",
              100 * exchange_max / safe_run);
  std::printf("delivery hash: %016" PRIx64 " (per device, independent of ranks)\n", hash);
  return 0;
}

}  // namespace
}  // namespace statussim::app

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  const int rc = statussim::app::Run(rank, ranks, argc, argv);
  MPI_Finalize();
  return rc;
}
