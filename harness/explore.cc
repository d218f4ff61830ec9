#include "harness/explore.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "harness/generate.h"
#include "harness/match.h"
#include "harness/runner.h"

namespace statussim::harness {
namespace {

using sim::Outcome;
using sim::Value;

// Records what every step of a run did, while the runner drives the client:
// each Do, Configure or Time starts a step (the scenario has no
// expect_events steps and no `times`), each Sync adds that step's items.
class RecordingClient : public ForwardingClient {
 public:
  RecordingClient(Client* target, std::vector<StepRecord>* steps)
      : ForwardingClient(target), steps_(steps) {}

  Result<Outcome> Do(const Step& step) override {
    steps_->emplace_back();
    Result<Outcome> r = target()->Do(step);
    if (r.ok()) steps_->back().outcome = r.value();
    return r;
  }
  Status Configure(const sim::App& app) override {
    steps_->emplace_back();
    return target()->Configure(app);
  }
  Status Time(Millis now) override {
    steps_->emplace_back();
    return target()->Time(now);
  }
  Status Sync(std::vector<DeviceEvent>* events) override {
    const size_t first = events->size();
    Status st = target()->Sync(events);
    if (steps_->empty()) return st;
    for (size_t i = first; i < events->size(); ++i) {
      DeviceEvent e = (*events)[i];
      std::vector<Value>& items = steps_->back().items[e.device];
      AppendEventItems(std::move(e), &items);
    }
    return st;
  }

