// The mutation check of a suite: run it against built-in mutants (the model
// with one planted fault each, sim/faults.h) and record which scenarios kill
// which mutant. A mutant that no scenario kills means a missing scenario.
#ifndef STATUSSIM_HARNESS_MUTATION_H_
#define STATUSSIM_HARNESS_MUTATION_H_

#include <atomic>
#include <string>
#include <vector>

#include "harness/scenario.h"
#include "sim/faults.h"

namespace statussim::harness {

struct MutantResult {
  std::string name;         // fault name, e.g. "evict-newest"
  std::string rule;         // the SPEC rule it breaks
  std::string description;  // the planted bug
  std::vector<size_t> killed_by;  // indexes into MutationResults::scenarios, ascending
  bool killed() const { return !killed_by.empty(); }
};

struct MutationResults {
  std::vector<std::string> scenarios;  // names, suite order
  std::vector<std::string> files;      // their files
  std::vector<std::string> reference_failures;  // scenarios failing on the reference model
  std::vector<MutantResult> mutants;
  int killed = 0;
  double wall_seconds = 0;  // reporters keep it apart
};

// Runs the reference and every fault in `faults` over the suite.
MutationResults RunMutation(const std::vector<Scenario>& scenarios,
                            const std::vector<sim::FaultInfo>& faults, int jobs,
                            const std::atomic<bool>* stop);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_MUTATION_H_
