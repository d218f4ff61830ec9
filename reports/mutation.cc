// Reports of the mutation check: the kill matrix (mutant x scenario) and the
// score, as text, JSON and a self-contained HTML page.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>

#include "reports/format_internal.h"
#include "reports/mutation.h"

namespace statussim::reports {
namespace {

using internal::EscapeHtml;

}  // namespace

std::string RenderMutationText(const harness::MutationResults& m) {
  std::string out;
  for (const harness::MutantResult& r : m.mutants) {
    if (r.killed()) {
      out += fmt::format("  killed    {:<36} {:<7} by {} scenario(s), first: {}\n", r.name, r.rule,
                         r.killed_by.size(), m.scenarios[r.killed_by.front()]);
    } else {
      out += fmt::format("  SURVIVED  {:<36} {:<7} {}\n", r.name, r.rule, r.description);
    }
  }
  for (const std::string& f : m.reference_failures) {
    out += fmt::format("  warning: '{}' fails on the reference model and kills nothing\n", f);
  }
  out += fmt::format("mutation score: {} of {} mutants killed\n", m.killed, m.mutants.size());
  return out;
}

std::string RenderMutationJson(const harness::MutationResults& m, const ReportOptions& options) {
  nlohmann::ordered_json j;
  j["format"] = "statussim-mutation";
  j["version"] = 1;
  j["score"] = {{"killed", m.killed}, {"total", m.mutants.size()}};
  j["scenarios"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < m.scenarios.size(); ++i) {
    j["scenarios"].push_back({{"name", m.scenarios[i]}, {"file", m.files[i]}});
  }
  j["reference_failures"] = m.reference_failures;
  j["mutants"] = nlohmann::ordered_json::array();
  for (const harness::MutantResult& r : m.mutants) {
    nlohmann::ordered_json killed_by = nlohmann::ordered_json::array();
    for (size_t i : r.killed_by) killed_by.push_back(m.scenarios[i]);
    j["mutants"].push_back({{"name", r.name},
                            {"rule", r.rule},
                            {"description", r.description},
                            {"killed", r.killed()},
                            {"killed_by", killed_by}});
  }
  if (options.include_wall_times) j["timing"] = {{"wall_seconds", m.wall_seconds}};
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string RenderMutationHtml(const harness::MutationResults& m, const ReportOptions&) {
  std::string h;
  h += "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>statussim mutation "
       "check</title><style>"
       "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2430;background:#f6f7f9}"
       "h1{margin:0 0 4px}.score{font-size:20px;margin:8px 0 16px}"
       ".ok{color:#137333}.bad{color:#b3261e}"
       "table{border-collapse:collapse;background:#fff}td,th{padding:3px 8px;border-bottom:1px "
       "solid #e3e6ea;text-align:left;vertical-align:top}"
       ".m td.cells{padding:3px 4px;line-height:0}"
       ".c{display:inline-block;width:7px;height:12px;margin:0 1px 1px 0;background:#e3e6ea}"
       ".c.k{background:#d93025}tr.surv{background:#fff4e5}"
       "code{font-size:12px}</style></head><body>";
  h += "<h1>Mutation check</h1>";
  const bool all = m.killed == static_cast<int>(m.mutants.size());
  h += fmt::format("<div class=\"score {}\">{} of {} mutants killed</div>", all ? "ok" : "bad",
                   m.killed, m.mutants.size());
  h += "<p>Each mutant is the model with one planted bug. A red cell: that scenario (in suite "
       "order, hover for its name) fails on the mutant, so it would catch that bug. A mutant "
       "no scenario kills means a missing scenario.</p>";
  h += "<table class=\"m\"><tr><th>mutant</th><th>rule</th><th>planted bug</th><th>kills</th>"
       "<th>scenarios (suite order)</th></tr>";
  for (const harness::MutantResult& r : m.mutants) {
    h += fmt::format("<tr class=\"{}\"><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td>"
                     "<td class=\"cells\">",
                     r.killed() ? "" : "surv", EscapeHtml(r.name), EscapeHtml(r.rule),
                     EscapeHtml(r.description), r.killed() ? std::to_string(r.killed_by.size())
                                                       : "<b class=\"bad\">survived</b>");
    size_t k = 0;
    for (size_t i = 0; i < m.scenarios.size(); ++i) {
      const bool killed = k < r.killed_by.size() && r.killed_by[k] == i;
      if (killed) ++k;
      h += fmt::format("<span class=\"c{}\" title=\"{}\"></span>", killed ? " k" : "",
                       EscapeHtml(m.scenarios[i]));
    }
    h += "</td></tr>";
  }
  h += "</table>";
  if (!m.reference_failures.empty()) {
    h += "<p class=\"bad\">Scenarios failing on the reference model (they kill nothing):</p><ul>";
    for (const std::string& f : m.reference_failures) h += "<li>" + EscapeHtml(f) + "</li>";
    h += "</ul>";
  }
  h += "</body></html>\n";
  return h;
}

}  // namespace statussim::reports
