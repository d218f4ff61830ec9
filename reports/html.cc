// The HTML report: one self-contained page (inline CSS, a little inline JS,
// no network; everything readable without JS). From the top: the counts, the
// SPEC rule coverage (one row per rule, one chip per scenario covering it,
// coloured by verdict), the scenario x client matrix when there are several
// clients, then one section per scenario, failures first and open, each with
// its findings and a timeline: one column per device, one row per step (or per
// instant within a wait), the calls with their results and the events each
// device received, findings marked in red where they were observed.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "reports/format_internal.h"
#include "reports/html_assets_internal.h"
#include "reports/reports.h"

namespace statussim::reports {
namespace {

using harness::Finding;
using harness::Millis;
using harness::RunResults;
using harness::ScenarioResult;
using harness::TraceEntry;
using harness::Verdict;
using internal::EscapeHtml;

// ---- The timeline of one scenario.

constexpr size_t kMaxTimelineRows = 400;  // more rows are shown only if they hold a finding
constexpr size_t kNone = static_cast<size_t>(-1);  // no column, no row

// What one cell (or a spanning row) shows: a trace entry, a finding, or the
// client error that ended the scenario (the one item with neither).
struct TimelineItem {
  const TraceEntry* entry = nullptr;
  const Finding* finding = nullptr;
  size_t finding_number = 0;  // 1-based, as in the findings list
};

// One row: one step at one instant (a `wait` gives a row per instant at which
// something happened), or the end of the scenario.
struct TimelineRow {
  Millis time = 0;
  int step_index = -1;  // -1: no step / end of scenario
  bool end = false;     // the "end of scenario" row
  bool has_finding = false;
  std::vector<TimelineItem> spanning;            // entries of no device (clock, notes, ...)
  std::vector<std::vector<TimelineItem>> cells;  // one list per device column
};

TimelineRow EmptyRow(Millis time, int step_index, bool end, size_t column_count) {
  TimelineRow row;
  row.time = time;
  row.step_index = step_index;
  row.end = end;
  row.cells.resize(column_count);
  return row;
}

// The scenario's devices, then any other device the trace or a finding names.
std::vector<std::string> Columns(const ScenarioResult& scenario) {
  std::vector<std::string> columns = scenario.devices;
  const auto add = [&](const std::string& device) {
    if (!device.empty() && std::find(columns.begin(), columns.end(), device) == columns.end()) {
      columns.push_back(device);
    }
  };
  for (const TraceEntry& entry : scenario.trace) add(entry.device);
  for (const Finding& finding : scenario.findings) add(finding.device);
  return columns;
}

size_t ColumnOf(const std::vector<std::string>& columns, const std::string& device) {
  const auto it = std::find(columns.begin(), columns.end(), device);
  return device.empty() || it == columns.end() ? kNone : it - columns.begin();
}

std::vector<TimelineRow> RowsFromTrace(const ScenarioResult& scenario,
                                       const std::vector<std::string>& columns) {
  std::vector<TimelineRow> rows;
  for (const TraceEntry& entry : scenario.trace) {
    if (rows.empty() || rows.back().step_index != entry.step_index ||
        rows.back().time != entry.time) {
      rows.push_back(EmptyRow(entry.time, entry.step_index, false, columns.size()));
    }
    const size_t column = ColumnOf(columns, entry.device);
    (column == kNone ? rows.back().spanning : rows.back().cells[column])
        .push_back(TimelineItem{&entry, nullptr, 0});
  }
  return rows;
}

// The row a finding belongs to: its step's row at the finding's time, else
// the step's last row, else a new row where the step would have been.
size_t RowForFinding(const Finding& finding, size_t column_count, std::vector<TimelineRow>* rows) {
  if (finding.step_index < 0) {
    if (rows->empty() || !rows->back().end) {
      rows->push_back(EmptyRow(finding.time, -1, true, column_count));
    }
    return rows->size() - 1;
  }
  size_t found = kNone;
  size_t insert_at = rows->size();
  for (size_t i = 0; i < rows->size(); ++i) {
    const TimelineRow& row = (*rows)[i];
    if (row.step_index == finding.step_index && !row.end) {
      if (found == kNone || (*rows)[found].time != finding.time) found = i;
    } else if ((row.step_index > finding.step_index || row.end) && insert_at == rows->size()) {
      insert_at = i;
    }
  }
  if (found != kNone) return found;
  rows->insert(rows->begin() + static_cast<std::ptrdiff_t>(insert_at),
               EmptyRow(finding.time, finding.step_index, false, column_count));
  return insert_at;
}

// The device of a step's action ("" if none), for findings that name none.
std::string StepDevice(const ScenarioResult& scenario, int step_index) {
  for (const TraceEntry& entry : scenario.trace) {
    if (entry.kind == TraceEntry::Kind::kStep && entry.step_index == step_index) {
      return entry.device;
    }
  }
  return "";
}

void PlaceFindings(const ScenarioResult& scenario, const std::vector<std::string>& columns,
                   std::vector<TimelineRow>* rows) {
  for (size_t k = 0; k < scenario.findings.size(); ++k) {
    const Finding& finding = scenario.findings[k];
    TimelineRow& row = (*rows)[RowForFinding(finding, columns.size(), rows)];
    size_t column = ColumnOf(columns, finding.device);
    if (column == kNone && finding.step_index >= 0) {
      column = ColumnOf(columns, StepDevice(scenario, finding.step_index));
    }
    (column == kNone ? row.spanning : row.cells[column])
        .push_back(TimelineItem{nullptr, &finding, k + 1});
    row.has_finding = true;
  }
}

// A client error is marked where the scenario stopped: after the last entry,
// in the column of the device the last step acted on.
void PlaceError(const ScenarioResult& scenario, const std::vector<std::string>& columns,
                std::vector<TimelineRow>* rows) {
  if (scenario.verdict != Verdict::kError) return;
  if (rows->empty()) {
    rows->push_back(EmptyRow(scenario.virtual_duration, -1, true, columns.size()));
  }
  TimelineRow& row = rows->back();
  const size_t column = ColumnOf(columns, StepDevice(scenario, row.step_index));
  (column == kNone ? row.spanning : row.cells[column]).push_back(TimelineItem{});
  row.has_finding = true;
}

std::string_view EntryClass(const TraceEntry& entry) {
  const std::string_view text = entry.text;
  switch (entry.kind) {
    case TraceEntry::Kind::kStep:
      return entry.device.empty() ? "ctl" : "call";
    case TraceEntry::Kind::kResult:
      return text.starts_with("ok") ? "res ok" : "res err";
    case TraceEntry::Kind::kEvent:
      return text.starts_with("status") ? "evt" : "evt alert";
    case TraceEntry::Kind::kClock:
      return "clock";
    case TraceEntry::Kind::kNote:
      return "note";
  }
  return "note";
}

std::string RenderEntry(const TraceEntry& entry) {
  constexpr size_t kMaxShown = 240;
  const std::string_view head = internal::LeadingWords(entry.text);
  std::string_view rest = std::string_view(entry.text).substr(head.size());
  if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  const std::string title =
      entry.text.size() > kMaxShown ? " title=\"" + EscapeHtml(entry.text) + "\"" : "";
  return fmt::format(R"(<div class="it {}"{}><b>{}</b> <code>{}</code></div>)", EntryClass(entry),
                     title, EscapeHtml(head), EscapeHtml(internal::Truncate(rest, kMaxShown)));
}

std::string RenderFindingItem(const Finding& finding, size_t number) {
  std::string detail;
  if (!finding.diff.empty()) {
    detail = "<code>" + EscapeHtml(internal::Truncate(finding.diff, 240)) + "</code>";
  } else {
    for (const auto& [label, value] :
         {std::pair{"expected", &finding.expected}, std::pair{"actual", &finding.actual}}) {
      if (value->empty()) continue;
      detail += fmt::format("{}{} <code>{}</code>", detail.empty() ? "" : "<br>", label,
                            EscapeHtml(internal::Truncate(*value, 160)));
    }
  }
  return fmt::format(R"(<div class="it bad"><b>✗{} {}</b> {}</div>)", number,
                     EscapeHtml(finding.what), detail);
}

std::string RenderItems(const ScenarioResult& scenario, const std::vector<TimelineItem>& items) {
  std::string out;
  for (const TimelineItem& item : items) {
    if (item.entry != nullptr) {
      out += RenderEntry(*item.entry);
    } else if (item.finding != nullptr) {
      out += RenderFindingItem(*item.finding, item.finding_number);
    } else {
      out += "<div class=\"it bad\"><b>! client error</b> " +
             EscapeHtml(scenario.error.empty() ? "client error" : scenario.error) + "</div>";
    }
  }
  return out;
}

// The two label cells on the left: the virtual time, and the step number on
// the first row of a step. A time equal to the row above's is shown faint.
std::string RowLabels(const TimelineRow& row, bool first_of_step, bool same_time) {
  std::string step;
  if (row.end) {
    step = "end";
  } else if (row.step_index >= 0 && first_of_step) {
    step = fmt::format("#{}", row.step_index + 1);
  }
  return fmt::format(R"(<td class="t{}" title="{} ms">{}</td><td class="st">{}</td>)",
                     same_time ? " same" : "", row.time, internal::HumanMillis(row.time), step);
}

std::string RenderRow(const ScenarioResult& scenario, const TimelineRow& row, bool first_of_step,
                      bool same_time) {
  const std::string hit = row.has_finding ? " hit" : "";
  const bool any_cell = std::any_of(row.cells.begin(), row.cells.end(),
                                    [](const auto& items) { return !items.empty(); });
  std::string out;
  std::string labels = RowLabels(row, first_of_step, same_time);
  if (!row.spanning.empty() || !any_cell) {
    out +=
        fmt::format(R"(<tr class="span{}">{}<td class="sp" colspan="{}">{}</td></tr>)", hit, labels,
                    std::max<size_t>(row.cells.size(), 1), RenderItems(scenario, row.spanning));
    out += "\n";
    labels = R"(<td class="t"></td><td class="st"></td>)";
  }
  if (!any_cell) return out;
  out += "<tr class=\"row" + hit + "\">" + labels;
  for (const std::vector<TimelineItem>& items : row.cells) {
    out += "<td class=\"dev\">" + RenderItems(scenario, items) + "</td>";
  }
  return out + "</tr>\n";
}

// A row saying how many rows were left out (none: "").
std::string GapRow(size_t skipped, size_t column_count) {
  if (skipped == 0) return "";
  return fmt::format(
      "<tr class=\"gap\"><td colspan=\"{}\">⋯ {} rows not shown: see the trace below</td></tr>\n",
      column_count + 2, skipped);
}

std::string RenderTimeline(const ScenarioResult& scenario) {
  const std::vector<std::string> columns = Columns(scenario);
  std::vector<TimelineRow> rows = RowsFromTrace(scenario, columns);
  PlaceFindings(scenario, columns, &rows);
  PlaceError(scenario, columns, &rows);
  if (rows.empty()) return "<p class=\"empty\">No trace was recorded.</p>\n";
  std::string out =
      "<div class=\"tlwrap\"><table class=\"tl\"><thead><tr>"
      "<th class=\"t\">time</th><th class=\"st\">step</th>";
  for (const std::string& device : columns) {
    out += "<th class=\"dev\"><span class=\"dn\">" + EscapeHtml(device) + "</span></th>";
  }
  out += "</tr></thead><tbody>\n";
  size_t skipped = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i >= kMaxTimelineRows && !rows[i].has_finding && !rows[i].end) {
      ++skipped;
      continue;
    }
    out += GapRow(skipped, columns.size());
    skipped = 0;
    const bool first_of_step = i == 0 || rows[i - 1].step_index != rows[i].step_index;
    const bool same_time = i > 0 && rows[i - 1].time == rows[i].time;
    out += RenderRow(scenario, rows[i], first_of_step, same_time);
  }
  return out + GapRow(skipped, columns.size()) + "</tbody></table></div>\n";
}

