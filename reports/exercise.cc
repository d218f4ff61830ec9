#include "reports/exercise.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace statussim::reports {

std::string RenderExerciseText(const ExerciseReport& report) {
  const harness::ExerciseTally& t = report.tally;
  const bool declared = report.declared.size() == t.rules.size();
  std::string out =
      declared ? fmt::format("{:<8} {:>9} {:>6} {:>10} {:>8}\n", "rule", "exercised", "%", "hits",
                             "declared")
               : fmt::format("{:<8} {:>9} {:>6} {:>10}\n", "rule", "exercised", "%", "hits");
  for (size_t i = 0; i < t.rules.size(); ++i) {
    const harness::RuleExercise& r = t.rules[i];
    const double share = t.scenarios == 0 ? 0.0
                                          : 100.0 * static_cast<double>(r.scenarios) /
                                                static_cast<double>(t.scenarios);
    out += fmt::format("{:<8} {:>9} {:>5.1f}% {:>10}", r.rule, r.scenarios, share, r.hits);
    if (declared) out += fmt::format(" {:>8}", report.declared[i]);
    if (r.scenarios == 0) out += "  NOT EXERCISED";
    out += "\n";
  }
  for (const CoversGap& g : report.gaps) {
    std::string rules;
    for (const std::string& r : g.rules) rules += (rules.empty() ? "" : ", ") + r;
    out += fmt::format("covers, not exercised: {}: {} ({})\n", g.file, rules, g.scenario);
  }
  const std::vector<std::string> missing = t.Unexercised();
  out += fmt::format("{} of {} rules exercised in the model by {} scenario(s)",
                     t.rules.size() - missing.size(), t.rules.size(), t.scenarios);
  if (!report.gaps.empty()) {
    out += fmt::format("; {} scenario(s) name rules they do not exercise", report.gaps.size());
  }
  out += "\n";
  return out;
}

std::string RenderExerciseJson(const ExerciseReport& report) {
  const harness::ExerciseTally& t = report.tally;
  const bool declared = report.declared.size() == t.rules.size();
  nlohmann::ordered_json j;
  j["format"] = "statussim-exercise";
  j["version"] = 1;
  j["scenarios"] = t.scenarios;
  j["rules"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < t.rules.size(); ++i) {
    nlohmann::ordered_json r = {
        {"rule", t.rules[i].rule}, {"scenarios", t.rules[i].scenarios}, {"hits", t.rules[i].hits}};
    if (declared) r["declared"] = report.declared[i];
    j["rules"].push_back(std::move(r));
  }
  j["unexercised"] = t.Unexercised();
  j["covers_not_exercised"] = nlohmann::ordered_json::array();
  for (const CoversGap& g : report.gaps) {
    j["covers_not_exercised"].push_back(
        {{"scenario", g.scenario}, {"file", g.file}, {"rules", g.rules}});
  }
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace statussim::reports
