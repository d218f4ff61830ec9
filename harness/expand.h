// Patterns of `expand` (SCENARIOS.md "Values"): "prefix{A..B}suffix" stands
// for the IDs prefixA suffix ... prefixB suffix (decimal, no padding, A <= B,
// exactly one brace group). A pattern is parsed and its count checked before
// any ID is made. ExpandPattern (loader.h) is the public form; the loader
// uses these parts to apply its per-file limit too. Internal to the scenario
// loader (harness/loader.h).
#ifndef STATUSSIM_HARNESS_EXPAND_H_
#define STATUSSIM_HARNESS_EXPAND_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harness/status.h"

namespace statussim::harness::loader_internal {

// A parsed pattern. prefix and suffix view the pattern's text.
struct Pattern {
  std::string_view prefix;
  std::string_view suffix;
  uint64_t first = 0;
  uint64_t last = 0;
  uint64_t count() const { return last - first + 1; }
};

// The pattern, or why it is not one (quoting it).
Result<Pattern> ParsePattern(std::string_view pattern);
// Every ID of `p`, in order: p.count() of them.
std::vector<std::string> ExpandParsed(const Pattern& p);
// The message for a pattern that makes `count` IDs when at most `max` may be made.
std::string TooManyIds(std::string_view pattern, uint64_t count, uint64_t max);

}  // namespace statussim::harness::loader_internal

#endif  // STATUSSIM_HARNESS_EXPAND_H_
