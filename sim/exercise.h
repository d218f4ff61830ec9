// Exercise: how often the model applied each SPEC rule during a run.
//
// The model counts a hit where its code takes the branch a rule describes, at
// the point where that branch decides what happens: a kick for SES-4, a
// rejection 2996 or a new window for RL-2, a pending clear cancelled for
// CLR-3. A rule that a scenario lists in `covers` but never hits was not
// exercised by it in the model; a generated scenario's `covers` is the set of
// rules it hit. Each hit site carries an `// exercised:` comment that says
// what counts; the list of rules is SPEC.md's (a unit test compares them).
//
// Counting is off unless a RuleCounts is attached (Backend::set_exercise):
// each site is then one test of a null pointer, and the fan-out's inner loops
// are never touched (what they decide is counted in a separate pass, run only
// when counting).
#ifndef STATUSSIM_SIM_EXERCISE_H_
#define STATUSSIM_SIM_EXERCISE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace statussim::sim {

// Every rule of SPEC.md, in SPEC order.
// clang-format off
#define STATUSSIM_RULES(X)                                                                     \
  X(kVal1, "VAL-1") X(kVal2, "VAL-2") X(kVal3, "VAL-3") X(kVal4, "VAL-4")                       \
  X(kSta1, "STA-1") X(kSta2, "STA-2") X(kSta3, "STA-3") X(kSta4, "STA-4") X(kSta5, "STA-5")     \
  X(kSta6, "STA-6") X(kSta7, "STA-7")                                                           \
  X(kSes1, "SES-1") X(kSes2, "SES-2") X(kSes3, "SES-3") X(kSes4, "SES-4") X(kSes5, "SES-5")     \
  X(kSes6, "SES-6") X(kSes7, "SES-7") X(kSes8, "SES-8") X(kSes9, "SES-9")                       \
  X(kApi1, "API-1") X(kApi2, "API-2") X(kApi3, "API-3") X(kApi4, "API-4")                       \
  X(kSet1, "SET-1") X(kSet2, "SET-2") X(kSet3, "SET-3") X(kSet4, "SET-4") X(kSet5, "SET-5")     \
  X(kSet6, "SET-6")                                                                             \
  X(kGet1, "GET-1") X(kGet2, "GET-2") X(kGet3, "GET-3") X(kGet4, "GET-4") X(kGet5, "GET-5")     \
  X(kGet6, "GET-6") X(kGet7, "GET-7") X(kGet8, "GET-8")                                         \
  X(kSub1, "SUB-1") X(kSub2, "SUB-2") X(kSub3, "SUB-3") X(kSub4, "SUB-4") X(kSub5, "SUB-5")     \
  X(kSub6, "SUB-6") X(kSub7, "SUB-7") X(kSub8, "SUB-8") X(kSub9, "SUB-9") X(kSub10, "SUB-10")   \
  X(kUns1, "UNS-1") X(kUns2, "UNS-2") X(kUns3, "UNS-3") X(kUns4, "UNS-4") X(kUns5, "UNS-5")     \
  X(kUns6, "UNS-6")                                                                             \
  X(kRl1, "RL-1") X(kRl2, "RL-2") X(kRl3, "RL-3")                                               \
  X(kGate1, "GATE-1") X(kGate2, "GATE-2") X(kGate3, "GATE-3") X(kGate4, "GATE-4")               \
  X(kEvt1, "EVT-1") X(kEvt2, "EVT-2") X(kEvt3, "EVT-3") X(kEvt4, "EVT-4") X(kEvt5, "EVT-5")     \
  X(kEvt6, "EVT-6")                                                                             \
  X(kClr1, "CLR-1") X(kClr2, "CLR-2") X(kClr3, "CLR-3") X(kClr4, "CLR-4")                       \
  X(kPar1, "PAR-1") X(kPar2, "PAR-2")
// clang-format on

enum class Rule : uint8_t {
#define STATUSSIM_RULE_ENUM(name, id) name,
  STATUSSIM_RULES(STATUSSIM_RULE_ENUM)
#undef STATUSSIM_RULE_ENUM
};

#define STATUSSIM_RULE_COUNT(name, id) +1
inline constexpr size_t kRuleCount = 0 STATUSSIM_RULES(STATUSSIM_RULE_COUNT);
#undef STATUSSIM_RULE_COUNT

std::string_view RuleId(Rule r);  // "SES-4"
std::optional<Rule> ParseRuleId(std::string_view id);
// Every rule's ID, in SPEC order.
std::span<const std::string_view> AllRuleIds();

// Hits per rule, indexed by Rule.
struct RuleCounts {
  std::array<uint64_t, kRuleCount> hits{};  // applications of each rule, 0 = not exercised

  void Hit(Rule r) { ++hits[static_cast<size_t>(r)]; }
  uint64_t operator[](Rule r) const { return hits[static_cast<size_t>(r)]; }
  bool empty() const;  // no rule exercised at all
};

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_EXERCISE_H_
