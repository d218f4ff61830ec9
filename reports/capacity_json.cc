// The capacity report as JSON (reports/capacity.h). Keys keep their insertion
// order (ordered_json) so that the bytes are stable; wall time and memory are
// only under "wall".
#include <algorithm>
#include <nlohmann/json.hpp>

#include "reports/capacity.h"

namespace statussim::reports {
namespace {

using Json = nlohmann::ordered_json;

Json Pairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
  Json out = Json::object();
  for (const auto& [k, v] : pairs) out[k] = v;
  return out;
}

Json Stats(const std::vector<uint64_t>& series) {
  const SeriesStats s = StatsOf(series);
  return Json{{"mean", s.mean}, {"p99", s.p99}, {"max", s.max}, {"max_at_s", s.max_at}};
}

}  // namespace

SeriesStats StatsOf(const std::vector<uint64_t>& series) {
  SeriesStats s;
  if (series.empty()) return s;
  double sum = 0;
  for (size_t i = 0; i < series.size(); ++i) {
    sum += static_cast<double>(series[i]);
    if (series[i] > s.max) {
      s.max = series[i];
      s.max_at = i;
    }
  }
  s.mean = sum / static_cast<double>(series.size());
  std::vector<uint64_t> sorted = series;
  // Nearest rank: the smallest value with at least 99% of the seconds at or below it.
  const size_t rank = (series.size() * 99 + 99) / 100;  // ceil(0.99 n)
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<ptrdiff_t>(rank - 1), sorted.end());
  s.p99 = sorted[rank - 1];
  return s;
}

std::string CapacityJson(const CapacityReport& r) {
  Json root;
  root["format"] = "statussim-capacity/1";
  root["world"] = Json{{"name", r.world_name},
                       {"file", r.world_file},
                       {"seed", r.seed},
                       {"spec", Pairs(r.world)},
                       {"accounts", r.accounts},
                       {"devices", r.devices},
                       {"subscriptions", r.subscriptions},
                       {"friend_links", r.friend_links}};
  root["app"] = Pairs(r.app);
  root["load"] = Pairs(r.load);
  const double per_change =
      r.changes ? static_cast<double>(r.deliveries - r.kicks) / static_cast<double>(r.changes) : 0;
  root["headline"] = Json{
      {"virtual_seconds", static_cast<double>(r.virtual_ms) / 1000.0},
      {"actions", r.actions},
      {"changes", r.changes},
      {"deliveries", r.deliveries},
      {"kicks", r.kicks},
      {"deliveries_per_change", per_change},
      {"changes_per_virtual_second", Stats(r.changes_per_s)},
      {"deliveries_per_virtual_second", Stats(r.deliveries_per_s)},
      {"max_fanout", Json{{"deliveries", r.max_fanout},
                          {"account", r.max_fanout_account},
                          {"at_ms", r.max_fanout_at_ms}}},
      {"peak_pending_timers", Json{{"timers", r.peak_pending}, {"at_ms", r.peak_pending_at_ms}}},
      {"log_hash", r.log_hash},
      {"delivery_hash", r.delivery_hash}};
  Json actions = Json::object();
  for (const auto& [k, v] : r.action_counts) actions[k] = v;
  root["actions"] = actions;
  root["per_virtual_second"] = Json{{"changes", r.changes_per_s},
                                    {"deliveries", r.deliveries_per_s},
                                    {"pending_timers_max", r.pending_per_s}};
  Json hist = Json::array();
  for (size_t k = 0; k < r.fanout_histogram.size(); ++k) {
    const uint64_t from = k == 0 ? 0 : uint64_t{1} << (k - 1);
    const uint64_t to = k == 0 ? 0 : (uint64_t{1} << k) - 1;
    hist.push_back(Json{{"from", from}, {"to", to}, {"changes", r.fanout_histogram[k]}});
  }
  root["deliveries_per_change"] = hist;
  Json top = Json::array();
  for (const TopAccount& t : r.top) {
    top.push_back(Json{{"account", t.name},
                       {"subscribers", t.subscribers},
                       {"friends", t.friends},
                       {"devices", t.devices},
                       {"changes", t.changes},
                       {"deliveries", t.deliveries}});
  }
  root["top_accounts"] = top;
  Json memory = Json::array();
  for (const MemorySample& m : r.memory) {
    memory.push_back(Json{{"phase", m.phase}, {"at_s", m.seconds}, {"rss_bytes", m.rss}});
  }
  const double run = r.run_s > 0 ? r.run_s : 1e-9;
  root["wall"] = Json{{"build_s", r.build_s},
                      {"run_s", r.run_s},
                      {"report_s", r.report_s},
                      {"changes_per_s", static_cast<double>(r.changes) / run},
                      {"deliveries_per_s", static_cast<double>(r.deliveries) / run},
                      {"peak_rss_bytes", r.peak_rss},
                      {"memory", memory}};
  return root.dump(1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace statussim::reports
