#include "sim/distributions.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace statussim::sim {

double UnitFraction(Rng* rng) { return static_cast<double>(rng->Next() >> 11) * 0x1p-53; }

double CountDist::Mean() const {
  switch (kind) {
    case Kind::kFixed:
      return value;
    case Kind::kUniform:
      return (static_cast<double>(min) + max) / 2;
    case Kind::kZipf: {
      double weight = 0;
      double sum = 0;
      const uint32_t span = max - min + 1;
      for (uint32_t r = 1; r <= std::min(span, kMaxZipfSpan); ++r) {
        const double w = std::pow(static_cast<double>(r), -exponent);
        weight += w;
        sum += w * (min + r - 1);
      }
      return weight > 0 ? sum / weight : min;
    }
  }
  return value;
}

std::string CountDist::Describe() const {
  switch (kind) {
    case Kind::kFixed:
      return "fixed " + std::to_string(value);
    case Kind::kUniform:
      return "uniform " + std::to_string(min) + ".." + std::to_string(max);
    case Kind::kZipf: {
      char s[32];
      std::snprintf(s, sizeof s, "%g", exponent);
      return "zipf " + std::to_string(min) + ".." + std::to_string(max) + " s=" + s;
    }
  }
  return "";
}

std::vector<double> CountSampler::ZipfTable(uint32_t span, double exponent) {
  std::vector<double> cdf(span);
  double total = 0;
  for (uint32_t r = 0; r < span; ++r) {
    total += std::pow(static_cast<double>(r + 1), -exponent);
    cdf[r] = total;
  }
  return cdf;
}

uint32_t CountSampler::DrawFromTable(const std::vector<double>& cdf, Rng* rng) {
  const double u = UnitFraction(rng) * cdf.back();
  const auto it = std::upper_bound(cdf.begin(), cdf.end(), u);
  return static_cast<uint32_t>(
      std::min<ptrdiff_t>(it - cdf.begin(), static_cast<ptrdiff_t>(cdf.size()) - 1));
}

CountSampler::CountSampler(const CountDist& dist) : dist_(dist) {
  if (dist.kind != CountDist::Kind::kZipf) return;
  cdf_ = ZipfTable(std::min(dist.max - dist.min + 1, kMaxZipfSpan), dist.exponent);
}

uint32_t CountSampler::Draw(Rng* rng) const {
  switch (dist_.kind) {
    case CountDist::Kind::kFixed:
      return dist_.value;
    case CountDist::Kind::kUniform:
      return dist_.min + static_cast<uint32_t>(rng->Below(uint64_t{dist_.max} - dist_.min + 1));
    case CountDist::Kind::kZipf:
      return dist_.min + DrawFromTable(cdf_, rng);
  }
  return dist_.value;
}

}  // namespace statussim::sim
