#include "harness/process_client.h"

#include <fmt/format.h>

#include "harness/protocol.h"
#include "sim/sdk_client.h"

namespace statussim::harness {
namespace {

using sim::Value;

Status ProtocolError(const std::string& what) {
  return Status::Error("client protocol error: " + what);
}

const std::string* StringField(const Value& v, std::string_view key) {
  const Value* f = v.Find(key);
  return f != nullptr && f->is_string() ? &f->as_string() : nullptr;
}

}  // namespace

ProcessClient::ProcessClient(Options options) : options_(std::move(options)) {}

ProcessClient::~ProcessClient() {
  // A reused client is still running at the end of the run: it gets its
  // end of input and the timeout to exit before its group is ended.
  if (child_.running() && !child_.exited()) {
    child_.CloseInput();
    child_.WaitExit(FromNow());
  }
  child_.KillGroup();
}

std::string ProcessClient::LogTail() const {
  child_.Linger(std::chrono::milliseconds(200));
  return child_.StderrTail();
}

Status ProcessClient::Fail(Status st) {
  if (!st.ok()) {
    child_.KillGroup();
    started_ = false;
  }
  return st;
}

Status ProcessClient::Send(const Value& message) {
  return child_.WriteLine(message.ToJson(), FromNow());
}

Result<Value> ProcessClient::Receive(Deadline deadline) {
  Result<std::string> line = child_.ReadLine(deadline);
  if (!line.ok()) return line.status();
  Result<Value> msg = ParseClientLine(line.value(), &values_left_);
  if (!msg.ok() && msg.message().find(kBudgetSpent) != std::string::npos) {
    return ProtocolError(fmt::format(
        "output flood: more than {} JSON values in one scenario (--client-max-values)",
        options_.max_values));
  }
  return msg;
}

Status ProcessClient::Start() {
  ChildProcess::Limits limits;
  limits.max_line_bytes = options_.max_line_bytes;
  if (Status st = child_.Start(options_.command, limits); !st.ok()) return st;
  ++processes_started_;
  // Ids count per process (PROTOCOL.md), so a reason that names one reads
  // the same whatever ran before in this worker.
  next_id_ = 1;
  child_.SetOutputBudget(options_.max_output_bytes);
  values_left_ = options_.max_values;
  Result<Value> hello = Receive(FromNow());
  if (!hello.ok()) return Status::Error(hello.message() + " (waiting for hello)");
  Result<std::string> mode = ParseHello(hello.value());
  if (!mode.ok()) return mode.status();
  mode_ = mode.value();
  started_ = true;
  return Status::Ok();
}

Status ProcessClient::Init(const Scenario& scenario) {
  if (!started_) {
    if (Status st = Fail(Start()); !st.ok()) return st;
  }
  child_.SetOutputBudget(options_.max_output_bytes);
  values_left_ = options_.max_values;
  events_.clear();
  reconnects_.clear();
  held_.clear();
  hold_pushes_ = false;
  push_error_ = Status::Ok();
  backend_.reset();
  devices_ = sim::Interner();
  if (mode_ == "sdk") {
    backend_ = std::make_unique<sim::Backend>(scenario.app, static_cast<sim::PushSink*>(this));
    for (const std::string& a : scenario.accounts) backend_->AddAccount(a);
    for (const auto& [a, b] : scenario.friends) {
      backend_->AddFriends(*backend_->FindAccount(a), *backend_->FindAccount(b));
    }
  }
  return Fail(Send(InitMessage(scenario)));
}

// ---------------------------------------------------------------- pushes

void ProcessClient::Push(const Value& message) {
  std::string line = message.ToJson();
  if (hold_pushes_) {
    held_.push_back(std::move(line));
    return;
  }
  if (!push_error_.ok()) return;
  push_error_ = child_.WriteLine(line, ChildProcess::Clock::now() + options_.timeout);
}

Status ProcessClient::FlushHeld() {
  hold_pushes_ = false;
  std::vector<std::string> held = std::move(held_);
  held_.clear();
  for (const std::string& line : held) {
    if (!push_error_.ok()) break;
    push_error_ = child_.WriteLine(line, ChildProcess::Clock::now() + options_.timeout);
  }
  return push_error_;
}

Value ProcessClient::PushMessage(sim::DeviceId device, std::string_view op) {
  Value m = Value::EmptyObject();
  m.Set("type", Value("push"));
  m.Set("device", Value(devices_.Name(device)));
  m.Set("op", Value(op));
  return m;
}

void ProcessClient::OnStatus(sim::DeviceId device, const sim::StatusItem& item) {
  Value list = Value::EmptyArray();
  list.Push(sim::StatusItemValue(backend_->AccountName(item.account), item.type,
                                 backend_->CustomText(item.custom)));
  Value m = PushMessage(device, "status");
  m.Set("list", std::move(list));
  Push(m);
}

// PROTOCOL.md: the kick type is `data: {type}` (the payload of the
// `kickedOut` event); the message's own `type` stays `push`.
void ProcessClient::OnKicked(sim::DeviceId device, sim::KickType type) {
  Value data = Value::EmptyObject();
  data.Set("type", Value(sim::KickTypeName(type)));
  Value m = PushMessage(device, "kicked");
  m.Set("data", std::move(data));
  Push(m);
}

// ---------------------------------------------------------------- requests

Status ProcessClient::HandleRequest(const Value& msg) {
  if (!backend_) return ProtocolError("a request from a client in full mode");
  Result<ClientRequest> parsed = ParseRequestMessage(msg);
  if (!parsed.ok()) return parsed.status();
  const ClientRequest& req = parsed.value();
  const sim::DeviceId d = DeviceOf(req.device);
  int code = sim::code::kOk;
  Value data = Value::EmptyObject();
  if (req.op == "login") {
    std::optional<sim::AccountId> a = backend_->FindAccount(req.user);
    if (!a) {
      code = sim::code::kUnknownUser;
    } else {
      sim::LoginReply r = backend_->Login(d, *a, req.platform);
      code = r.code;
      data.Set("premium", Value(r.premium));
      data.Set("customStatus", Value(r.custom));
    }
  } else if (req.op == "logout") {
    backend_->Logout(d);
  } else if (req.op == "reconnect") {
    auto it = reconnects_.find(d);
    sim::LoginReply r = it != reconnects_.end() ? it->second : backend_->Reconnect(d);
    if (it != reconnects_.end()) reconnects_.erase(it);
    if (Status st = FlushHeld(); !st.ok()) return st;  // a kick is pushed before the reply
    code = r.code;
    data.Set("customStatus", Value(r.custom));
  } else if (req.op == "set_self_status") {
    code = backend_->SetSelfStatus(d, req.custom_status);
  } else if (req.op == "get_user_status") {
    sim::QueryReply r = backend_->GetUserStatus(d, req.user_ids);
    code = r.code;
    if (code == sim::code::kOk) {
      data.Set("successUserList", sim::SuccessListValue(r.success));
      data.Set("failureUserList", sim::FailureListValue(r.failure));
    }
  } else {  // subscribe, unsubscribe (ParseRequestMessage knows no other op)
    sim::ListReply r = req.all                  ? backend_->UnsubscribeAll(d)
                       : req.op == "subscribe" ? backend_->Subscribe(d, req.user_ids)
                                               : backend_->Unsubscribe(d, req.user_ids);
    code = r.code;
    if (code == sim::code::kOk) data.Set("failureUserList", sim::FailureListValue(r.failure));
  }
  if (!push_error_.ok()) return push_error_;
  Value reply = Value::EmptyObject();
  reply.Set("type", Value("reply"));
  reply.Set("id", req.id);
  reply.Set("device", Value(req.device));
  reply.Set("code", Value(code));
  if (code != sim::code::kOk) reply.Set("message", Value(sim::CodeMessage(code)));
  reply.Set("data", std::move(data));
  return Send(reply);
}

Status ProcessClient::HandleAsync(const Value& msg, bool* handled) {
  const std::string& type = *StringField(msg, "type");
  *handled = true;
  if (type == "event") {
    Result<DeviceEvent> event = ParseEventMessage(msg);
    if (!event.ok()) return event.status();
    events_.push_back(std::move(event).value());
    return Status::Ok();
  }
  if (type == "request") return HandleRequest(msg);
  *handled = false;
  return Status::Ok();
}

// ---------------------------------------------------------------- steps

Result<sim::Outcome> ProcessClient::Do(const Step& step) {
  Result<sim::Outcome> outcome = DoStep(step);
  if (!outcome.ok()) return Fail(outcome.status());
  return outcome;
}

Result<sim::Outcome> ProcessClient::DoStep(const Step& step) {
  const int64_t id = next_id_++;
  if (backend_) {  // sdk mode: the harness applies losses and returns itself
    const sim::DeviceId d = DeviceOf(step.device);
    if (step.kind == Step::Kind::kDisconnect) backend_->Disconnect(d, step.how);
    if (step.kind == Step::Kind::kReconnect) {
      hold_pushes_ = true;
      reconnects_[d] = backend_->Reconnect(d);
    }
    if (!push_error_.ok()) return push_error_;
  }
  // The timeout runs from the question to its answer; requests, events and
  // partial lines in between do not extend it.
  const Deadline deadline = FromNow();
  if (Status st = Send(DoMessage(id, step)); !st.ok()) return st;
  for (;;) {
    Result<Value> msg = Receive(deadline);
    if (!msg.ok()) return msg.status();
    bool handled = false;
    if (Status st = HandleAsync(msg.value(), &handled); !st.ok()) return st;
    if (handled) continue;
    const std::string& type = *StringField(msg.value(), "type");
    if (type != "result") {
      return ProtocolError(fmt::format("expected the result of do {}, got a message of type \"{}\"",
                                       id, type));
    }
    const Value* rid = msg.value().Find("id");
    if (rid == nullptr || !(*rid == Value(id))) {
      return ProtocolError(fmt::format("a result for id {} while do {} is open",
                                       rid ? Excerpt(rid->ToJson(), 40) : "(none)", id));
    }
    Result<sim::Outcome> outcome = ParseResultMessage(msg.value());
    if (!outcome.ok()) return outcome;
    if (backend_) {
      if (Status st = FlushHeld(); !st.ok()) return st;
      reconnects_.erase(DeviceOf(step.device));
      backend_->RunDue();  // PAR-1: timers due now run at the end of the step
      if (!push_error_.ok()) return push_error_;
    }
    return outcome;
  }
}

Status ProcessClient::Configure(const sim::App& app) {
  if (backend_) backend_->Configure(app);
  Value m = Value::EmptyObject();
  m.Set("type", Value("configure"));
  m.Set("app", AppValue(app));
  if (!push_error_.ok()) return Fail(push_error_);
  return Fail(Send(m));
}

Status ProcessClient::Time(Millis now) {
  if (backend_) {
    backend_->AdvanceTo(now);
    if (!push_error_.ok()) return Fail(push_error_);
  }
  Value m = Value::EmptyObject();
  m.Set("type", Value("time"));
  m.Set("now", Value(now));
  return Fail(Send(m));
}

Status ProcessClient::AwaitSynced(int64_t id, Deadline deadline) {
  for (;;) {
    Result<Value> msg = Receive(deadline);
    if (!msg.ok()) {
      return Status::Error(msg.message() + fmt::format(" (waiting for synced {})", id));
    }
    bool handled = false;
    if (Status st = HandleAsync(msg.value(), &handled); !st.ok()) return st;
    if (handled) continue;
    const std::string& type = *StringField(msg.value(), "type");
    const Value* sid = msg.value().Find("id");
    if (type != "synced") {
      return ProtocolError(fmt::format("expected synced {}, got a message of type \"{}\"", id, type));
    }
    if (sid == nullptr || !(*sid == Value(id))) {
      return ProtocolError(fmt::format("synced {} while sync {} is open",
                                       sid ? Excerpt(sid->ToJson(), 40) : "(none)", id));
    }
    return Status::Ok();
  }
}

Status ProcessClient::Sync(std::vector<DeviceEvent>* events) {
  const int64_t id = next_id_++;
  Value m = Value::EmptyObject();
  m.Set("type", Value("sync"));
  m.Set("id", Value(id));
  const Deadline deadline = FromNow();
  if (Status st = Send(m); !st.ok()) return Fail(st);
  if (Status st = AwaitSynced(id, deadline); !st.ok()) return Fail(st);
  for (DeviceEvent& e : events_) events->push_back(std::move(e));
  events_.clear();
  return Status::Ok();
}

Status ProcessClient::OutputAfterLastSynced(std::string_view output) {
  const size_t nl = output.find('\n');
  return ProtocolError("output after the scenario's last synced: " +
                       Excerpt(output.substr(0, nl), 200));
}

Status ProcessClient::End() {
  backend_.reset();
  Value m = Value::EmptyObject();
  m.Set("type", Value("end"));
  const Deadline deadline = FromNow();
  if (Status st = Send(m); !st.ok()) return Fail(st);
  if (options_.reuse) {
    // PROTOCOL.md: after `end`, a `sync`; anything before its `synced` is
    // still this scenario's output, and none is expected.
    const int64_t id = next_id_++;
    Value sync = Value::EmptyObject();
    sync.Set("type", Value("sync"));
    sync.Set("id", Value(id));
    if (Status st = Send(sync); !st.ok()) return Fail(st);
    Result<std::string> line = child_.ReadLine(deadline);
    if (!line.ok()) return Fail(Status::Error(line.message() + fmt::format(" (waiting for synced {} after end)", id)));
    Result<Value> msg = ParseClientLine(line.value(), &values_left_);
    const std::string* type = msg.ok() ? StringField(msg.value(), "type") : nullptr;
    const Value* sid = msg.ok() ? msg.value().Find("id") : nullptr;
    if (type == nullptr || *type != "synced" || sid == nullptr || !(*sid == Value(id))) {
      return Fail(OutputAfterLastSynced(line.value()));
    }
    return Status::Ok();
  }
  // PROTOCOL.md, Lifecycle: the input closes, the client exits 0 within the
  // timeout, and anything it wrote after the last synced is an error here.
  child_.CloseInput();
  const std::string how = child_.WaitExit(deadline);
  const std::string after(child_.buffered().substr(0, 4096));
  Status st = Status::Ok();
  if (!after.empty()) {
    st = OutputAfterLastSynced(after);
  } else if (how.empty()) {
    st = Status::Error("client timeout (it did not exit after end)");
  } else if (how != "exited with code 0") {
    st = Status::Error("client " + how + " after end");
  }
  child_.KillGroup();
  started_ = false;
  return st;
}

}  // namespace statussim::harness
