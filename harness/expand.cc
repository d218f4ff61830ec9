// Patterns of `expand` (expand.h).
#include "harness/expand.h"

#include <fmt/format.h>

#include <charconv>

#include "harness/loader.h"
#include "harness/yaml_scalars.h"

namespace statussim::harness {
namespace loader_internal {
namespace {

Result<uint64_t> ParsePatternNumber(std::string_view s, std::string_view pattern) {
  if (!IsDigits(s)) {
    return Status::Error(fmt::format(
        "expand pattern {}: the group must be {{A..B}} with decimal numbers", Quote(pattern)));
  }
  if (s.size() > 1 && s[0] == '0') {
    return Status::Error(fmt::format("expand pattern {}: no leading zeros (no padding) in {}",
                                     Quote(pattern), Quote(s)));
  }
  if (s.size() > 18) {
    return Status::Error(
        fmt::format("expand pattern {}: number {} is too large", Quote(pattern), Quote(s)));
  }
  uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

Result<Pattern> ParsePattern(std::string_view pattern) {
  const size_t open = pattern.find('{');
  const size_t close = pattern.find('}');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return Status::Error(fmt::format("expand pattern {} has no {{A..B}} group", Quote(pattern)));
  }
  if (pattern.find_first_of("{}", close + 1) != std::string_view::npos ||
      pattern.find('{', open + 1) < close) {
    return Status::Error(fmt::format(
        "expand pattern {} has more than one brace group; exactly one {{A..B}} is allowed",
        Quote(pattern)));
  }
  const std::string_view body = pattern.substr(open + 1, close - open - 1);
  const size_t dots = body.find("..");
  if (dots == std::string_view::npos) {
    return Status::Error(fmt::format(
        "expand pattern {}: the group must be {{A..B}} with decimal numbers", Quote(pattern)));
  }
  Result<uint64_t> a = ParsePatternNumber(body.substr(0, dots), pattern);
  if (!a.ok()) return a.status();
  Result<uint64_t> b = ParsePatternNumber(body.substr(dots + 2), pattern);
  if (!b.ok()) return b.status();
  if (a.value() > b.value()) {
    return Status::Error(
        fmt::format("expand pattern {}: A must be <= B in {{A..B}}", Quote(pattern)));
  }
  return Pattern{pattern.substr(0, open), pattern.substr(close + 1), a.value(), b.value()};
}

std::vector<std::string> ExpandParsed(const Pattern& p) {
  std::vector<std::string> ids;
  ids.reserve(p.count());
  for (uint64_t i = p.first; i <= p.last; ++i) {
    ids.push_back(fmt::format("{}{}{}", p.prefix, i, p.suffix));
  }
  return ids;
}

std::string TooManyIds(std::string_view pattern, uint64_t count, uint64_t max) {
  return fmt::format("expand pattern {} makes {} IDs; the limit is {}", Quote(pattern), count, max);
}

}  // namespace loader_internal

using loader_internal::ExpandParsed;
using loader_internal::ParsePattern;
using loader_internal::Pattern;
using loader_internal::TooManyIds;

Result<std::vector<std::string>> ExpandPattern(std::string_view pattern, size_t max_ids) {
  Result<Pattern> p = ParsePattern(pattern);
  if (!p.ok()) return p.status();
  if (p.value().count() > max_ids) {
    return Status::Error(TooManyIds(pattern, p.value().count(), max_ids));
  }
  return ExpandParsed(p.value());
}

}  // namespace statussim::harness
