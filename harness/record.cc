// Expectations recorded from the model into a scenario's text (record.h).
// Three parts: the run on the model (RecordingClient), what to change
// (Planner), where in the text (record_edit.h); then the check of the result.
#include "harness/record.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/builtin_client.h"
#include "harness/emit.h"
#include "harness/flow_text.h"
#include "harness/match.h"
#include "harness/record_edit.h"
#include "harness/runner.h"
#include "harness/scenario_text.h"

namespace statussim::harness {
namespace {

using sim::Outcome;
using sim::Value;

// What the model did in one step.
struct StepRecord {
  std::vector<Outcome> outcomes;                     // action steps: one per repetition
  std::vector<std::pair<std::string, Value>> items;  // (device, item), in arrival order
};

// Forwards to the model and keeps, per step, its outcomes and the items of
// the events it caused. The runner calls Do, Configure or Time once per
// repetition of every step but expect_events, in step order, each followed
// by Sync: so the step of each call is the next one in that order.
class RecordingClient : public ForwardingClient {
 public:
  RecordingClient(Client* target, const Scenario& s, std::vector<StepRecord>* out)
      : ForwardingClient(target), scenario_(s), out_(out) {
    out_->assign(s.steps.size(), StepRecord{});
  }

  Result<Outcome> Do(const Step& step) override {
    Advance();
    if (&step != &scenario_.steps[pos_]) Abort("Do out of step order");
    Result<Outcome> r = target()->Do(step);
    if (r.ok()) (*out_)[pos_].outcomes.push_back(r.value());
    return r;
  }
  Status Configure(const sim::App& app) override {
    Advance();
    return target()->Configure(app);
  }
  Status Time(Millis now) override {
    Advance();
    return target()->Time(now);
  }
  Status Sync(std::vector<DeviceEvent>* events) override {
    std::vector<DeviceEvent> mine;
    Status st = target()->Sync(&mine);
    for (DeviceEvent& e : mine) {
      std::vector<Value> items;
      AppendEventItems(e, &items);
      for (Value& item : items) (*out_)[pos_].items.emplace_back(e.device, std::move(item));
      events->push_back(std::move(e));
    }
    return st;
  }

 private:
  [[noreturn]] static void Abort(const char* what) {
    std::fprintf(stderr, "%s:%d: RecordingClient: %s\n", __FILE__, __LINE__, what);
    std::abort();
  }
  void Advance() {
    if (started_ && repeat_ + 1 < scenario_.steps[pos_].times) {
      ++repeat_;
      return;
    }
    if (started_) ++pos_;
    started_ = true;
    while (pos_ < scenario_.steps.size() &&
           scenario_.steps[pos_].kind == Step::Kind::kExpectEvents) {
      ++pos_;
    }
    if (pos_ >= scenario_.steps.size()) Abort("more calls than steps");
    repeat_ = 0;
  }

  const Scenario& scenario_;
  std::vector<StepRecord>* out_;
  size_t pos_ = 0;
  int repeat_ = 0;
  bool started_ = false;
};

// ---------------------------------------------------------------- the plan

// SCENARIOS.md "Expectations on a step" (the runner's CheckOutcome).
bool Meets(const Expectation& x, const Outcome& o) {
  switch (x.kind) {
    case Expectation::Kind::kOk:
      return o.kind == Outcome::Kind::kOk &&
             (!x.data || MatchData(*x.data, o.data, x.ordered).empty());
    case Expectation::Kind::kError:
      return o.kind == Outcome::Kind::kError && o.code == x.code;
    case Expectation::Kind::kThrows:
      return o.kind == Outcome::Kind::kThrows;
  }
  return false;
}

bool SameOutcome(const Outcome& a, const Outcome& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == Outcome::Kind::kError) return a.code == b.code;
  if (a.kind == Outcome::Kind::kOk) {
    return WithoutMessages(a.data).ToCanonicalJson() == WithoutMessages(b.data).ToCanonicalJson();
  }
  return true;
}

// What the model did, as an expectation (`ordered` as the step had it).
Expectation ExpectationOf(const Outcome& o, bool ordered) {
  Expectation x;
  switch (o.kind) {
    case Outcome::Kind::kOk:
      x.kind = Expectation::Kind::kOk;
      x.data = WithoutMessages(o.data);  // not compared (VAL-4)
      x.ordered = ordered;
      break;
    case Outcome::Kind::kError:
      x.kind = Expectation::Kind::kError;
      x.code = o.code;
      break;
    case Outcome::Kind::kThrows:
      x.kind = Expectation::Kind::kThrows;
      break;
  }
  return x;
}

bool IsPlainOk(const Outcome& o) {
  return o.kind == Outcome::Kind::kOk && o.data.is_object() && o.data.as_object().empty();
}

// An observed item as expect_events writes it: every key of a status item,
// the code of an error item (messages are not compared: VAL-4), the type of
// a kick.
Result<ExpectedItem> ItemOf(const Value& observed) {
  const auto& [key, data] = observed.as_object().front();
  ExpectedItem item;
  const auto copy = [&](std::string_view name) {
    if (const Value* v = data.Find(std::string(name))) item.fields.Set(std::string(name), *v);
  };
  if (key == "status" && data.is_object()) {
    item.kind = ExpectedItem::Kind::kStatus;
    for (const auto& [k, v] : data.as_object()) {
      if (k != "userID" && k != "statusType" && k != "customStatus") {
        return Status::Error(
            fmt::format("a status item with a key '{}' that expect_events cannot "
                        "name",
                        k));
      }
      item.fields.Set(k, v);
    }
  } else if (key == "error" && data.is_object()) {
    item.kind = ExpectedItem::Kind::kError;
    copy("code");
  } else if (key == "kicked" && data.is_object()) {
    item.kind = ExpectedItem::Kind::kKicked;
    copy("type");
  } else {
    return Status::Error("an event expect_events cannot name: " + observed.ToJson());
  }
  return item;
}

bool ItemsMatch(const std::vector<ExpectedItem>& expected, const std::vector<Value>& actual) {
  if (expected.size() != actual.size()) return false;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (!MatchItem(expected[i], actual[i]).empty()) return false;
  }
  return true;
}

