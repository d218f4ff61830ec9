#include "harness/runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "harness/match.h"
#include "harness/protocol.h"
#include "harness/sha256.h"

namespace statussim::harness {
namespace {

using sim::Outcome;
using sim::Value;

// The step as one line; the device is a field of the trace entry.
std::string StepText(const Step& step) {
  switch (step.kind) {
    case Step::Kind::kLogin:
      return fmt::format("login {} {}", step.user, sim::PlatformName(step.platform));
    case Step::Kind::kLogout:
      return "logout";
    case Step::Kind::kDisconnect:
      return fmt::format("disconnect {}", step.how == sim::LossKind::kClose ? "close" : "silent");
    case Step::Kind::kReconnect:
      return "reconnect";
    case Step::Kind::kCall:
      return fmt::format("call {} {}", sim::ApiName(step.api),
                         step.args ? step.args->ToCanonicalJson() : "(no argument)");
    case Step::Kind::kConfigure: {
      const AppPatch& p = step.configure;
      Value v = Value::EmptyObject();
      if (p.premium) v.Set("premium", Value(*p.premium));
      if (p.status_query_and_notify) v.Set("status_query_and_notify", Value(*p.status_query_and_notify));
      if (p.friend_status_notify) v.Set("friend_status_notify", Value(*p.friend_status_notify));
      if (p.web_max_instances) v.Set("web_max_instances", Value(*p.web_max_instances));
      for (const auto& [name, value] : p.params) v.Set(name, Value(value));
      return "configure " + v.ToCanonicalJson();
    }
    case Step::Kind::kWait:
      return fmt::format("wait {}ms", step.wait);
    case Step::Kind::kExpectEvents: {
      std::string devices;
      for (const DeviceExpectation& e : step.expect_events) devices += " " + e.device;
      return "expect_events" + devices;
    }
  }
  return "step";
}

Value OutcomeValue(const Outcome& o, bool with_messages) {
  Value v = Value::EmptyObject();
  switch (o.kind) {
    case Outcome::Kind::kOk:
      v.Set("ok", with_messages ? o.data : WithoutMessages(o.data));
      break;
    case Outcome::Kind::kError: {
      Value e = Value::EmptyObject();
      e.Set("code", Value(o.code));
      if (with_messages) e.Set("message", Value(o.message));
      v.Set("error", std::move(e));
      break;
    }
    case Outcome::Kind::kThrows:
      v.Set("throws", with_messages ? Value(o.message) : Value(true));
      break;
  }
  return v;
}

// "ok {...}", "error {"code":N}" or "throws", canonical and without messages.
std::string ResultText(const Outcome& o) {
  const Value v = OutcomeValue(o, false);
  const auto& [key, value] = v.as_object().front();
  return o.kind == Outcome::Kind::kThrows ? key : key + " " + value.ToCanonicalJson();
}

Value ExpectationValue(const Expectation& e) {
  Value v = Value::EmptyObject();
  switch (e.kind) {
    case Expectation::Kind::kOk:
      v.Set("ok", e.data ? *e.data : Value::EmptyObject());
      if (e.ordered) v.Set("ordered", Value(true));
      break;
    case Expectation::Kind::kError:
      v.Set("error", Value(e.code));
      break;
    case Expectation::Kind::kThrows:
      v.Set("throws", Value(true));
      break;
  }
  return v;
}

std::string_view KindWord(Outcome::Kind k) {
  switch (k) {
    case Outcome::Kind::kOk:
      return "ok";
    case Outcome::Kind::kError:
      return "error";
    case Outcome::Kind::kThrows:
      return "throws";
  }
  return "?";
}

// "" if the outcome meets the expectation, else what differs.
std::string CheckOutcome(const Expectation& e, const Outcome& o) {
  const auto want = e.kind == Expectation::Kind::kOk      ? Outcome::Kind::kOk
                    : e.kind == Expectation::Kind::kError ? Outcome::Kind::kError
                                                          : Outcome::Kind::kThrows;
  if (o.kind != want) {
    std::string got(KindWord(o.kind));
    if (o.kind == Outcome::Kind::kError) got += fmt::format(" {}", o.code);
    std::string expected(KindWord(want));
    if (want == Outcome::Kind::kError) expected += fmt::format(" {}", e.code);
    return fmt::format("expected {}, got {}", expected, got);
  }
  if (o.kind == Outcome::Kind::kError && o.code != e.code) {
    return fmt::format("code: expected {}, got {}", e.code, o.code);
  }
  if (o.kind == Outcome::Kind::kOk && e.data) return MatchData(*e.data, o.data, e.ordered);
  return "";
}

// The items as a JSON list, rendered one by one and stopped once past
// `max_bytes` (a client may have sent megabytes; a finding quotes the start).
std::string ItemsJson(const std::vector<Value>& items, size_t max_bytes) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (out.size() > max_bytes) {
      out += fmt::format("... {} more item(s)", items.size() - i);
      break;
    }
    if (i > 0) out += ',';
    items[i].AppendJson(&out);
  }
  return out + "]";
}

