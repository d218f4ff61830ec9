// `statussim coverage --exercised`: the suite run on the model, and per SPEC
// rule how many scenarios exercised it there (sim/exercise.h), beside how
// many name it in `covers`.
#include "reports/exercise.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "app/commands.h"
#include "harness/builtin_client.h"
#include "harness/exercise_tally.h"
#include "harness/runner.h"
#include "reports/reports.h"

namespace statussim::app {

int CmdExercised(const ExerciseContext& ctx, const std::vector<harness::Scenario>& scenarios) {
  std::vector<harness::ClientSpec> clients = {
      {"builtin", []() -> harness::Result<std::unique_ptr<harness::Client>> {
         return std::unique_ptr<harness::Client>(std::make_unique<harness::BuiltinClient>());
       }}};
  harness::SuiteOptions options;
  options.jobs = ctx.jobs;
  options.stop = ctx.stop;
  const harness::RunResults run = harness::RunSuite(scenarios, clients, options);
  if (run.not_run > 0) {
    std::fprintf(stderr, "interrupted: %d scenario(s) not run\n", run.not_run);
    return 1;
  }
  reports::ExerciseReport report;
  report.declared.assign(report.tally.rules.size(), 0);
  for (const harness::ScenarioResult& r : run.scenarios) {
    const sim::RuleCounts counts = r.exercised.value_or(sim::RuleCounts{});
    report.tally.Add(counts);
    reports::CoversGap gap{r.name, r.file, {}};
    for (size_t i = 0; i < report.tally.rules.size(); ++i) {
      const std::string& id = report.tally.rules[i].rule;
      if (std::find(r.covers.begin(), r.covers.end(), id) == r.covers.end()) continue;
      ++report.declared[i];
      if (counts.hits[i] == 0) gap.rules.push_back(id);
    }
    if (!gap.rules.empty()) report.gaps.push_back(std::move(gap));
  }
  std::fputs(reports::RenderExerciseText(report).c_str(), stdout);
  if (!ctx.json.empty()) {
    harness::Status st = reports::WriteFileAtomic(ctx.json, reports::RenderExerciseJson(report));
    if (!st.ok()) {
      std::fprintf(stderr, "statussim: %s\n", st.message().c_str());
      return 2;
    }
  }
  int failed = 0;
  for (const harness::ScenarioResult& r : run.scenarios) {
    if (r.verdict != harness::Verdict::kPass) {
      std::fprintf(stderr, "statussim: '%s' fails on the model: its hits are not the suite's\n",
                   r.name.c_str());
      ++failed;
    }
  }
  return failed == 0 && report.tally.Unexercised().empty() ? 0 : 1;
}

}  // namespace statussim::app