std::string ItemsText(const std::vector<Value>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i].ToCanonicalJson();
  return out + "]";
}

class Planner {
 public:
  Planner(const Scenario& s, const std::vector<StepRecord>& record) : s_(s), record_(record) {}

  // The plan, or the reasons the file cannot be recorded (in `errors`).
  Plan Make(std::vector<LoadError>* errors) {
    errors_ = errors;
    for (size_t i = 0; i < s_.steps.size(); ++i) {
      const Step& step = s_.steps[i];
      if (step.kind == Step::Kind::kExpectEvents) {
        Consume(i);
        continue;
      }
      for (const auto& [device, item] : record_[i].items) queues_[device].push_back({item, i});
      if (step.kind != Step::Kind::kConfigure && step.kind != Step::Kind::kWait) Decide(i);
    }
    if (!s_.allow_unchecked_events) Leftovers();
    return std::move(plan_);
  }

 private:
  struct Queued {
    Value item;
    size_t origin;  // the step that caused it
  };

  void Fail(Location where, std::string reason) {
    errors_->push_back(LoadError{s_.file, where, std::move(reason)});
  }

  // An action step's `expect`, for every repetition at once.
  void Decide(size_t i) {
    const Step& step = s_.steps[i];
    const std::vector<Outcome>& got = record_[i].outcomes;
    if (got.empty()) return;  // not reached: the run ends in error first
    bool meets = true, same = true;
    for (const Outcome& o : got) {
      meets = meets && Meets(step.expect, o);
      same = same && SameOutcome(o, got.front());
    }
    const bool written = step.expect.where.line != 0;
    if (meets && (written || IsPlainOk(got.front()) || !same)) return;  // kept as it is
    if (!same) {
      std::string results;
      for (const Outcome& o : got) results += (results.empty() ? "" : "; ") + OutcomeText(o);
      return Fail(step.expect.where.line ? step.expect.where : step.where,
                  fmt::format("step {} (times: {}) has different results on its repetitions ({}); "
                              "one expect cannot hold them: split the step",
                              i + 1, step.times, results));
    }
    plan_.expects[i] = ExpectationOf(got.front(), step.expect.ordered);
  }

  // An expect_events step: each named device's queue is consumed (by every
  // repetition); a list that did not match becomes what it consumed.
  void Consume(size_t i) {
    const Step& step = s_.steps[i];
    for (size_t d = 0; d < step.expect_events.size(); ++d) {
      const DeviceExpectation& e = step.expect_events[d];
      std::vector<Value> first;
      bool match = true, same = true;
      for (int r = 0; r < step.times; ++r) {
        std::vector<Value> actual;
        for (Queued& q : queues_[e.device]) actual.push_back(std::move(q.item));
        queues_[e.device].clear();
        match = match && ItemsMatch(e.items, actual);
        if (r == 0) {
          first = std::move(actual);
        } else {
          same = same && ItemsText(actual) == ItemsText(first);
        }
      }
      if (match) continue;
      if (!same) {
        Fail(e.where, fmt::format("step {} (times: {}): the events of '{}' differ between "
                                  "repetitions; one list cannot hold them",
                                  i + 1, step.times, e.device));
        continue;
      }
      std::vector<ExpectedItem> items;
      for (const Value& v : first) {
        Result<ExpectedItem> item = ItemOf(v);
        if (!item.ok()) return Fail(e.where, item.message());
        items.push_back(std::move(item).value());
      }
      plan_.lists[{i, d}] = std::move(items);
    }
  }

