// Reporters: plain RunResults in, text out. Every reporter is a pure function
// of its input: two runs with the same results give byte-identical reports,
// except where wall times are asked for (JSON `timing`, JUnit `time`).
#ifndef STATUSSIM_REPORTS_REPORTS_H_
#define STATUSSIM_REPORTS_REPORTS_H_

#include <string>

#include "harness/results.h"
#include "harness/status.h"

namespace statussim::reports {

struct ReportOptions {
  bool include_wall_times = true;  // false: golden tests (JUnit time="0", no JSON `timing`)
};

// The text of one finding, as the console, JUnit and Markdown show it:
//   scenarios/get/self.yaml:14:5: step 3 (call getUserStatus on a1) at t=5000ms: result
//     expected: {"ok":{"successUserList":[...]}}
//     actual:   {"error":{"code":3122}}
//     diff:     ok -> error 3122
//     covers:   GET-2, GET-3
std::string FormatFinding(const harness::ScenarioResult& scenario, const harness::Finding& finding);
// Every finding of a scenario (or its error and the client's log tail).
std::string FormatFailure(const harness::ScenarioResult& scenario);

std::string RenderJunit(const harness::RunResults& run, const ReportOptions& options);
std::string RenderJson(const harness::RunResults& run, const ReportOptions& options);
std::string RenderHtml(const harness::RunResults& run, const ReportOptions& options);
std::string RenderMarkdown(const harness::RunResults& run, const ReportOptions& options);
// A small SVG badge of one client's conformance (--badge).
std::string RenderBadge(const harness::Conformance& conformance);

// Writes `content` to `path` through a temporary file in the same folder and
// a rename, so a reader never sees a half-written report.
harness::Status WriteFileAtomic(const std::string& path, const std::string& content);

}  // namespace statussim::reports

#endif  // STATUSSIM_REPORTS_REPORTS_H_