// ---- The page.

std::string_view VerdictClass(Verdict verdict) { return harness::VerdictName(verdict); }

std::string_view VerdictLabel(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "PASS";
    case Verdict::kFail:
      return "FAIL";
    case Verdict::kError:
      return "ERROR";
  }
  return "";
}

// Error is worse than fail, fail worse than pass.
Verdict Worse(Verdict a, Verdict b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; }

std::string Anchor(size_t index) { return fmt::format("s{}", index + 1); }

// One scenario name and its results (one per client), in run order.
struct NamedScenario {
  std::string name;
  std::vector<size_t> results;  // indexes into RunResults::scenarios
  Verdict worst = Verdict::kPass;
  size_t worst_result = 0;  // the first result with the worst verdict
};

std::vector<NamedScenario> GroupByName(const RunResults& run) {
  std::vector<NamedScenario> named;
  for (size_t i = 0; i < run.scenarios.size(); ++i) {
    const ScenarioResult& scenario = run.scenarios[i];
    auto it = std::find_if(named.begin(), named.end(),
                           [&](const NamedScenario& n) { return n.name == scenario.name; });
    if (it == named.end()) {
      named.push_back(NamedScenario{scenario.name, {}, scenario.verdict, i});
      it = named.end() - 1;
    }
    it->results.push_back(i);
    if (Worse(it->worst, scenario.verdict) != it->worst) {
      it->worst = scenario.verdict;
      it->worst_result = i;
    }
  }
  return named;
}