  // Items never consumed: a new expect_events step after each step that
  // caused some, naming the devices in scenario order.
  void Leftovers() {
    std::vector<std::string> devices = s_.devices;
    for (const auto& [device, q] : queues_) {
      if (!q.empty() && std::find(devices.begin(), devices.end(), device) == devices.end()) {
        Fail(Location{},
             fmt::format("the model emitted events on '{}', a device no step names", device));
        return;
      }
    }
    for (const std::string& device : devices) {
      for (const Queued& q : queues_[device]) {
        // Added to the expect_events step right after the cause if there is
        // one (it does not name the device, or it would have consumed the
        // items): the same items are consumed there. Else a new step.
        const size_t next = q.origin + 1;
        const bool append = next < s_.steps.size() &&
                            s_.steps[next].kind == Step::Kind::kExpectEvents &&
                            s_.steps[next].times == 1;
        std::vector<DeviceExpectation>& step =
            append ? plan_.appends[next] : plan_.inserts[q.origin];
        if (step.empty() || step.back().device != device)
          step.push_back(DeviceExpectation{device, {}, {}});
        Result<ExpectedItem> item = ItemOf(q.item);
        if (!item.ok()) return Fail(s_.steps[q.origin].where, item.message());
        step.back().items.push_back(std::move(item).value());
      }
    }
  }

  const Scenario& s_;
  const std::vector<StepRecord>& record_;
  std::vector<LoadError>* errors_ = nullptr;
  std::map<std::string, std::vector<Queued>> queues_;
  Plan plan_;
};

// The scenario the new text must load as: the plan applied to the original.
Scenario Planned(const Scenario& s, const Plan& plan) {
  Scenario out = s;
  for (const auto& [i, x] : plan.expects) out.steps[i].expect = x;
  for (const auto& [at, items] : plan.lists)
    out.steps[at.first].expect_events[at.second].items = items;
  for (const auto& [i, devices] : plan.appends) {
    for (const DeviceExpectation& d : devices) out.steps[i].expect_events.push_back(d);
  }
  for (auto it = plan.inserts.rbegin(); it != plan.inserts.rend(); ++it) {
    Step step;
    step.kind = Step::Kind::kExpectEvents;
    step.expect_events = it->second;
    out.steps.insert(out.steps.begin() + static_cast<std::ptrdiff_t>(it->first) + 1,
                     std::move(step));
  }
  return out;
}

int ChangedSteps(const Plan& plan) {
  std::vector<size_t> steps;
  for (const auto& [i, x] : plan.expects) steps.push_back(i);
  for (const auto& [at, items] : plan.lists) steps.push_back(at.first);
  for (const auto& [i, devices] : plan.appends) steps.push_back(i);
  std::sort(steps.begin(), steps.end());
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  return static_cast<int>(steps.size() + plan.inserts.size());
}

}  // namespace

RecordResult RecordScenario(const Scenario& scenario, const std::string& text,
                            const LoadOptions& options) {
  RecordResult result;
  result.file = scenario.file;
  result.old_text = text;
  result.new_text = text;
  const auto fail = [&](std::string reason) {
    result.errors.push_back(LoadError{scenario.file, {}, std::move(reason)});
    return result;
  };

  BuiltinClient model;
  std::vector<StepRecord> record;
  RecordingClient recorder(&model, scenario, &record);
  const ScenarioResult run = RunScenario(scenario, recorder);
  if (run.verdict == Verdict::kError) return fail("the model ended the run in error: " + run.error);

  Plan plan = Planner(scenario, record).Make(&result.errors);
  if (!result.errors.empty() || plan.empty()) return result;
  const ScenarioText original(text);
  const std::vector<TextEdit> edits = EditsFor(scenario, original, &plan, &result.errors);
  if (!result.errors.empty()) return result;
  const std::string new_text = original.Apply(edits);

  // The check: the new text means the planned scenario, and it passes.
  std::vector<LoadError> errors;
  const std::optional<Scenario> reloaded =
      LoadScenarioText(new_text, scenario.file, options, &errors);
  if (!reloaded) {
    return fail("internal: the recorded text does not load (" +
                (errors.empty() ? std::string("?") : errors.front().ToString()) +
                "); the file is left as it is");
  }
  if (EmitScenario(*reloaded) != EmitScenario(Planned(scenario, plan))) {
    return fail(
        "internal: the recorded text does not load as the recorded scenario; the file is "
        "left as it is");
  }
  BuiltinClient again;
  const ScenarioResult check = RunScenario(*reloaded, again);
  if (check.verdict != Verdict::kPass) {
    return fail("internal: the recorded scenario does not pass on the model (" +
                RunSignature(check) + "); the file is left as it is");
  }
  result.new_text = new_text;
  result.steps_changed = ChangedSteps(plan);
  return result;
}

}  // namespace statussim::harness
