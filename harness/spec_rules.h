// The rule IDs of SPEC.md: the text before the first space of a line that
// starts with "- " under a section heading, of the form FAMILY-N.
#ifndef STATUSSIM_HARNESS_SPEC_RULES_H_
#define STATUSSIM_HARNESS_SPEC_RULES_H_

#include <string>
#include <string_view>
#include <vector>

namespace statussim::harness {

// The rule IDs in SPEC order, without duplicates.
std::vector<std::string> ParseRuleIds(std::string_view spec_text);
// SPEC.md as compiled in (spec/SPEC.md at build time).
std::string_view EmbeddedSpecText();

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_SPEC_RULES_H_