 private:
  std::vector<StepRecord>* steps_;
};

std::string StepWord(const Step& step) {
  switch (step.kind) {
    case Step::Kind::kLogin:
      return "login";
    case Step::Kind::kLogout:
      return "logout";
    case Step::Kind::kDisconnect:
      return step.how == sim::LossKind::kClose ? "disconnect close" : "disconnect silent";
    case Step::Kind::kReconnect:
      return "reconnect";
    case Step::Kind::kCall:
      return fmt::format("call {}", sim::ApiName(step.api));
    case Step::Kind::kConfigure:
      return "configure";
    case Step::Kind::kWait:
      return "wait";
    case Step::Kind::kExpectEvents:
      return "expect_events";
  }
  return "step";
}

// "" when `actual` is what a file expecting `reference` accepts.
std::string OutcomeDiff(const Outcome& reference, const Outcome& actual) {
  if (reference.kind != actual.kind ||
      (reference.kind == Outcome::Kind::kError && reference.code != actual.code)) {
    return "different result";
  }
  if (reference.kind != Outcome::Kind::kOk) return "";
  return MatchData(WithoutMessages(reference.data), actual.data, /*ordered=*/true);
}

ExpectedItem ToExpected(const Value& item) {
  ExpectedItem e;
  const auto& [key, data] = item.as_object().front();
  e.kind = key == "error"    ? ExpectedItem::Kind::kError
           : key == "kicked" ? ExpectedItem::Kind::kKicked
                             : ExpectedItem::Kind::kStatus;
  e.fields = WithoutMessages(data);
  return e;
}

std::string ItemsJson(const std::vector<Value>& items) {
  Value list = Value::EmptyArray();
  for (const Value& v : items) list.Push(WithoutMessages(v));
  return list.ToCanonicalJson();
}

// "" when `actual` is the list an expect_events of `reference` accepts.
std::string ItemsDiff(const std::vector<Value>& reference, const std::vector<Value>& actual) {
  const size_t n = std::min(reference.size(), actual.size());
  for (size_t i = 0; i < n; ++i) {
    if (std::string d = MatchItem(ToExpected(reference[i]), actual[i]); !d.empty()) {
      return fmt::format("item {}: {}", i + 1, d);
    }
  }
  if (actual.size() > reference.size()) {
    return fmt::format("{} item(s) more than the reference", actual.size() - reference.size());
  }
  if (reference.size() > actual.size()) {
    return fmt::format("{} item(s) fewer than the reference", reference.size() - actual.size());
  }
  return "";
}

const std::vector<Value>& ItemsOf(const StepRecord& r, const std::string& device) {
  static const std::vector<Value> kNone;
  const auto it = r.items.find(device);
  return it == r.items.end() ? kNone : it->second;
}

// The devices of a step's records: the scenario's order, then any other.
std::vector<std::string> DevicesOf(const Scenario& s, const StepRecord& a, const StepRecord& b) {
  std::vector<std::string> out = s.devices;
  for (const StepRecord* r : {&a, &b}) {
    for (const auto& [device, items] : r->items) {
      if (std::find(out.begin(), out.end(), device) == out.end()) out.push_back(device);
    }
  }
  return out;
}

// "ok", "error 3122" or "throws" of an OutcomeText.
std::string FirstWord(const std::string& outcome) {
  if (outcome.starts_with("error")) return outcome;
  return outcome.substr(0, outcome.find(' '));
}

}  // namespace

Recording RecordRun(const Scenario& scenario, Client& client) {
  Recording rec;
  RecordingClient recorder(&client, &rec.steps);
  rec.result = RunScenario(scenario, recorder);
  return rec;
}

std::string Divergence::Signature(const Scenario& scenario) const {
  const std::string where = step >= 0 && step < static_cast<int>(scenario.steps.size())
                                ? StepWord(scenario.steps[static_cast<size_t>(step)])
                                : std::string("end");
  switch (kind) {
    case Kind::kResult:  // the kinds of both results too: "ok" against "error 3122"
      return fmt::format("result of {} (reference {}, client {})", where, FirstWord(expected),
                         FirstWord(actual));
    case Kind::kEvents:
      return "events after " + where;
    case Kind::kError:
      return "client error at " + where;
  }
  return where;
}

std::string Divergence::Describe(const Scenario& scenario) const {
  std::string place = "the end";
  if (step >= 0 && step < static_cast<int>(scenario.steps.size())) {
    const Step& s = scenario.steps[static_cast<size_t>(step)];
    place = fmt::format("step {} ({}{})", step + 1, StepWord(s),
                        s.device.empty() ? "" : " on " + s.device);
  }
  switch (kind) {
    case Kind::kResult:
      return fmt::format("{}: result differs ({}): reference {}, client {}", place, detail,
                         expected, actual);
    case Kind::kEvents:
      return fmt::format("{}: events on {} differ ({}): reference {}, client {}", place, device,
                         detail, expected, actual);
    case Kind::kError:
      return fmt::format("{}: client error: {}", place, detail);
  }
  return place;
}

std::optional<Divergence> Compare(const Scenario& scenario, const Recording& reference,
                                  const Recording& client) {
  const bool client_error = client.result.verdict == Verdict::kError;
  const size_t ran = client_error ? static_cast<size_t>(client.result.steps_run)
                                  : scenario.steps.size();
  const size_t n = std::min({scenario.steps.size(), reference.steps.size(), client.steps.size()});
  for (size_t i = 0; i < n && i < ran; ++i) {
    const StepRecord& r = reference.steps[i];
    const StepRecord& c = client.steps[i];
    const Step& step = scenario.steps[i];
    if (r.outcome && c.outcome) {
      if (std::string d = OutcomeDiff(*r.outcome, *c.outcome); !d.empty()) {
        Divergence div;
        div.kind = Divergence::Kind::kResult;
        div.step = static_cast<int>(i);
        div.device = step.device;
        div.expected = OutcomeText(*r.outcome);
        div.actual = OutcomeText(*c.outcome);
        div.detail = d;
        return div;
      }
    }
    for (const std::string& device : DevicesOf(scenario, r, c)) {
      const std::vector<Value>& want = ItemsOf(r, device);
      const std::vector<Value>& got = ItemsOf(c, device);
      if (std::string d = ItemsDiff(want, got); !d.empty()) {
        Divergence div;
        div.kind = Divergence::Kind::kEvents;
        div.step = static_cast<int>(i);
        div.device = device;
        div.expected = ItemsJson(want);
        div.actual = ItemsJson(got);
        div.detail = d;
        return div;
      }
    }
  }
  if (client_error) {
    Divergence div;
    div.kind = Divergence::Kind::kError;
    div.step = ran < scenario.steps.size() ? static_cast<int>(ran) : -1;
    if (div.step >= 0) div.device = scenario.steps[ran].device;
    div.detail = client.result.error;
    return div;
  }
  return std::nullopt;
}

Scenario FillExpectations(const Scenario& scenario, const Recording& reference,
                          const Divergence* divergence) {
  Scenario out = scenario;
  out.steps.clear();
  out.allow_unchecked_events = false;
  for (size_t i = 0; i < scenario.steps.size(); ++i) {
    Step step = scenario.steps[i];
    const StepRecord* r = i < reference.steps.size() ? &reference.steps[i] : nullptr;
    if (r && r->outcome) {
      const Outcome& o = *r->outcome;
      Expectation& e = step.expect;
      e = Expectation{};
      switch (o.kind) {
        case Outcome::Kind::kOk: {
          e.kind = Expectation::Kind::kOk;
          Value data = WithoutMessages(o.data);
          if (!(data.is_object() && data.as_object().empty())) {
            for (const char* list : {"successUserList", "failureUserList"}) {
              const Value* v = data.Find(list);
              e.ordered = e.ordered || (v && v->is_array() && v->as_array().size() > 1);
            }
            e.data = std::move(data);
          }
          break;
        }
        case Outcome::Kind::kError:
          e.kind = Expectation::Kind::kError;
          e.code = o.code;
          break;
        case Outcome::Kind::kThrows:
          e.kind = Expectation::Kind::kThrows;
          break;
      }
    }
    out.steps.push_back(std::move(step));
    if (!r) continue;
    Step check;
    check.kind = Step::Kind::kExpectEvents;
    for (const std::string& device : scenario.devices) {
      const std::vector<Value>& items = ItemsOf(*r, device);
      const bool diverges_here = divergence && divergence->kind == Divergence::Kind::kEvents &&
                                 divergence->step == static_cast<int>(i) &&
                                 divergence->device == device;
      if (items.empty() && !diverges_here) continue;
      DeviceExpectation de;
      de.device = device;
      for (const Value& item : items) de.items.push_back(ToExpected(item));
      check.expect_events.push_back(std::move(de));
    }
    if (!check.expect_events.empty()) out.steps.push_back(std::move(check));
  }
  return out;
}

}  // namespace statussim::harness
