// Expectations recorded from the model into a scenario's text (record.h).
// Three parts: the run on the model (RecordingClient), what to change
// (Plan), and where in the text (Edits); then the check of the result.
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

// What changes, by step index of the original scenario.
struct Plan {
  std::map<size_t, Expectation> expects;  // new `expect` (replaced, or written where omitted)
  std::map<std::pair<size_t, size_t>, std::vector<ExpectedItem>> lists;  // (step, device#)
  std::map<size_t, std::vector<DeviceExpectation>> inserts;  // new expect_events after a step
  bool empty() const { return expects.empty() && lists.empty() && inserts.empty(); }
};

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
  if (a.kind == Outcome::Kind::kOk) return a.data.ToCanonicalJson() == b.data.ToCanonicalJson();
  return true;
}

std::string OutcomeText(const Outcome& o) {
  switch (o.kind) {
    case Outcome::Kind::kOk:
      return "ok " + o.data.ToCanonicalJson();
    case Outcome::Kind::kError:
      return fmt::format("error {}", o.code);
    case Outcome::Kind::kThrows:
      return "throws";
  }
  return "?";
}

// What the model did, as an expectation (`ordered` as the step had it).
Expectation ExpectationOf(const Outcome& o, bool ordered) {
  Expectation x;
  switch (o.kind) {
    case Outcome::Kind::kOk:
      x.kind = Expectation::Kind::kOk;
      x.data = o.data;
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
        std::vector<DeviceExpectation>& step = plan_.inserts[q.origin];
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

// ---------------------------------------------------------------- the text

constexpr size_t kMaxLine = 100;  // longer flow lines are written as block lists
constexpr FlowStyle kStyle{.status_names = true, .plain_strings = true};

std::string Pad(int n) { return std::string(static_cast<size_t>(n), ' '); }

std::string KeyText(std::string_view key) {
  std::string out;
  AppendYamlKey(key, &out);
  return out;
}

std::string ListFlow(const std::vector<ExpectedItem>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + ItemText(items[i], kStyle);
  return out + "]";
}

// Block list lines "- ITEM" at `indent`, each preceded by `eol`.
std::string ListBlock(const std::vector<ExpectedItem>& items, int indent, const std::string& eol) {
  std::string out;
  for (const ExpectedItem& item : items) out += eol + Pad(indent) + "- " + ItemText(item, kStyle);
  return out;
}

// `expect: ...` for a key at column `indent`: one flow line when it fits,
// else `ok` data as a block map with long lists one entry a line.
std::string ExpectNode(const Expectation& x, int indent, const std::string& eol) {
  const std::string flow = "expect: " + ExpectText(x, kStyle);
  if (static_cast<size_t>(indent) + flow.size() <= kMaxLine || x.kind != Expectation::Kind::kOk ||
      !x.data || !x.data->is_object() || x.data->as_object().empty()) {
    return flow;
  }
  std::string out = "expect:" + eol + Pad(indent + 2) + "ok:";
  for (const auto& [key, v] : x.data->as_object()) {
    const std::string line = Pad(indent + 4) + KeyText(key) + ": " + FlowValue(v, kStyle);
    if (!v.is_array() || v.as_array().empty() || line.size() <= kMaxLine) {
      out += eol + line;
      continue;
    }
    out += eol + Pad(indent + 4) + KeyText(key) + ":";
    for (const Value& item : v.as_array()) {
      out += eol + Pad(indent + 6) + "- " + FlowValue(item, kStyle);
    }
  }
  if (x.ordered) out += eol + Pad(indent + 2) + "ordered: true";
  return out;
}

std::string_view ActionKey(Step::Kind k) {
  switch (k) {
    case Step::Kind::kLogin:
      return "login";
    case Step::Kind::kLogout:
      return "logout";
    case Step::Kind::kDisconnect:
      return "disconnect";
    case Step::Kind::kReconnect:
      return "reconnect";
    case Step::Kind::kCall:
      return "call";
    case Step::Kind::kConfigure:
      return "configure";
    case Step::Kind::kWait:
      return "wait";
    case Step::Kind::kExpectEvents:
      return "expect_events";
  }
  return "";
}

// The text edits that carry out a plan.
class Editor {
 public:
  Editor(const Scenario& s, const ScenarioText& text, std::vector<LoadError>* errors)
      : s_(s), text_(text), errors_(errors) {}

  std::vector<TextEdit> Make(const Plan& plan) {
    // In file order, so that edits at one offset come in step order.
    for (size_t i = 0; i < s_.steps.size(); ++i) {
      if (auto x = plan.expects.find(i); x != plan.expects.end()) Expect(i, x->second);
      for (size_t d = 0; d < s_.steps[i].expect_events.size(); ++d) {
        if (auto l = plan.lists.find({i, d}); l != plan.lists.end()) List(i, d, l->second);
      }
      if (auto n = plan.inserts.find(i); n != plan.inserts.end()) Insert(i, n->second);
    }
    return std::move(edits_);
  }

 private:
  void Fail(Location where, std::string reason) {
    errors_->push_back(LoadError{s_.file, where, "cannot rewrite in place: " + std::move(reason)});
  }

  const StepLayout* Layout(size_t i) {
    auto it = layouts_.find(i);
    if (it == layouts_.end()) {
      Result<StepLayout> l = text_.Step(s_.steps[i].where);
      if (!l.ok()) {
        Fail(s_.steps[i].where, l.message());
        it = layouts_.emplace(i, std::nullopt).first;
      } else {
        it = layouts_.emplace(i, std::move(l).value()).first;
      }
    }
    return it->second ? &*it->second : nullptr;
  }

  // The end of a value starting at `start` on the key's line: a flow node's
  // closing bracket, or the end of the key's last line for a block node.
  std::optional<size_t> ValueEnd(size_t start, int last_line, Location where, const char* what) {
    const char c = start < text_.text().size() ? text_.text()[start] : '\n';
    if (c == '*' || c == '&') {
      Fail(where, fmt::format("{} is written through an anchor or alias", what));
      return std::nullopt;
    }
    if (c != '{' && c != '[') return text_.LineEnd(last_line);
    Result<size_t> end = text_.FlowEnd(start);
    if (!end.ok()) {
      Fail(where, end.message());
      return std::nullopt;
    }
    return end.value();
  }

  void Expect(size_t i, const Expectation& x) {
    const Step& step = s_.steps[i];
    const StepLayout* layout = Layout(i);
    if (layout == nullptr) return;
    const int indent = layout->key_column;
    if (step.expect.where.line == 0) {  // omitted: written after the action
      const KeySpan* action = layout->Find(ActionKey(step.kind));
      if (action == nullptr) return Fail(step.where, "cannot find the step's action key");
      const size_t at = text_.LineEnd(action->last_line);
      edits_.push_back({at, at, text_.eol() + Pad(indent) + ExpectNode(x, indent, text_.eol())});
      return;
    }
    const KeySpan* key = layout->Find("expect");
    if (key == nullptr || key->line != step.expect.where.line - 1 ||
        key->column != step.expect.where.column - 1) {
      return Fail(step.expect.where, "`expect` is not a key of the step's block map here");
    }
    Result<size_t> start = text_.ValueStart(key->line, key->column);
    if (!start.ok()) return Fail(step.expect.where, start.message());
    const std::optional<size_t> end =
        ValueEnd(start.value(), key->last_line, step.expect.where, "expect");
    if (!end) return;
    edits_.push_back(
        {text_.Offset(key->line, key->column), *end, ExpectNode(x, indent, text_.eol())});
  }

  void List(size_t i, size_t d, const std::vector<ExpectedItem>& items) {
    const DeviceExpectation& e = s_.steps[i].expect_events[d];
    const StepLayout* layout = Layout(i);
    if (layout == nullptr) return;
    const KeySpan& action = layout->keys.front();
    if (action.key != "expect_events") return Fail(e.where, "cannot find `expect_events` here");
    Result<size_t> map_start = text_.ValueStart(action.line, action.column);
    if (!map_start.ok()) return Fail(e.where, map_start.message());
    const char m = text_.text()[map_start.value()];
    if (m == '*' || m == '&')
      return Fail(e.where, "expect_events is written through an anchor or alias");
    const bool flow_map = m == '{';
    const int line = e.where.line - 1, column = e.where.column - 1;
    Result<size_t> colon = text_.AfterColon(line, column);
    Result<size_t> start = text_.ValueStart(line, column);
    if (!colon.ok() || !start.ok()) return Fail(e.where, "cannot read the device key");
    const bool block_value = start.value() == text_.LineEnd(line);
    const int last = block_value ? text_.BlockValueLastLine(line, column) : line;
    if (block_value && (flow_map || last == line))
      return Fail(e.where, "cannot find the device's list");
    const std::optional<size_t> end = ValueEnd(start.value(), last, e.where, "the list");
    if (!end) return;
    const std::string flow = ListFlow(items);
    const size_t col = start.value() - text_.Offset(line, 0);
    if (flow_map || items.empty() || col + flow.size() <= kMaxLine) {
      if (block_value) {
        edits_.push_back({colon.value(), *end, " " + flow});
      } else {
        edits_.push_back({start.value(), *end, flow});
      }
      return;
    }
    edits_.push_back({colon.value(), *end, ListBlock(items, column + 2, text_.eol())});
  }

  void Insert(size_t i, const std::vector<DeviceExpectation>& devices) {
    const StepLayout* layout = Layout(i);
    if (layout == nullptr) return;
    const int gap = layout->dash_line == layout->keys.front().line
                        ? layout->key_column - layout->dash_column
                        : 2;
    const int indent = layout->dash_column + gap + 2;
    const std::string& eol = text_.eol();
    std::string out = eol + Pad(layout->dash_column) + "-" + Pad(gap - 1) + "expect_events:";
    for (const DeviceExpectation& d : devices) {
      const std::string head = Pad(indent) + KeyText(d.device) + ":";
      const std::string flow = ListFlow(d.items);
      if (head.size() + 1 + flow.size() <= kMaxLine) {
        out += eol + head + " " + flow;
      } else {
        out += eol + head + ListBlock(d.items, indent + 2, eol);
      }
    }
    const size_t at = text_.LineEnd(layout->last_line);
    edits_.push_back({at, at, out});
  }

  const Scenario& s_;
  const ScenarioText& text_;
  std::vector<LoadError>* errors_;
  std::map<size_t, std::optional<StepLayout>> layouts_;
  std::vector<TextEdit> edits_;
};

// The scenario the new text must load as: the plan applied to the original.
Scenario Planned(const Scenario& s, const Plan& plan) {
  Scenario out = s;
  for (const auto& [i, x] : plan.expects) out.steps[i].expect = x;
  for (const auto& [at, items] : plan.lists)
    out.steps[at.first].expect_events[at.second].items = items;
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

  const Plan plan = Planner(scenario, record).Make(&result.errors);
  if (!result.errors.empty() || plan.empty()) return result;
  const ScenarioText original(text);
  const std::vector<TextEdit> edits = Editor(scenario, original, &result.errors).Make(plan);
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
