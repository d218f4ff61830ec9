#include <cstdio>
#include <string>
#include <vector>

#include "app/commands.h"
#include "harness/mutation.h"
#include "reports/mutation.h"

namespace statussim::app {

int CmdMutate(const MutateContext& ctx, const std::vector<harness::Scenario>& scenarios) {
  std::vector<sim::FaultInfo> faults;
  for (const sim::FaultInfo& f : sim::AllFaults()) {
    if (ctx.mutants.empty()) {
      faults.push_back(f);
      continue;
    }
    for (const std::string& want : ctx.mutants) {
      if (want == f.name) faults.push_back(f);
    }
  }
  for (const std::string& want : ctx.mutants) {
    if (sim::FindFault(want) == nullptr) {
      std::fprintf(stderr, "statussim: unknown mutant '%s' (see `statussim mutate --list`)\n",
                   want.c_str());
      return 2;
    }
  }
  if (scenarios.empty()) {
    std::fprintf(stderr, "statussim: no scenario selected\n");
    return 2;
  }
  std::fprintf(stderr, "mutation check: %zu mutant(s) x %zu scenario(s)\n", faults.size(),
               scenarios.size());
  harness::MutationResults m = harness::RunMutation(scenarios, faults, ctx.jobs, ctx.stop);
  std::fputs(reports::RenderMutationText(m).c_str(), stdout);
  reports::ReportOptions options;
  int rc = 0;
  if (!ctx.json.empty()) {
    harness::Status st = reports::WriteFileAtomic(ctx.json, reports::RenderMutationJson(m, options));
    if (!st.ok()) {
      std::fprintf(stderr, "statussim: %s\n", st.message().c_str());
      rc = 2;
    }
  }
  if (!ctx.html.empty()) {
    harness::Status st = reports::WriteFileAtomic(ctx.html, reports::RenderMutationHtml(m, options));
    if (!st.ok()) {
      std::fprintf(stderr, "statussim: %s\n", st.message().c_str());
      rc = 2;
    }
  }
  if (rc != 0) return rc;
  if (m.mutants.size() < faults.size()) {
    std::fprintf(stderr, "interrupted: %zu mutant(s) not run\n", faults.size() - m.mutants.size());
    return 1;
  }
  return m.killed == static_cast<int>(m.mutants.size()) && m.reference_failures.empty() ? 0 : 1;
}

void ListMutants() {
  for (const sim::FaultInfo& f : sim::AllFaults()) {
    std::printf("%-36s %-7s %s\n", std::string(f.name).c_str(), std::string(f.rule).c_str(),
                std::string(f.description).c_str());
  }
}

}  // namespace statussim::app
