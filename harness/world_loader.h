// The world loader: a world file of `statussim scale --world` (docs/worlds.md,
// schema/world.schema.json) in, a sim::World or located input errors out.
// It walks the YAML with the scenario loader's Loader (harness/loader_walk.h),
// so a world file gets the same treatment as a scenario: the same text checks,
// unique keys, no merge keys, strict booleans and integers, aliases noted,
// and every problem reported as `file:line:column: reason`.
#ifndef STATUSSIM_HARNESS_WORLD_LOADER_H_
#define STATUSSIM_HARNESS_WORLD_LOADER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/loader.h"
#include "sim/world.h"

namespace statussim::harness {

// Loads one world file. On failure `errors` gets every problem found, in
// file order, and the result is empty.
std::optional<sim::World> LoadWorldFile(const std::string& path, std::vector<LoadError>* errors);
// Same, from text; `file` names it in messages.
std::optional<sim::World> LoadWorldText(std::string_view text, const std::string& file,
                                        std::vector<LoadError>* errors);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_WORLD_LOADER_H_
