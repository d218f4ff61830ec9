// ExerciseTally: over a campaign (the suite, or the generated scenarios of
// `statussim explore`), how many scenarios exercised each SPEC rule in the
// model and how often in all (sim/exercise.h says what counts as a hit).
// Tallies of shards add up: Merge is associative and commutative, so a
// campaign split over machines gives the same figures as one run.
#ifndef STATUSSIM_HARNESS_EXERCISE_TALLY_H_
#define STATUSSIM_HARNESS_EXERCISE_TALLY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sim/exercise.h"

namespace statussim::harness {

struct RuleExercise {
  std::string rule;        // SPEC rule ID
  uint64_t scenarios = 0;  // scenarios that exercised it at least once
  uint64_t hits = 0;       // its hits over all of them
};

struct ExerciseTally {
  uint64_t scenarios = 0;                     // scenarios counted
  std::vector<RuleExercise> rules = Empty();  // every rule, SPEC order

  // Counts one scenario's hits.
  void Add(const sim::RuleCounts& counts);
  // Adds another tally (a shard of the same campaign).
  void Merge(const ExerciseTally& other);
  // Rules no scenario exercised, in SPEC order.
  std::vector<std::string> Unexercised() const;

 private:
  static std::vector<RuleExercise> Empty();
};

// The rules one scenario exercised, in SPEC order: what a generated scenario
// declares in `covers`.
std::vector<std::string> ExercisedRules(const sim::RuleCounts& counts);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_EXERCISE_TALLY_H_
