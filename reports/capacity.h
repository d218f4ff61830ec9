// The capacity report of `statussim scale`: what a world cost, as plain data
// (filled by app/scale.cc from the run) and its two renderings, JSON and a
// self-contained HTML page with inline SVG plots.
//
// Invariants:
//  - Everything outside `wall` is a function of the world and the seed: two
//    runs of one world file and seed give byte-identical JSON once the
//    "wall" object is removed. Wall time and memory live only in `wall`.
//  - The HTML page loads nothing: no script, font, image or style from
//    anywhere else.
#ifndef STATUSSIM_REPORTS_CAPACITY_H_
#define STATUSSIM_REPORTS_CAPACITY_H_

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace statussim::reports {

// mean, p99 and max of a per-second series.
struct SeriesStats {
  double mean = 0;
  uint64_t p99 = 0;  // nearest rank
  uint64_t max = 0;
  uint64_t max_at = 0;  // the second (from the run's start) of the first max
};
SeriesStats StatsOf(const std::vector<uint64_t>& series);

struct TopAccount {
  std::string name;
  uint64_t subscribers = 0;  // as built (the run may clear some: CLR-4)
  uint64_t friends = 0;      // at the end of the run
  uint64_t devices = 0;
  uint64_t changes = 0;     // its status changes during the run
  uint64_t deliveries = 0;  // items they pushed
};

struct MemorySample {
  std::string phase;   // the build phase just finished ("accounts", ...), or "run", "end"
  double seconds = 0;  // wall time since the build began
  uint64_t rss = 0;    // resident bytes then
};

struct CapacityReport {
  // The world, as described (key, value), in a fixed order.
  std::string world_name;
  std::string world_file;  // "" for flags only
  uint64_t seed = 0;
  std::vector<std::pair<std::string, std::string>> world;  // e.g. {"devices", "fixed 2"}
  std::vector<std::pair<std::string, std::string>> app;    // tier, switches, caps
  std::vector<std::pair<std::string, std::string>> load;   // mean gap, mix, storm, ...
  // What was built.
  uint64_t accounts = 0;
  uint64_t devices = 0;
  uint64_t subscriptions = 0;  // edges held
  uint64_t friend_links = 0;   // friendships counted from both ends
  // The run.
  uint64_t actions = 0;
  std::vector<std::pair<std::string, uint64_t>> action_counts;  // by kind
  int64_t virtual_ms = 0;                                       // virtual time the run covered
  uint64_t changes = 0;
  uint64_t deliveries = 0;  // pushed items and kicks
  uint64_t kicks = 0;
  std::string log_hash;  // 16 hex digits
  std::string delivery_hash;  // 16 hex digits: per device, independent of ranks (sim/delivery_hash.h)
  // Per virtual second from the run's start.
  std::vector<uint64_t> changes_per_s;
  std::vector<uint64_t> deliveries_per_s;
  std::vector<uint64_t> pending_per_s;  // most timers pending at a sample in that second
  // Deliveries per change: bucket 0 = none, k = [2^(k-1), 2^k).
  std::vector<uint64_t> fanout_histogram;
  uint64_t max_fanout = 0;  // deliveries of the largest single change
  std::string max_fanout_account;
  int64_t max_fanout_at_ms = 0;
  uint64_t peak_pending = 0;  // timers (backend and workload) at the highest sample
  int64_t peak_pending_at_ms = 0;
  std::vector<TopAccount> top;  // by deliveries, then name
  // Wall time and memory: not deterministic.
  double build_s = 0;
  double run_s = 0;
  double report_s = 0;  // gathering the figures above
  uint64_t peak_rss = 0;
  std::vector<MemorySample> memory;
};

// JSON (one object, keys in a fixed order, 2-space indented).
std::string CapacityJson(const CapacityReport& r);
// The page.
std::string CapacityHtml(const CapacityReport& r);

}  // namespace statussim::reports

#endif  // STATUSSIM_REPORTS_CAPACITY_H_
