// Reporters of the mutation check (harness/mutation.h).
#ifndef STATUSSIM_REPORTS_MUTATION_H_
#define STATUSSIM_REPORTS_MUTATION_H_

#include <string>

#include "harness/mutation.h"
#include "reports/reports.h"

namespace statussim::reports {

// One line per mutant (killed by how many, or SURVIVED), then the score.
std::string RenderMutationText(const harness::MutationResults& m);
std::string RenderMutationJson(const harness::MutationResults& m, const ReportOptions& options);
std::string RenderMutationHtml(const harness::MutationResults& m, const ReportOptions& options);

}  // namespace statussim::reports

#endif  // STATUSSIM_REPORTS_MUTATION_H_
