// results.json: everything the run produced, for scripts and CI gates. Keys
// keep their insertion order (ordered_json) so the bytes are stable; only the
// `timing` object (present only when wall times are asked for) varies between
// two runs of the same suite. Step numbers are 1-based, as in every report.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reports/format_internal.h"
#include "reports/reports.h"

namespace statussim::reports {
namespace {

using harness::Finding;
using harness::RunResults;
using harness::ScenarioResult;
using harness::TraceEntry;
using Json = nlohmann::ordered_json;

// A 0-based step index as a 1-based step number, null for "none" / "end".
Json StepNumber(int step_index) { return step_index >= 0 ? Json(step_index + 1) : Json(nullptr); }

Json FindingJson(const Finding& finding) {
  return Json{{"step", StepNumber(finding.step_index)},
              {"repeat", finding.repeat},
              {"line", finding.where.line},
              {"column", finding.where.column},
              {"time_ms", finding.time},
              {"device", finding.device},
              {"what", finding.what},
              {"expected", finding.expected},
              {"actual", finding.actual},
              {"diff", finding.diff}};
}

Json TraceJson(const TraceEntry& entry) {
  return Json{{"t", entry.time},
              {"kind", harness::TraceKindName(entry.kind)},
              {"step", StepNumber(entry.step_index)},
              {"device", entry.device},
              {"text", entry.text}};
}

Json ScenarioJson(const ScenarioResult& scenario) {
  Json findings = Json::array();
  for (const Finding& finding : scenario.findings) findings.push_back(FindingJson(finding));
  Json trace = Json::array();
  for (const TraceEntry& entry : scenario.trace) trace.push_back(TraceJson(entry));
  Json out{{"name", scenario.name},
              {"file", scenario.file},
              {"folder", scenario.folder},
              {"client", scenario.client},
              {"verdict", harness::VerdictName(scenario.verdict)},
              {"outcome", harness::OutcomeName(scenario.outcome)},
              {"covers", scenario.covers},
              {"tags", scenario.tags},
              {"devices", scenario.devices},
              {"virtual_duration_ms", scenario.virtual_duration},
              {"steps_total", scenario.steps_total},
              {"steps_run", scenario.steps_run},
              {"trace_sha256", scenario.trace_sha256},
              {"findings", std::move(findings)},
              {"error", scenario.error},
              {"client_log_tail", scenario.client_log_tail},
              {"trace", std::move(trace)}};
  if (!scenario.repeat_outcomes.empty()) {
    out["flaky"] = scenario.flaky;
    out["repeat_outcomes"] = scenario.repeat_outcomes;
  }
  if (const auto& k = scenario.known_failure) {
    out["expectation"] = Json{{"file", k->file},         {"line", k->line},
                              {"rules", k->rules},       {"reason", k->reason},
                              {"evidence", k->evidence}, {"findings", k->findings},
                              {"note", scenario.outcome_note}};
  }
  return out;
}

// Per SPEC rule, in SPEC order: the names of the scenarios that cover it
// (each name once, however many clients ran it).
Json RulesJson(const RunResults& run) {
  Json rules = Json::array();
  for (const std::string& id : run.rule_ids) {
    std::vector<std::string> names;
    for (const ScenarioResult& scenario : run.scenarios) {
      const bool covers =
          std::find(scenario.covers.begin(), scenario.covers.end(), id) != scenario.covers.end();
      if (covers && std::find(names.begin(), names.end(), scenario.name) == names.end()) {
        names.push_back(scenario.name);
      }
    }
    rules.push_back(Json{{"id", id}, {"scenarios", names}});
  }
  return rules;
}

// Per client: the summary line, and each rule's standing.
Json ConformanceJson(const RunResults& run) {
  Json out = Json::array();
  for (const harness::Conformance& c : harness::ComputeConformance(run)) {
    Json rules = Json::object();
    for (const auto& [id, standing] : c.rules) rules[id] = harness::RuleStandingName(standing);
    out.push_back(Json{{"client", c.client},
                       {"summary", c.Summary()},
                       {"conformant", c.conformant},
                       {"known_deviations", c.deviations},
                       {"failing", c.failing},
                       {"not_covered", c.not_covered},
                       {"rules", std::move(rules)}});
  }
  return out;
}

Json TimingJson(const RunResults& run) {
  const bool multi_client = run.clients.size() > 1;
  Json scenarios = Json::object();
  for (const ScenarioResult& scenario : run.scenarios) {
    scenarios[internal::ResultId(scenario, multi_client)] = scenario.wall_seconds;
  }
  return Json{{"wall_seconds", run.wall_seconds}, {"scenarios", std::move(scenarios)}};
}

}  // namespace

std::string RenderJson(const RunResults& run, const ReportOptions& options) {
  const harness::Totals totals = harness::CountVerdicts(run);
  Json scenarios = Json::array();
  for (const ScenarioResult& scenario : run.scenarios) scenarios.push_back(ScenarioJson(scenario));
  Json root{{"format", "statussim-results"},
            {"version", 1},
            {"clients", run.clients},
            {"summary",
             {{"passed", totals.passed},
              {"failed", totals.failed},
              {"errors", totals.errors},
              {"expected_failures", totals.expected_failures},
              {"unexpected_passes", totals.unexpected_passes},
              {"flaky", totals.flaky},
              {"total", run.scenarios.size()},
              {"not_run", run.not_run}}},
            {"rules", RulesJson(run)},
            {"conformance", ConformanceJson(run)},
            {"scenarios", std::move(scenarios)}};
  if (options.include_wall_times) root["timing"] = TimingJson(run);
  // Client output may hold any bytes: invalid UTF-8 becomes U+FFFD rather
  // than an exception; control characters are escaped by the dump itself.
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace statussim::reports
