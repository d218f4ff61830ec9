#include "sim/rule_hits.h"

namespace statussim::sim {
namespace {

constexpr std::string_view kIds[kRuleCount] = {
    "VAL-1",
    "VAL-2",
    "VAL-3",
    "VAL-4",
    "STA-1",
    "STA-2",
    "STA-3",
    "STA-4",
    "STA-5",
    "STA-6",
    "STA-7",
    "SES-1",
    "SES-2",
    "SES-3",
    "SES-4",
    "SES-5",
    "SES-6",
    "SES-7",
    "SES-8",
    "SES-9",
    "API-1",
    "API-2",
    "API-3",
    "API-4",
    "SET-1",
    "SET-2",
    "SET-3",
    "SET-4",
    "SET-5",
    "SET-6",
    "GET-1",
    "GET-2",
    "GET-3",
    "GET-4",
    "GET-5",
    "GET-6",
    "GET-7",
    "GET-8",
    "SUB-1",
    "SUB-2",
    "SUB-3",
    "SUB-4",
    "SUB-5",
    "SUB-6",
    "SUB-7",
    "SUB-8",
    "SUB-9",
    "SUB-10",
    "UNS-1",
    "UNS-2",
    "UNS-3",
    "UNS-4",
    "UNS-5",
    "UNS-6",
    "RL-1",
    "RL-2",
    "RL-3",
    "GATE-1",
    "GATE-2",
    "GATE-3",
    "GATE-4",
    "EVT-1",
    "EVT-2",
    "EVT-3",
    "EVT-4",
    "EVT-5",
    "EVT-6",
    "CLR-1",
    "CLR-2",
    "CLR-3",
    "CLR-4",
    "PAR-1",
    "PAR-2",
};

}  // namespace

std::string_view RuleId(Rule r) {
  const size_t i = static_cast<size_t>(r);
  return i < kRuleCount ? kIds[i] : "?";
}

void RuleHits::Add(const RuleHits& other) {
  for (size_t i = 0; i < kRuleCount; ++i) counts_[i] += other.counts_[i];
}

uint64_t RuleHits::Count(std::string_view id) const {
  for (size_t i = 0; i < kRuleCount; ++i) {
    if (kIds[i] == id) return counts_[i];
  }
  return 0;
}

std::vector<std::string> RuleHits::Exercised() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < kRuleCount; ++i) {
    if (counts_[i] > 0) out.emplace_back(kIds[i]);
  }
  return out;
}

}  // namespace statussim::sim
