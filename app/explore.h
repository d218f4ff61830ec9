// `statussim explore`: generated scenarios run on the reference and on a
// client; a divergence is shrunk to a scenario file (harness/explore.h,
// docs/explore.md). `--merge` combines the summaries of shards.
#ifndef STATUSSIM_APP_EXPLORE_H_
#define STATUSSIM_APP_EXPLORE_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace statussim::app {

struct ExploreFlags {
  std::string client;          // --client (one)
  uint64_t seed = 1;           // --seed: the first seed
  uint64_t runs = 1000;        // --runs
  double time = 0;             // --time SECONDS (0: not set)
  std::string seed_range;      // --seed-range A..B
  std::string shard;           // --shard K/N (0-based K)
  std::string out;             // --out DIR
  std::string summary;         // --summary FILE
  int max_steps = 40;          // --max-steps
  int max_accounts = 5;        // --max-accounts
  int max_devices = 5;         // --max-devices
  int shrink_budget = 2000;    // --shrink-budget
  uint64_t max_divergences = 1;  // --max-divergences (0: no limit)
  int jobs = 1;                // -j
  double client_timeout = 10;  // --client-timeout
  bool client_reuse = false;   // --client-reuse
  bool quiet = false;          // -q
  std::vector<std::string> merge;  // --merge FILE...
};

CLI::App* AddExploreCommand(CLI::App* cli, ExploreFlags* flags);
int CmdExplore(const ExploreFlags& flags, const std::atomic<bool>* stop);

}  // namespace statussim::app

#endif  // STATUSSIM_APP_EXPLORE_H_
