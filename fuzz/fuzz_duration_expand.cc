// libFuzzer target: the `wait` / params duration parser and the `expand`
// pattern parser (harness/loader.h), on the same text. The first byte picks
// the `max_ids` bound of ExpandPattern (0 .. 100,000, or the loader's
// 1,000,000); a result must respect it and every ID must be the pattern with
// its group replaced by a number.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "harness/loader.h"

namespace {

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "fuzz_duration_expand: %s\n", what);
  std::abort();
}

constexpr int64_t kHundredYearsMs = 100LL * 365 * 24 * 3600 * 1000;

void CheckDuration(std::string_view text) {
  const statussim::harness::Result<int64_t> d = statussim::harness::ParseDuration(text);
  if (!d.ok()) {
    if (d.message().empty()) Fail("ParseDuration: an error without a reason");
    return;
  }
  if (d.value() < 0 || d.value() > kHundredYearsMs) Fail("ParseDuration: out of range");
  // Only digits and a unit, never signs or spaces.
  if (text.empty() || text[0] < '0' || text[0] > '9') Fail("ParseDuration: accepted a non-number");
  // Plain milliseconds read back as themselves.
  if (text.find_first_not_of("0123456789") == std::string_view::npos) {
    int64_t n = -1;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || ptr != text.data() + text.size() || n != d.value()) {
      Fail("ParseDuration: plain milliseconds changed");
    }
  }
}

void CheckExpand(std::string_view pattern, size_t max_ids) {
  const auto ids = statussim::harness::ExpandPattern(pattern, max_ids);
  if (!ids.ok()) {
    if (ids.message().empty()) Fail("ExpandPattern: an error without a reason");
    return;
  }
  const std::vector<std::string>& v = ids.value();
  if (v.empty()) Fail("ExpandPattern: no ID");
  if (v.size() > max_ids) Fail("ExpandPattern: more IDs than max_ids");
  const size_t open = pattern.find('{');
  const size_t close = pattern.find('}');
  if (open == std::string_view::npos || close == std::string_view::npos) {
    Fail("ExpandPattern: accepted a pattern without a group");
  }
  const std::string_view prefix = pattern.substr(0, open);
  const std::string_view suffix = pattern.substr(close + 1);
  std::string previous;
  for (const std::string& id : v) {
    if (id.size() <= prefix.size() + suffix.size() || id.compare(0, prefix.size(), prefix) != 0 ||
        id.compare(id.size() - suffix.size(), suffix.size(), suffix) != 0) {
      Fail("ExpandPattern: an ID that is not prefix + number + suffix");
    }
    if (id == previous) Fail("ExpandPattern: the same ID twice in a row");
    previous = id;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  constexpr size_t kBounds[] = {0, 1, 10, 1000, 100'000, 1'000'000};
  const size_t max_ids = kBounds[data[0] % std::size(kBounds)];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  CheckDuration(text);
  CheckExpand(text, max_ids);
  return 0;
}
