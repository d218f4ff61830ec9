// A suite: the scenario files one run loads. Paths are files or folders
// (searched recursively for *.yaml and *.yml); files are taken in sorted path
// order so a run never depends on directory iteration order. Names must be
// unique within a suite.
#ifndef STATUSSIM_HARNESS_SUITE_H_
#define STATUSSIM_HARNESS_SUITE_H_

#include <string>
#include <vector>

#include "harness/loader.h"
#include "harness/scenario.h"

namespace statussim::harness {

// The scenario files under `paths`, sorted, without duplicates. A path that
// does not exist is an error (in `errors`).
std::vector<std::string> DiscoverScenarioFiles(const std::vector<std::string>& paths,
                                               std::vector<LoadError>* errors);

// Loads every file; on any error, `errors` is non-empty (every error found
// across all files, including duplicate names, which name both files).
// Scenario::folder is the file's folder relative to the folder argument it was
// found under ("" at that folder's root); for a file given directly, the name
// of its parent folder.
std::vector<Scenario> LoadSuite(const std::vector<std::string>& paths, const LoadOptions& options,
                                std::vector<LoadError>* errors);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_SUITE_H_
