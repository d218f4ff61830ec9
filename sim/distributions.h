// Counts drawn per account (devices, subscriptions, friends) and the
// popularity of subscription targets, for the worlds of `statussim scale`
// (sim/world.h).
//
// Invariants:
//  - Every draw uses the caller's sim::Rng and integer or table arithmetic
//    built once from the spec: no std::*_distribution (ECOSYSTEM.md 1.5
//    item 11), so a spec and a seed give the same counts everywhere.
//  - A fixed count draws nothing from the generator, so a world of fixed
//    counts consumes its streams exactly as the uniform generator of
//    sim/workload.h does.
#ifndef STATUSSIM_SIM_DISTRIBUTIONS_H_
#define STATUSSIM_SIM_DISTRIBUTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sim/workload.h"

namespace statussim::sim {

// A distribution of a non-negative count.
struct CountDist {
  enum class Kind : uint8_t {
    kFixed,    // always `value`
    kUniform,  // uniform in [min, max]
    kZipf,     // P(k) proportional to (k - min + 1)^-exponent for k in [min, max]
  };
  Kind kind = Kind::kFixed;
  uint32_t value = 0;     // kFixed
  uint32_t min = 0;       // kUniform, kZipf: smallest count
  uint32_t max = 0;       // kUniform, kZipf: largest count, >= min
  double exponent = 1.0;  // kZipf: > 0

  static CountDist Fixed(uint32_t v) { return CountDist{Kind::kFixed, v, v, v, 1.0}; }
  // The largest count a draw can return.
  uint32_t Largest() const { return kind == Kind::kFixed ? value : max; }
  // Expected count (for sizing and progress only).
  double Mean() const;
  // "fixed 10", "uniform 1..20", "zipf 1..5000 s=1.2".
  std::string Describe() const;
};

// Largest max - min + 1 of a Zipf distribution (its table: 8 bytes a value).
inline constexpr uint32_t kMaxZipfSpan = 16'000'000;

// Draws from one CountDist. A Zipf sampler keeps a cumulative table and
// draws by binary search on a 53-bit uniform fraction.
class CountSampler {
 public:
  explicit CountSampler(const CountDist& dist);
  uint32_t Draw(Rng* rng) const;

  // Cumulative weights (r + 1)^-exponent of r = 0 .. span - 1.
  static std::vector<double> ZipfTable(uint32_t span, double exponent);
  // An index drawn from such a table.
  static uint32_t DrawFromTable(const std::vector<double>& cdf, Rng* rng);

 private:
  CountDist dist_;
  std::vector<double> cdf_;  // kZipf: cumulative weights, last = total
};

// A uniform fraction in [0, 1) from 53 bits of the generator.
double UnitFraction(Rng* rng);

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_DISTRIBUTIONS_H_
