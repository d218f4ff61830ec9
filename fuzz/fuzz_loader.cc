// libFuzzer target: YAML text in, LoadScenarioText out. Every input either
// loads (and then has no error) or gives at least one error with a reason;
// nothing crashes, hangs or allocates without bound (ASan's rss and malloc
// limits, libFuzzer's -timeout). A loaded scenario is also turned into the
// protocol messages a process client would get.
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string_view>
#include <vector>

#include "harness/loader.h"
#include "harness/protocol.h"
#include "harness/spec_rules.h"

namespace {

using statussim::harness::LoadError;
using statussim::harness::LoadOptions;
using statussim::harness::Scenario;
using statussim::harness::Step;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "fuzz_loader: %s\n", what);
  std::abort();
}

const LoadOptions& Options() {
  static const LoadOptions options = [] {
    LoadOptions o;
    o.rule_ids = statussim::harness::ParseRuleIds(statussim::harness::EmbeddedSpecText());
    return o;
  }();
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<LoadError> errors;
  const std::optional<Scenario> s =
      statussim::harness::LoadScenarioText(text, "fuzz.yaml", Options(), &errors);
  if (!s) {
    if (errors.empty()) Fail("no scenario and no error");
    // In file order (LoadScenarioText's contract); the "N more errors not
    // shown" note, at line 0, may close the list.
    for (size_t i = 1; i < errors.size(); ++i) {
      const auto& a = errors[i - 1].where;
      const auto& b = errors[i].where;
      const bool last_note = i + 1 == errors.size() && b.line == 0;
      if (!last_note && (b.line < a.line || (b.line == a.line && b.column < a.column))) {
        Fail("errors out of file order");
      }
    }
    for (const LoadError& e : errors) {
      if (e.reason.empty()) Fail("an error without a reason");
      if (e.where.line < 0 || e.where.column < 0) Fail("an error at a negative location");
      if (e.where.line > 0 && e.where.column == 0) Fail("an error with a line but no column");
      if (e.ToString().empty()) Fail("an empty error text");
    }
    return 0;
  }
  if (!errors.empty()) Fail("a scenario and errors");
  if (s->name.empty()) Fail("a scenario without a name");
  if (s->covers.empty()) Fail("a scenario without covers");
  // What a process client would be sent (bounded by the loader's limits).
  if (s->accounts.size() + s->steps.size() <= 10'000) {
    (void)statussim::harness::InitMessage(*s).ToJson();
    int64_t id = 1;
    for (const Step& step : s->steps) (void)statussim::harness::DoMessage(id++, step).ToJson();
  }
  return 0;
}