std::string StatTile(int count, std::string_view label, std::string_view css) {
  return fmt::format(
      R"(<div class="tile {}"><span class="n">{}</span><span class="l">{}</span></div>)",
      count > 0 ? css : "zero", count, label);
}

int CountOutcome(const RunResults& run, harness::ScenarioOutcome outcome) {
  return static_cast<int>(std::count_if(run.scenarios.begin(), run.scenarios.end(),
                                        [&](const ScenarioResult& s) { return s.outcome == outcome; }));
}

std::string Header(const RunResults& run, int covered, const ReportOptions& options) {
  const harness::Totals totals = harness::CountVerdicts(run);
  // With expectations, what matters is the outcome: expected failures are
  // shown apart and do not turn the page red; unexpected passes and flaky
  // runs do.
  const int problems = totals.problems;
  const bool green = problems == 0;
  std::string out = fmt::format(R"(<header class="top {}"><div class="title"><h1>statussim</h1>)",
                                green ? "pass" : "fail");
  std::string verdict = green ? "All scenarios passed"
                              : fmt::format("{} of {} scenario runs did not pass", problems,
                                            run.scenarios.size());
  if (green && totals.expected_failures > 0) {
    verdict = fmt::format("No surprises: {} expected failure{}", totals.expected_failures,
                          totals.expected_failures == 1 ? "" : "s");
  }
  out += fmt::format(R"(<p class="verdict">{}</p>)", verdict);
  std::vector<std::string> clients;
  for (const std::string& client : run.clients) {
    clients.push_back("<span class=\"client\">" + EscapeHtml(client) + "</span>");
  }
  out += "<p class=\"meta\">clients " + internal::Join(clients, " ") +
         fmt::format(" · SPEC rules covered {} / {}", covered, run.rule_ids.size());
  if (options.include_wall_times) out += fmt::format(" · wall time {:.2f} s", run.wall_seconds);
  // One tile per outcome (without expectations: failed, errors, passed).
  using harness::ScenarioOutcome;
  out += "</p></div><div class=\"tiles\">" +
         StatTile(CountOutcome(run, ScenarioOutcome::kFailed), "failed", "fail") +
         StatTile(CountOutcome(run, ScenarioOutcome::kError), "errors", "error");
  if (totals.expected_failures > 0) out += StatTile(totals.expected_failures, "expected", "skip");
  if (totals.unexpected_passes > 0) out += StatTile(totals.unexpected_passes, "unexpected pass", "fail");
  if (totals.flaky > 0) out += StatTile(totals.flaky, "flaky", "fail");
  out += StatTile(CountOutcome(run, ScenarioOutcome::kPassed), "passed", "pass");
  if (run.not_run > 0) out += StatTile(run.not_run, "not run", "skip");
  return out + "</div></header>\n";
}