std::string CheckItems(const std::vector<ExpectedItem>& expected, const std::vector<Value>& actual) {
  const size_t n = std::min(expected.size(), actual.size());
  for (size_t i = 0; i < n; ++i) {
    std::string d = MatchItem(expected[i], actual[i]);
    if (!d.empty()) return fmt::format("item {}: {}", i + 1, d);
  }
  if (actual.size() > expected.size()) {
    return fmt::format("{} item(s) more than expected, first extra: {}",
                       actual.size() - expected.size(), WithoutMessages(actual[n]).ToJson());
  }
  if (expected.size() > actual.size()) {
    return fmt::format("{} item(s) missing, first missing: {}", expected.size() - actual.size(),
                       ExpectedItemValue(expected[n]).ToJson());
  }
  return "";
}

// What a finding quotes of the expected and actual values, and a trace entry
// of its text: enough to see the difference, never a client's megabytes.
constexpr size_t kMaxFindingText = 1000;
constexpr size_t kMaxTraceText = 1000;

std::string Cut(std::string text, size_t max_bytes) {
  return text.size() <= max_bytes ? text : Excerpt(text, max_bytes);
}

// The state of one scenario run.
class ScenarioRun {
 public:
  ScenarioRun(const Scenario& s, Client& c) : scenario_(s), client_(c) {
    result_.file = s.file;
    result_.folder = s.folder;
    result_.name = s.name;
    result_.client = c.name();
    result_.covers = s.covers;
    result_.tags = s.tags;
    result_.devices = s.devices;
    result_.steps_total = static_cast<int>(s.steps.size());
    for (const std::string& d : s.devices) queues_[d];
  }

  ScenarioResult Run() {
    const auto started = std::chrono::steady_clock::now();
    Status st = client_.Init(scenario_);
    app_ = scenario_.app;
    for (size_t i = 0; st.ok() && i < scenario_.steps.size(); ++i) {
      step_index_ = static_cast<int>(i);
      const Step& step = scenario_.steps[i];
      for (int r = 0; st.ok() && r < step.times; ++r) {
        repeat_ = r;
        st = RunStep(step);
      }
      if (st.ok()) result_.steps_run = step_index_ + 1;
    }
    step_index_ = -1;
    if (st.ok()) {
      CheckLeftovers();
      st = client_.End();
    }
    if (!st.ok()) {
      result_.verdict = Verdict::kError;
      result_.error = st.message();
      result_.client_log_tail = client_.LogTail();
    }
    if (result_.verdict != Verdict::kError && !result_.findings.empty()) {
      result_.verdict = Verdict::kFail;
    }
    result_.outcome = PlainOutcome(result_.verdict);
    if (const sim::RuleCounts* counts = client_.exercised()) result_.exercised = *counts;
    result_.virtual_duration = now_;
    result_.trace_sha256 = Sha256::Hex(TraceText(result_.trace));
    result_.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::move(result_);
  }

 private:
  void Trace(TraceEntry::Kind kind, std::string device, std::string text) {
    // A client can send items of megabytes; the trace (and every report)
    // keeps an excerpt and a hash of the whole, so traces still compare.
    if (text.size() > kMaxTraceText) {
      text = fmt::format("{} sha256:{}", Excerpt(text, kMaxTraceText / 2),
                         Sha256::Hex(text).substr(0, 16));
    }
    result_.trace.push_back(TraceEntry{kind, now_, step_index_, std::move(device), std::move(text)});
  }

  Status RunStep(const Step& step) {
    Trace(TraceEntry::Kind::kStep, step.device, StepText(step));
    switch (step.kind) {
      case Step::Kind::kConfigure:
        step.configure.ApplyTo(&app_);
        if (Status st = client_.Configure(app_); !st.ok()) return st;
        return Collect();
      case Step::Kind::kWait:
        now_ += step.wait;
        if (Status st = client_.Time(now_); !st.ok()) return st;
        Trace(TraceEntry::Kind::kClock, "", fmt::format("t={}", now_));
        return Collect();
      case Step::Kind::kExpectEvents:
        for (const DeviceExpectation& e : step.expect_events) CheckEvents(step, e);
        return Status::Ok();
      default:
        break;
    }
    Result<Outcome> outcome = client_.Do(step);
    if (!outcome.ok()) return outcome.status();
    Trace(TraceEntry::Kind::kResult, step.device, ResultText(outcome.value()));
    if (std::string d = CheckOutcome(step.expect, outcome.value()); !d.empty()) {
      AddFinding(step, step.expect.where.line ? step.expect.where : step.where, step.device,
                 "result", ExpectationValue(step.expect).ToJson(),
                 OutcomeValue(outcome.value(), true).ToJson(), d);
    }
    return Collect();
  }

