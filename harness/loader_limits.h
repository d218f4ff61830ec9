// The bounds on the work of loading one scenario file (docs/limits.md):
// hostile input (huge files, alias bombs, endless `times` or `expand`) gets a
// located error instead of unbounded time or memory. Internal to the scenario
// loader (harness/loader.h); nothing outside its files includes this.
#ifndef STATUSSIM_HARNESS_LOADER_LIMITS_H_
#define STATUSSIM_HARNESS_LOADER_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace statussim::harness::loader_internal {

inline constexpr uintmax_t kMaxFileBytes = 10u << 20;  // larger files are refused unread
inline constexpr size_t kMaxSteps = 100'000;
inline constexpr int64_t kMaxTimes = 1'000'000;
inline constexpr int64_t kMaxStepRuns = 10'000'000;  // steps run per scenario, `times` counted
inline constexpr uint64_t kMaxIds = 1'000'000;  // IDs made by `expand`, per expand and per file
inline constexpr int64_t kMaxDurationMs = 100LL * 365 * 24 * 3600 * 1000;  // 100 years
inline constexpr int kMaxValueDepth = 256;       // `args` / `ok` nesting; also ends alias cycles
inline constexpr int64_t kMaxNodes = 4'000'000;  // node visits, aliases expanded (billion laughs)
inline constexpr size_t kMaxErrors = 200;        // per file; the rest are counted

}  // namespace statussim::harness::loader_internal

#endif  // STATUSSIM_HARNESS_LOADER_LIMITS_H_