std::string Chip(const NamedScenario& named, size_t number) {
  return fmt::format(R"html(<a class="chip {}" href="#{}" title="{} ({})">{}</a>)html",
                     VerdictClass(named.worst), Anchor(named.worst_result), EscapeHtml(named.name),
                     harness::VerdictName(named.worst), number);
}

bool Covers(const ScenarioResult& scenario, const std::string& id) {
  return std::find(scenario.covers.begin(), scenario.covers.end(), id) != scenario.covers.end();
}

std::string CoverageSection(const RunResults& run, const std::vector<NamedScenario>& named) {
  std::string rows;
  for (const std::string& id : run.rule_ids) {
    std::string chips;
    Verdict worst = Verdict::kPass;
    for (size_t n = 0; n < named.size(); ++n) {
      if (!Covers(run.scenarios[named[n].results.front()], id)) continue;
      chips += Chip(named[n], n + 1);
      worst = Worse(worst, named[n].worst);
    }
    const std::string css = chips.empty() ? "uncovered" : std::string(VerdictClass(worst));
    if (chips.empty()) chips = "<span class=\"none\">not covered</span>";
    rows += fmt::format(R"(<div class="rule {}" id="r-{}"><span class="id">{}</span>{}</div>)", css,
                        EscapeHtml(id), EscapeHtml(id), chips);
    rows += "\n";
  }
  return "<section class=\"card\" id=\"coverage\"><h2>SPEC rule coverage</h2>\n"
         "<p class=\"legend\">One row per rule; one chip per scenario that covers it, numbered "
         "as in the list below. <span class=\"chip pass\">n</span> passed "
         "<span class=\"chip fail\">n</span> failed <span class=\"chip error\">n</span> error "
         "<span class=\"rule uncovered mini\">rule</span> not covered</p>\n"
         "<div class=\"rules\">\n" +
         rows + "</div></section>\n";
}

