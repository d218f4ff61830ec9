#include "sim/exercise.h"

#include <algorithm>

namespace statussim::sim {
namespace {

constexpr std::array<std::string_view, kRuleCount> kRuleIds = {
#define STATUSSIM_RULE_ID(name, id) id,
    STATUSSIM_RULES(STATUSSIM_RULE_ID)
#undef STATUSSIM_RULE_ID
};

}  // namespace

std::string_view RuleId(Rule r) { return kRuleIds.at(static_cast<size_t>(r)); }

std::optional<Rule> ParseRuleId(std::string_view id) {
  for (size_t i = 0; i < kRuleIds.size(); ++i) {
    if (kRuleIds[i] == id) return static_cast<Rule>(i);
  }
  return std::nullopt;
}

std::span<const std::string_view> AllRuleIds() { return kRuleIds; }

bool RuleCounts::empty() const {
  return std::all_of(hits.begin(), hits.end(), [](uint64_t h) { return h == 0; });
}

}  // namespace statussim::sim
