// RuleHits: how often the model took a branch that a SPEC rule decides, for
// `statussim explore` (the rules a campaign exercised; the `covers` of a
// shrunk scenario). Counting is off unless a RuleHits is attached
// (Backend::set_rule_hits); then a hit is one increment. A rule is "hit" when
// the model reaches the place where that rule changes what happens (a check
// that rejects or passes, a kick, an eviction, a timer, a push), not merely
// when a step touches the same API.
#ifndef STATUSSIM_SIM_RULE_HITS_H_
#define STATUSSIM_SIM_RULE_HITS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace statussim::sim {

// Every rule of SPEC.md, in its order.
enum class Rule : uint8_t {
  kVal1,
  kVal2,
  kVal3,
  kVal4,
  kSta1,
  kSta2,
  kSta3,
  kSta4,
  kSta5,
  kSta6,
  kSta7,
  kSes1,
  kSes2,
  kSes3,
  kSes4,
  kSes5,
  kSes6,
  kSes7,
  kSes8,
  kSes9,
  kApi1,
  kApi2,
  kApi3,
  kApi4,
  kSet1,
  kSet2,
  kSet3,
  kSet4,
  kSet5,
  kSet6,
  kGet1,
  kGet2,
  kGet3,
  kGet4,
  kGet5,
  kGet6,
  kGet7,
  kGet8,
  kSub1,
  kSub2,
  kSub3,
  kSub4,
  kSub5,
  kSub6,
  kSub7,
  kSub8,
  kSub9,
  kSub10,
  kUns1,
  kUns2,
  kUns3,
  kUns4,
  kUns5,
  kUns6,
  kRl1,
  kRl2,
  kRl3,
  kGate1,
  kGate2,
  kGate3,
  kGate4,
  kEvt1,
  kEvt2,
  kEvt3,
  kEvt4,
  kEvt5,
  kEvt6,
  kClr1,
  kClr2,
  kClr3,
  kClr4,
  kPar1,
  kPar2,
  kCount,
};
inline constexpr size_t kRuleCount = static_cast<size_t>(Rule::kCount);

std::string_view RuleId(Rule r);  // "SES-4"

class RuleHits {
 public:
  void Hit(Rule r) { ++counts_[static_cast<size_t>(r)]; }
  void Add(const RuleHits& other);
  uint64_t Count(Rule r) const { return counts_[static_cast<size_t>(r)]; }
  // By ID ("SES-4"); 0 for an ID that is not a rule.
  uint64_t Count(std::string_view id) const;
  // The IDs hit at least once, in SPEC order.
  std::vector<std::string> Exercised() const;

 private:
  std::array<uint64_t, kRuleCount> counts_{};
};

// Counts `r` when counting is on.
inline void Hit(RuleHits* hits, Rule r) {
  if (hits != nullptr) hits->Hit(r);
}

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_RULE_HITS_H_
