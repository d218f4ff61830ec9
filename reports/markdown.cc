// Markdown for a CI step summary ($GITHUB_STEP_SUMMARY): the result in one
// line, a table of the scenarios that did not pass, the rule coverage and the
// full failure text of each, collapsed. GitHub takes at most 1 MiB per step, so
// every list is cut with a note well before that.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "reports/format_internal.h"
#include "reports/reports.h"

namespace statussim::reports {
namespace {

using harness::RunResults;
using harness::ScenarioResult;
using harness::Verdict;

constexpr size_t kMaxTableRows = 100;
constexpr size_t kMaxDetails = 30;
constexpr size_t kMaxFailureText = 16 * 1024;
constexpr size_t kMaxUncovered = 200;
constexpr size_t kMaxBytes = 1000 * 1000;  // GitHub's limit is 1 MiB

// Plain text safe in a table cell: no HTML, no Markdown emphasis or links, no
// cell break, on one line.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : internal::EscapeHtml(text)) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (std::string_view("\\`*_[]|~").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// A fenced code block whose fence no backtick run inside `text` can close.
std::string CodeBlock(std::string_view text) {
  size_t longest = 0;
  size_t run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<size_t>(3, longest + 1), '`');
  std::string body(text);
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fence + "text\n" + body + fence + "\n";
}

std::string_view VerdictMark(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "✅ pass";
    case Verdict::kFail:
      return "❌ fail";
    case Verdict::kError:
      return "💥 error";
  }
  return "";
}

std::string Headline(const RunResults& run) {
  const harness::Totals totals = harness::CountVerdicts(run);
  std::string line;
  if (totals.failed + totals.errors == 0) {
    line = fmt::format("## ✅ statussim: all {} scenarios passed", totals.passed);
  } else {
    line = fmt::format("## ❌ statussim: {} failed, {} {}, {} passed ({} scenarios)", totals.failed,
                       totals.errors, totals.errors == 1 ? "error" : "errors", totals.passed,
                       run.scenarios.size());
  }
  if (run.not_run > 0) line += fmt::format(", {} not run (interrupted)", run.not_run);
  line += "\n\n";
  std::vector<std::string> clients;
  for (const std::string& client : run.clients) clients.push_back(Cell(client));
  return line + "Clients: " + internal::Join(clients, ", ") + "\n\n";
}

std::string FailureTable(const std::vector<const ScenarioResult*>& failed, bool multi_client) {
  if (failed.empty()) return "";
  std::string out = multi_client ? "| Scenario | Client | Verdict | Where | First finding |\n"
                                   "|---|---|---|---|---|\n"
                                 : "| Scenario | Verdict | Where | First finding |\n"
                                   "|---|---|---|---|\n";
  for (size_t i = 0; i < failed.size() && i < kMaxTableRows; ++i) {
    const ScenarioResult& scenario = *failed[i];
    const harness::Location where =
        scenario.findings.empty() ? harness::Location{} : scenario.findings.front().where;
    out += "| " + Cell(scenario.name) + " | ";
    if (multi_client) out += Cell(scenario.client) + " | ";
    out += std::string(VerdictMark(scenario.verdict)) + " | " +
           Cell(internal::LocationText(scenario.file, where)) + " | " +
           Cell(internal::OneLineReason(scenario)) + " |\n";
  }
  if (failed.size() > kMaxTableRows) {
    out += fmt::format("\n_… and {} more not listed here; see the JUnit or JSON report._\n",
                       failed.size() - kMaxTableRows);
  }
  return out + "\n";
}

std::string Coverage(const RunResults& run) {
  std::vector<std::string> uncovered;
  for (const std::string& id : run.rule_ids) {
    const bool covered = std::any_of(
        run.scenarios.begin(), run.scenarios.end(), [&](const ScenarioResult& scenario) {
          return std::find(scenario.covers.begin(), scenario.covers.end(), id) !=
                 scenario.covers.end();
        });
    if (!covered) uncovered.push_back(Cell(id));
  }
  std::string out = fmt::format("**Coverage:** {} of {} SPEC rules covered",
                                run.rule_ids.size() - uncovered.size(), run.rule_ids.size());
  if (uncovered.empty()) return out + ".\n\n";
  const size_t shown = std::min(uncovered.size(), kMaxUncovered);
  out +=
      ". Not covered: " +
      internal::Join(std::vector<std::string>(uncovered.begin(), uncovered.begin() + shown), ", ");
  if (shown < uncovered.size()) out += fmt::format(" … and {} more", uncovered.size() - shown);
  return out + ".\n\n";
}

// The client's known failures, apart from the rest (--expectations).
std::string ExpectedFailures(const RunResults& run, bool multi_client) {
  std::string out;
  for (const ScenarioResult& scenario : run.scenarios) {
    if (scenario.outcome != harness::ScenarioOutcome::kExpectedFailure) continue;  // flaky ones are failures
    if (out.empty()) {
      out = multi_client ? "### Expected failures\n\n| Scenario | Client | Rules | Reason |\n|---|---|---|---|\n"
                         : "### Expected failures\n\n| Scenario | Rules | Reason |\n|---|---|---|\n";
    }
    out += "| " + Cell(scenario.name) + " | ";
    if (multi_client) out += Cell(scenario.client) + " | ";
    out += Cell(internal::Join(scenario.known_failure->rules, ", ")) + " | " +
           Cell(scenario.known_failure->reason) + " |\n";
  }
  return out.empty() ? out : out + "\n";
}

// One line per client: where it stands on the SPEC rules.
std::string ConformanceLines(const RunResults& run) {
  std::string out;
  for (const harness::Conformance& c : harness::ComputeConformance(run)) {
    out += "**Conformance (" + Cell(c.client) + "):** " + Cell(c.Summary()) + ".\n\n";
  }
  return out;
}

std::string Details(const std::vector<const ScenarioResult*>& failed, bool multi_client) {
  if (failed.empty()) return "";
  std::string out = "### Failures\n\n";
  for (size_t i = 0; i < failed.size() && i < kMaxDetails; ++i) {
    const ScenarioResult& scenario = *failed[i];
    out += "<details><summary>" + std::string(VerdictMark(scenario.verdict)) + " <b>" +
           internal::EscapeHtml(scenario.name) + "</b>";
    if (multi_client) out += " (" + internal::EscapeHtml(scenario.client) + ")";
    out += " — " + internal::EscapeHtml(scenario.file) + "</summary>\n\n";
    out += CodeBlock(internal::Truncate(FormatFailure(scenario), kMaxFailureText));
    out += "\n</details>\n\n";
  }
  if (failed.size() > kMaxDetails) {
    out += fmt::format("_Details of {} more failures left out; see the HTML report._\n\n",
                       failed.size() - kMaxDetails);
  }
  return out;
}

}  // namespace

std::string RenderMarkdown(const RunResults& run, const ReportOptions& options) {
  std::vector<const ScenarioResult*> failed;
  for (const ScenarioResult& scenario : run.scenarios) {
    if (harness::IsProblem(scenario.outcome)) failed.push_back(&scenario);
  }
  const bool multi_client = run.clients.size() > 1;
  std::string out = Headline(run) + FailureTable(failed, multi_client) +
                    ExpectedFailures(run, multi_client) + Coverage(run) + ConformanceLines(run) +
                    Details(failed, multi_client);
  if (options.include_wall_times) out += fmt::format("_Wall time: {:.2f} s._\n", run.wall_seconds);
  if (out.size() > kMaxBytes) {
    out = internal::Truncate(out, kMaxBytes) + "\n\n_Summary cut at 1 MB._\n";
  }
  return out;
}

}  // namespace statussim::reports