  // `sync`: the events of the step, queued per device and traced.
  Status Collect() {
    std::vector<DeviceEvent> events;
    if (Status st = client_.Sync(&events); !st.ok()) return st;
    for (DeviceEvent& e : events) {
      const std::string device = e.device;
      std::vector<Value>& q = queues_[device];
      const size_t first = q.size();
      AppendEventItems(std::move(e), &q);
      for (size_t i = first; i < q.size(); ++i) {
        const auto& [key, data] = q[i].as_object().front();
        Trace(TraceEntry::Kind::kEvent, device, key + " " + WithoutMessages(data).ToCanonicalJson());
      }
    }
    return Status::Ok();
  }

  void CheckEvents(const Step& step, const DeviceExpectation& e) {
    std::vector<Value>& q = queues_[e.device];
    if (std::string d = CheckItems(e.items, q); !d.empty()) {
      Value expected = Value::EmptyArray();
      for (const ExpectedItem& i : e.items) expected.Push(ExpectedItemValue(i));
      AddFinding(step, e.where.line ? e.where : step.where, e.device, "events", expected.ToJson(),
                 ItemsJson(q, kMaxFindingText), d);
    }
    q.clear();  // consumed, matched or not
  }

  void CheckLeftovers() {
    if (scenario_.allow_unchecked_events) return;
    for (const auto& [device, q] : OrderedQueues()) {
      if (q->empty()) continue;
      Finding f;
      f.step_index = -1;
      f.time = now_;
      f.device = device;
      f.what = "unexpected events";
      f.expected = "[]";
      f.actual = Cut(ItemsJson(*q, kMaxFindingText), kMaxFindingText);
      f.diff = fmt::format("{} item(s) never consumed by expect_events", q->size());
      result_.findings.push_back(std::move(f));
    }
  }

  // Devices in scenario order, then any other device the client named, sorted.
  std::vector<std::pair<std::string, const std::vector<Value>*>> OrderedQueues() const {
    std::vector<std::pair<std::string, const std::vector<Value>*>> out;
    for (const std::string& d : scenario_.devices) out.emplace_back(d, &queues_.at(d));
    for (const auto& [d, q] : queues_) {
      if (std::find(scenario_.devices.begin(), scenario_.devices.end(), d) ==
          scenario_.devices.end()) {
        out.emplace_back(d, &q);
      }
    }
    return out;
  }

  void AddFinding(const Step&, Location where, const std::string& device, std::string what,
                  std::string expected, std::string actual, std::string diff) {
    Finding f;
    f.step_index = step_index_;
    f.repeat = repeat_;
    f.where = where;
    f.time = now_;
    f.device = device;
    f.what = std::move(what);
    f.expected = Cut(std::move(expected), kMaxFindingText);
    f.actual = Cut(std::move(actual), kMaxFindingText);
    f.diff = Cut(std::move(diff), kMaxFindingText / 2);
    result_.findings.push_back(std::move(f));
  }

  const Scenario& scenario_;
  Client& client_;
  ScenarioResult result_;
  sim::App app_;
  Millis now_ = 0;
  int step_index_ = -1;
  int repeat_ = 0;
  std::map<std::string, std::vector<Value>> queues_;  // unconsumed items per device
};

}  // namespace

Value WithoutMessages(const Value& v) {
  if (v.is_array()) {
    Value out = Value::EmptyArray();
    for (const Value& e : v.as_array()) out.Push(WithoutMessages(e));
    return out;
  }
  if (!v.is_object()) return v;
  Value out = Value::EmptyObject();
  for (const auto& [k, e] : v.as_object()) {
    if (k != "message") out.Set(k, WithoutMessages(e));
  }
  return out;
}

void AppendEventItems(DeviceEvent event, std::vector<Value>* items) {
  auto wrap = [](std::string_view key, Value data) {
    Value v = Value::EmptyObject();
    v.Set(std::string(key), std::move(data));
    return v;
  };
  if (event.name == sim::kEventStatusUpdated && event.data.is_array()) {
    for (Value& e : event.data.as_array()) items->push_back(wrap("status", std::move(e)));
  } else if (event.name == sim::kEventError) {
    items->push_back(wrap("error", std::move(event.data)));
  } else if (event.name == sim::kEventKickedOut) {
    items->push_back(wrap("kicked", std::move(event.data)));
  } else {
    Value v = Value::EmptyObject();
    v.Set("name", Value(event.name));
    v.Set("data", event.data);
    items->push_back(wrap("event", std::move(v)));
  }
}

