#include "harness/mutation.h"

#include <chrono>

#include "harness/builtin_client.h"
#include "harness/runner.h"

namespace statussim::harness {
namespace {

RunResults RunWith(const std::vector<Scenario>& scenarios, sim::Fault fault, int jobs,
                   const std::atomic<bool>* stop) {
  std::vector<ClientSpec> clients = {
      {"builtin", [fault]() -> Result<std::unique_ptr<Client>> {
         return std::unique_ptr<Client>(std::make_unique<BuiltinClient>(nullptr, "builtin", fault));
       }}};
  SuiteOptions options;
  options.jobs = jobs;
  options.stop = stop;
  return RunSuite(scenarios, clients, options);
}

}  // namespace

MutationResults RunMutation(const std::vector<Scenario>& scenarios,
                            const std::vector<sim::FaultInfo>& faults, int jobs,
                            const std::atomic<bool>* stop) {
  const auto started = std::chrono::steady_clock::now();
  MutationResults out;
  for (const Scenario& s : scenarios) {
    out.scenarios.push_back(s.name);
    out.files.push_back(s.file);
  }
  RunResults reference = RunWith(scenarios, sim::Fault::kNone, jobs, stop);
  for (const ScenarioResult& r : reference.scenarios) {
    if (r.verdict != Verdict::kPass) out.reference_failures.push_back(r.name);
  }
  for (const sim::FaultInfo& f : faults) {
    if (stop != nullptr && stop->load()) break;
    MutantResult m{std::string(f.name), std::string(f.rule), std::string(f.description), {}};
    RunResults run = RunWith(scenarios, f.fault, jobs, stop);
    if (run.not_run > 0) break;  // interrupted: a partial run proves nothing
    // Results come in suite order; a scenario that fails on the reference
    // cannot kill anything.
    for (size_t i = 0; i < run.scenarios.size(); ++i) {
      const ScenarioResult& r = run.scenarios[i];
      const bool reference_ok = i < reference.scenarios.size() &&
                                reference.scenarios[i].verdict == Verdict::kPass;
      if (r.verdict != Verdict::kPass && reference_ok) m.killed_by.push_back(i);
    }
    out.killed += m.killed() ? 1 : 0;
    out.mutants.push_back(std::move(m));
  }
  out.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace statussim::harness