std::string ClientMatrix(const RunResults& run, const std::vector<NamedScenario>& named) {
  std::string out =
      "<section class=\"card\" id=\"clients\"><h2>Scenarios × clients</h2>\n"
      "<table class=\"matrix\"><thead><tr><th>#</th><th>scenario</th>";
  for (const std::string& client : run.clients) out += "<th>" + EscapeHtml(client) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (size_t n = 0; n < named.size(); ++n) {
    out +=
        fmt::format("<tr><td class=\"num\">{}</td><td>{}</td>", n + 1, EscapeHtml(named[n].name));
    for (const std::string& client : run.clients) {
      const auto it = std::find_if(named[n].results.begin(), named[n].results.end(),
                                   [&](size_t i) { return run.scenarios[i].client == client; });
      if (it == named[n].results.end()) {
        out += "<td class=\"cell none\">not run</td>";
        continue;
      }
      const Verdict verdict = run.scenarios[*it].verdict;
      out += fmt::format(R"(<td class="cell {}"><a href="#{}">{}</a></td>)", VerdictClass(verdict),
                         Anchor(*it), harness::VerdictName(verdict));
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table></section>\n";
}

std::string Pills(const std::vector<std::string>& items, std::string_view css, bool rule_links) {
  std::string out;
  for (const std::string& item : items) {
    out += rule_links ? fmt::format(R"(<a class="pill {}" href="#r-{}">{}</a>)", css,
                                    EscapeHtml(item), EscapeHtml(item))
                      : fmt::format(R"(<span class="pill {}">{}</span>)", css, EscapeHtml(item));
  }
  return out;
}

std::string ScenarioSummary(const ScenarioResult& scenario, size_t number, bool multi_client,
                            const ReportOptions& options) {
  std::string out = fmt::format(
      R"(<summary><span class="badge {}">{}</span><span class="num">#{}</span><span class="name">{}</span>)",
      VerdictClass(scenario.verdict), VerdictLabel(scenario.verdict), number,
      EscapeHtml(scenario.name));
  if (multi_client) out += "<span class=\"client\">" + EscapeHtml(scenario.client) + "</span>";
  out += "<span class=\"file\">" + EscapeHtml(scenario.file) + "</span>";
  out += fmt::format(R"(<span class="facts">{} of {} steps · t={})", scenario.steps_run,
                     scenario.steps_total, internal::HumanMillis(scenario.virtual_duration));
  if (options.include_wall_times) out += fmt::format(" · {:.3f} s", scenario.wall_seconds);
  return out + "</span></summary>\n";
}

std::string Findings(const ScenarioResult& scenario) {
  std::string out;
  for (size_t i = 0; i < scenario.findings.size(); ++i) {
    out += fmt::format(R"(<div class="finding"><span class="mark">✗{}</span><pre>{}</pre></div>)",
                       i + 1, EscapeHtml(FormatFinding(scenario, scenario.findings[i])));
    out += "\n";
  }
  if (scenario.verdict == Verdict::kError) {
    out += "<div class=\"finding error\"><span class=\"mark\">!</span><pre>" +
           EscapeHtml(internal::FormatErrorText(scenario)) + "</pre></div>\n";
  }
  return out;
}

std::string ScenarioSection(const ScenarioResult& scenario, size_t index, size_t number,
                            bool multi_client, const ReportOptions& options) {
  const bool passed = scenario.verdict == Verdict::kPass;
  std::string out =
      fmt::format(R"(<details class="scn {}" id="{}"{}>)", VerdictClass(scenario.verdict),
                  Anchor(index), passed ? "" : " open");
  out += ScenarioSummary(scenario, number, multi_client, options);
  out += "<div class=\"body\"><div class=\"labels\">" + Pills(scenario.covers, "rid", true) +
         Pills(scenario.tags, "tag", false) + "</div>\n";
  out += Findings(scenario);
  out += RenderTimeline(scenario);
  out += fmt::format(
      R"(<details class="raw"><summary>Trace: {} entries · sha256 {}</summary><pre>{}</pre></details>)",
      scenario.trace.size(), EscapeHtml(scenario.trace_sha256),
      EscapeHtml(internal::FormatTrace(scenario, 256 * 1024)));
  return out + "\n</div></details>\n";
}

std::string ScenarioSections(const RunResults& run, const std::vector<NamedScenario>& named,
                             const ReportOptions& options) {
  std::vector<size_t> numbers(run.scenarios.size(), 0);  // result index -> scenario number
  for (size_t n = 0; n < named.size(); ++n) {
    for (size_t i : named[n].results) numbers[i] = n + 1;
  }
  std::string out =
      "<section id=\"scenarios\"><h2>Scenarios <span class=\"sub\">failures first</span></h2>\n"
      "<div class=\"toolbar\" id=\"toolbar\" hidden><button data-act=\"open\">expand all</button>"
      "<button data-act=\"close\">collapse all</button>"
      "<button data-act=\"failed\">only failures</button></div>\n";
  for (const bool failures : {true, false}) {
    for (size_t i = 0; i < run.scenarios.size(); ++i) {
      const ScenarioResult& scenario = run.scenarios[i];
      if ((scenario.verdict != Verdict::kPass) != failures) continue;
      out += ScenarioSection(scenario, i, numbers[i], run.clients.size() > 1, options);
    }
  }
  return out + "</section>\n";
}

}  // namespace

// The client's known failures with their reasons, apart from the rest; and
// stale expectations (--expectations).
std::string ExpectationsSection(const RunResults& run) {
  std::string rows;
  for (const ScenarioResult& s : run.scenarios) {
    if (!s.known_failure && !s.flaky) continue;
    if (!s.known_failure) {
      rows += fmt::format("<tr><td class=\"fail\">flaky</td><td>{}</td><td>{}</td><td></td><td>{}</td></tr>\n",
                          internal::EscapeHtml(s.name), internal::EscapeHtml(s.client),
                          internal::EscapeHtml(s.outcome_note));
      continue;
    }
    const bool expected = s.outcome == harness::ScenarioOutcome::kExpectedFailure;
    rows += fmt::format(
        "<tr><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>\n",
        expected ? "skip" : "fail", expected ? "expected failure" : internal::EscapeHtml(harness::OutcomeName(s.outcome)),
        internal::EscapeHtml(s.name), internal::EscapeHtml(s.client),
        internal::EscapeHtml(internal::Join(s.known_failure->rules, ", ")),
        internal::EscapeHtml(s.known_failure->reason),
        s.outcome_note.empty() ? "" : "<br><b>" + internal::EscapeHtml(s.outcome_note) + "</b>");
  }
  if (rows.empty()) return "";
  return "<section class=\"card\" id=\"expected\"><h2>Known failures and flaky runs <span "
         "class=\"sub\">--expectations, --repeat</span></h2>\n<table class=\"matrix\"><tr><th>outcome</th><th>"
         "scenario</th><th>client</th><th>rules</th><th>reason</th></tr>\n" +
         rows + "</table></section>\n";
}

// Per client, the line a vendor can paste, and the rules that are not
// conformant.
std::string ConformanceSection(const RunResults& run) {
  std::string out = "<section class=\"card\" id=\"conformance\"><h2>Conformance <span "
                    "class=\"sub\">per client, per SPEC rule</span></h2>\n";
  for (const harness::Conformance& c : harness::ComputeConformance(run)) {
    const char* css = !c.failing.empty() ? "fail" : !c.deviations.empty() ? "skip" : "pass";
    out += fmt::format("<p><span class=\"pill\">{}</span> <b class=\"{}\">{}</b></p>\n",
                       internal::EscapeHtml(c.client), css, internal::EscapeHtml(c.Summary()));
  }
  return out + "</section>\n";
}

std::string RenderHtml(const RunResults& run, const ReportOptions& options) {
  const std::vector<NamedScenario> named = GroupByName(run);
  int covered = 0;
  for (const std::string& id : run.rule_ids) {
    covered += std::any_of(run.scenarios.begin(), run.scenarios.end(),
                           [&](const ScenarioResult& s) { return Covers(s, id); })
                   ? 1
                   : 0;
  }
  const harness::Totals totals = harness::CountVerdicts(run);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>statussim: {} failed, {} errors, {} passed</title>\n", totals.failed,
                     totals.errors, totals.passed);
  out += "<style>" + std::string(internal::kHtmlStyle) + "</style></head>\n<body>\n";
  out += Header(run, covered, options);
  out += ConformanceSection(run);
  out += ExpectationsSection(run);
  out += CoverageSection(run, named);
  if (run.clients.size() > 1) out += ClientMatrix(run, named);
  out += ScenarioSections(run, named, options);
  out += "<footer>statussim report · deterministic: the same results give the same bytes";
  out += options.include_wall_times ? " (except wall times)" : "";
  out += "</footer>\n<script>" + std::string(internal::kHtmlScript) + "</script>\n</body></html>\n";
  return out;
}

}  // namespace statussim::reports