std::string OutcomeText(const sim::Outcome& o) {
  switch (o.kind) {
    case sim::Outcome::Kind::kOk:
      return "ok " + WithoutMessages(o.data).ToCanonicalJson();
    case sim::Outcome::Kind::kError:
      return fmt::format("error {}", o.code);
    case sim::Outcome::Kind::kThrows:
      return "throws";
  }
  return "?";
}

std::string RunSignature(const ScenarioResult& r) {
  if (r.verdict == Verdict::kPass) return "pass";
  if (r.verdict == Verdict::kError) return "error: " + r.error;
  std::string out = "fail:";
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    out += fmt::format("{} {} {} {}", i == 0 ? "" : ",",
                       f.step_index < 0 ? std::string("end") : fmt::format("step {}", f.step_index + 1),
                       f.device, f.what);
  }
  return out;
}

std::string TraceText(const std::vector<TraceEntry>& trace) {
  std::string text;
  for (const TraceEntry& e : trace) {
    text += fmt::format("t={} #{} {}", e.time, e.step_index + 1, TraceKindName(e.kind));
    if (!e.device.empty()) text += " " + e.device;
    text += " " + e.text + "\n";
  }
  return text;
}

ScenarioResult RunScenario(const Scenario& scenario, Client& client) {
  return ScenarioRun(scenario, client).Run();
}

RunResults RunSuite(const std::vector<Scenario>& scenarios, const std::vector<ClientSpec>& clients,
                    const SuiteOptions& options) {
  RunResults run;
  for (const ClientSpec& c : clients) run.clients.push_back(c.name);
  const size_t repeat = static_cast<size_t>(std::max(1, options.repeat));
  // Job j is scenario j / (clients * repeat), client (j / repeat) % clients,
  // run j % repeat: the runs of one scenario and client are neighbours.
  const size_t total = scenarios.size() * clients.size() * repeat;
  std::vector<std::optional<ScenarioResult>> slots(total);
  std::atomic<size_t> next{0};
  std::mutex mu;
  size_t done = 0;
  const auto started = std::chrono::steady_clock::now();

  auto worker = [&] {
    std::vector<std::unique_ptr<Client>> mine(clients.size());
    for (;;) {
      if (options.stop != nullptr && options.stop->load()) return;
      const size_t job = next.fetch_add(1);
      if (job >= total) return;
      const size_t ci = (job / repeat) % clients.size();
      const size_t si = job / repeat / clients.size();
      ScenarioResult r;
      if (!mine[ci]) {
        Result<std::unique_ptr<Client>> made = clients[ci].factory();
        if (made.ok()) mine[ci] = std::move(made).value();
        if (!made.ok()) {
          const Scenario& s = scenarios[si];
          r.file = s.file;
          r.folder = s.folder;
          r.name = s.name;
          r.client = clients[ci].name;
          r.covers = s.covers;
          r.tags = s.tags;
          r.devices = s.devices;
          r.steps_total = static_cast<int>(s.steps.size());
          r.verdict = Verdict::kError;
          r.outcome = ScenarioOutcome::kError;
          r.error = made.message();
          r.trace_sha256 = Sha256::Hex("");
        }
      }
      if (mine[ci]) {
        r = RunScenario(scenarios[si], *mine[ci]);
        if (r.verdict == Verdict::kError) mine[ci].reset();  // start afresh next time
      }
      std::lock_guard<std::mutex> lock(mu);
      ++done;
      if (options.on_result) options.on_result(r, done, total);
      slots[job] = std::move(r);
    }
  };

  const int jobs = std::max(1, options.jobs);
  if (jobs == 1) {
    worker();
  } else {
    std::vector<std::jthread> threads;
    for (int i = 0; i < jobs; ++i) threads.emplace_back(worker);
  }
  for (size_t first = 0; first < slots.size(); first += repeat) {
    std::optional<ScenarioResult>& s = slots[first];
    if (!s) {
      ++run.not_run;
      continue;
    }
    if (repeat > 1) {
      bool differ = false;
      for (size_t k = first; k < first + repeat; ++k) {
        if (!slots[k]) continue;  // interrupted before this run
        s->repeat_outcomes.push_back(RunSignature(*slots[k]));
        differ = differ || s->repeat_outcomes.back() != s->repeat_outcomes.front();
      }
      s->flaky = differ;
    }
    run.scenarios.push_back(std::move(*s));
  }
  run.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return run;
}

}  // namespace statussim::harness
