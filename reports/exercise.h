// Reports of the rule exercise (harness/exercise_tally.h): per SPEC rule, the
// scenarios of a campaign that exercised it in the model and its hits, as
// text and JSON. `statussim coverage --exercised` prints them for a suite,
// beside the scenarios whose `covers` name each rule.
#ifndef STATUSSIM_REPORTS_EXERCISE_H_
#define STATUSSIM_REPORTS_EXERCISE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/exercise_tally.h"

namespace statussim::reports {

// A scenario whose `covers` names rules the model never applied in it.
struct CoversGap {
  std::string scenario;            // its name
  std::string file;                // its file
  std::vector<std::string> rules;  // named in covers, not exercised, SPEC order
};

struct ExerciseReport {
  harness::ExerciseTally tally;
  // Per rule (tally order): scenarios whose covers name it; empty when the
  // campaign declares nothing (generated scenarios).
  std::vector<uint64_t> declared;
  std::vector<CoversGap> gaps;
};

// One line per rule in SPEC order (those never exercised marked), the
// scenarios whose covers were not exercised, then a summary line.
std::string RenderExerciseText(const ExerciseReport& report);
std::string RenderExerciseJson(const ExerciseReport& report);

}  // namespace statussim::reports

#endif  // STATUSSIM_REPORTS_EXERCISE_H_
