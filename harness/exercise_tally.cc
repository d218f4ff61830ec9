#include "harness/exercise_tally.h"

namespace statussim::harness {

std::vector<RuleExercise> ExerciseTally::Empty() {
  std::vector<RuleExercise> rules;
  for (std::string_view id : sim::AllRuleIds())
    rules.push_back(RuleExercise{std::string(id), 0, 0});
  return rules;
}

void ExerciseTally::Add(const sim::RuleCounts& counts) {
  ++scenarios;
  for (size_t i = 0; i < sim::kRuleCount; ++i) {
    rules[i].hits += counts.hits[i];
    rules[i].scenarios += counts.hits[i] > 0 ? 1 : 0;
  }
}

void ExerciseTally::Merge(const ExerciseTally& other) {
  scenarios += other.scenarios;
  for (size_t i = 0; i < sim::kRuleCount; ++i) {
    rules[i].hits += other.rules[i].hits;
    rules[i].scenarios += other.rules[i].scenarios;
  }
}

std::vector<std::string> ExerciseTally::Unexercised() const {
  std::vector<std::string> out;
  for (const RuleExercise& r : rules) {
    if (r.scenarios == 0) out.push_back(r.rule);
  }
  return out;
}

std::vector<std::string> ExercisedRules(const sim::RuleCounts& counts) {
  std::vector<std::string> out;
  for (size_t i = 0; i < sim::kRuleCount; ++i) {
    if (counts.hits[i] > 0) out.emplace_back(sim::AllRuleIds()[i]);
  }
  return out;
}

}  // namespace statussim::harness
