// JUnit XML in the Ant/Jenkins form every CI reads (ECOSYSTEM.md 2.1): one
// <testsuite> per client, one <testcase> per scenario. A failure carries the
// whole FormatFailure text (Jenkins keeps one <failure> per testcase), the
// trace goes to <system-out>. Text is cleaned of what XML 1.0 forbids.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "reports/format_internal.h"
#include "reports/reports.h"

namespace statussim::reports {
namespace {

using harness::RunResults;
using harness::ScenarioResult;
using harness::Verdict;
using internal::EscapeXml;
using internal::EscapeXmlAttribute;

constexpr size_t kMaxSystemOut = 64 * 1024;

std::string Seconds(double seconds, const ReportOptions& options) {
  return options.include_wall_times ? fmt::format("{:.3f}", seconds) : "0";
}

std::string ClassName(const ScenarioResult& scenario, bool multi_client) {
  const std::string folder = scenario.folder.empty() ? "scenarios" : scenario.folder;
  return multi_client ? scenario.client + "." + folder : folder;
}

// The counts of one <testsuite> (or of <testsuites>).
struct Counts {
  int tests = 0;
  int failures = 0;
  int errors = 0;
  int skipped = 0;  // expected failures (as pytest reports xfail)
  double seconds = 0;

  void Add(const ScenarioResult& scenario) {
    using harness::ScenarioOutcome;
    ++tests;
    failures += scenario.outcome == ScenarioOutcome::kFailed ||
                scenario.outcome == ScenarioOutcome::kUnexpectedPass ||
                scenario.outcome == ScenarioOutcome::kFlaky;
    errors += scenario.outcome == ScenarioOutcome::kError;
    skipped += scenario.outcome == ScenarioOutcome::kExpectedFailure;
    seconds += scenario.wall_seconds;
  }
};

std::string CountAttributes(const Counts& counts, int skipped, double seconds,
                            const ReportOptions& options) {
  return fmt::format(R"(tests="{}" failures="{}" errors="{}" skipped="{}" time="{}")", counts.tests,
                     counts.failures, counts.errors, skipped, Seconds(seconds, options));
}

std::string RenderTestcase(const ScenarioResult& scenario, bool multi_client,
                           const ReportOptions& options) {
  std::string out =
      fmt::format(R"(    <testcase classname="{}" name="{}" time="{}">)",
                  EscapeXmlAttribute(ClassName(scenario, multi_client)),
                  EscapeXmlAttribute(scenario.name), Seconds(scenario.wall_seconds, options));
  out += "\n";
  if (scenario.outcome == harness::ScenarioOutcome::kFlaky) {
    out += fmt::format(R"(      <failure message="{}" type="flaky">{}</failure>)",
                       EscapeXmlAttribute("flaky: " + scenario.outcome_note),
                       EscapeXml(internal::Join(scenario.repeat_outcomes, "\n")));
    out += "\n";
  } else if (scenario.outcome == harness::ScenarioOutcome::kExpectedFailure) {
    out += fmt::format(R"(      <skipped message="{}"/>)",
                       EscapeXmlAttribute("expected failure (" +
                                          internal::Join(scenario.known_failure->rules, ", ") +
                                          "): " + scenario.known_failure->reason));
    out += "\n";
  } else if (scenario.outcome == harness::ScenarioOutcome::kUnexpectedPass) {
    out += fmt::format(R"(      <failure message="{}" type="unexpected-pass">{}</failure>)",
                       EscapeXmlAttribute("unexpected pass: " + scenario.outcome_note),
                       EscapeXml(fmt::format("{}:{}: {}", scenario.known_failure->file,
                                             scenario.known_failure->line,
                                             scenario.known_failure->reason)));
    out += "\n";
  } else if (scenario.verdict != Verdict::kPass) {
    const bool error = scenario.verdict == Verdict::kError;
    out += fmt::format(R"(      <{} message="{}" type="{}">{}</{}>)", error ? "error" : "failure",
                       EscapeXmlAttribute(internal::OneLineReason(scenario)),
                       error ? "client" : "mismatch", EscapeXml(FormatFailure(scenario)),
                       error ? "error" : "failure");
    out += "\n";
  }
  if (!scenario.trace.empty()) {
    out += "      <system-out>" + EscapeXml(internal::FormatTrace(scenario, kMaxSystemOut)) +
           "</system-out>\n";
  }
  return out + "    </testcase>\n";
}

std::string RenderTestsuite(const RunResults& run, const std::string& client, bool multi_client,
                            const ReportOptions& options) {
  Counts counts;
  std::string cases;
  for (const ScenarioResult& scenario : run.scenarios) {
    if (scenario.client != client) continue;
    counts.Add(scenario);
    cases += RenderTestcase(scenario, multi_client, options);
  }
  return fmt::format("  <testsuite name=\"{}\" {}>\n", EscapeXmlAttribute(client),
                     CountAttributes(counts, counts.skipped, counts.seconds, options)) +
         cases + "  </testsuite>\n";
}

}  // namespace

std::string RenderJunit(const RunResults& run, const ReportOptions& options) {
  Counts totals;
  for (const ScenarioResult& scenario : run.scenarios) totals.Add(scenario);
  // Scenarios an interrupted run never reached have no testcase; they are
  // counted (as tests and as skipped) on the root only.
  totals.tests += run.not_run;
  // Clients in --client order, then any client a result names that the list
  // lacks, so that no result is ever left out.
  std::vector<std::string> clients = run.clients;
  for (const ScenarioResult& scenario : run.scenarios) {
    if (std::find(clients.begin(), clients.end(), scenario.client) == clients.end()) {
      clients.push_back(scenario.client);
    }
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"statussim\" {}>\n",
                     CountAttributes(totals, run.not_run + totals.skipped, run.wall_seconds, options));
  for (const std::string& client : clients) {
    out += RenderTestsuite(run, client, clients.size() > 1, options);
  }
  return out + "</testsuites>\n";
}

}  // namespace statussim::reports
