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

std::string Abbrev(const std::string& text) {
  return text.size() <= 200 ? text : text.substr(0, 200) + "...";
}

const std::string* StringField(const Value& v, std::string_view key) {
  const Value* f = v.Find(key);
  return f != nullptr && f->is_string() ? &f->as_string() : nullptr;
}

}  // namespace

ProcessClient::ProcessClient(Options options) : options_(std::move(options)) {}

ProcessClient::~ProcessClient() {
  if (child_.running()) child_.Stop(std::chrono::milliseconds(2000));
}

std::string ProcessClient::LogTail() const {
  child_.Linger(std::chrono::milliseconds(200));
  return child_.StderrTail();
}

Status ProcessClient::Send(const Value& message) {
  return child_.WriteLine(message.ToJson(), ChildProcess::Clock::now() + options_.timeout);
}

Result<Value> ProcessClient::Receive() {
  if (child_.stdout_bytes() - output_at_init_ > options_.max_output_bytes) {
    return ProtocolError(fmt::format("output flood: more than {} MiB in one scenario",
                                     options_.max_output_bytes >> 20));
  }
  Result<std::string> line = child_.ReadLine(ChildProcess::Clock::now() + options_.timeout);
  if (!line.ok()) return line.status();
  Result<Value> msg = ParseJson(line.value());
  if (!msg.ok()) {
    return ProtocolError(fmt::format("not JSON ({}): {}", msg.message(), Abbrev(line.value())));
  }
  if (StringField(msg.value(), "type") == nullptr) {
    return ProtocolError("a message without a string `type`: " + Abbrev(line.value()));
  }
  return msg;
}

Status ProcessClient::Start() {
  ChildProcess::Limits limits;
  limits.max_line_bytes = options_.max_line_bytes;
  if (Status st = child_.Start(options_.command, limits); !st.ok()) return st;
  Result<Value> hello = Receive();
  if (!hello.ok()) return Status::Error(hello.message() + " (waiting for hello)");
  const Value& h = hello.value();
  if (*StringField(h, "type") != "hello") {
    return ProtocolError("the first line must be hello, got " + h.ToJson());
  }
  const Value* protocol = h.Find("protocol");
  if (protocol == nullptr || !protocol->is_number() || protocol->as_number() != kProtocolVersion) {
    return ProtocolError(fmt::format("unsupported protocol version {} (this harness speaks {})",
                                     protocol ? protocol->ToJson() : "(none)", kProtocolVersion));
  }
  const std::string* mode = StringField(h, "mode");
  if (mode == nullptr || (*mode != "sdk" && *mode != "full")) {
    return ProtocolError("hello: mode must be \"sdk\" or \"full\"");
  }
  mode_ = *mode;
  started_ = true;
  return Status::Ok();
}

Status ProcessClient::Init(const Scenario& scenario) {
  if (!started_) {
    if (Status st = Start(); !st.ok()) return st;
  }
  output_at_init_ = child_.stdout_bytes();
  events_.clear();
  reconnects_.clear();
  held_.clear();
  hold_pushes_ = false;
  backend_.reset();
  devices_ = sim::Interner();
  if (mode_ == "sdk") {
    backend_ = std::make_unique<sim::Backend>(scenario.app, static_cast<sim::PushSink*>(this));
    for (const std::string& a : scenario.accounts) backend_->AddAccount(a);
    for (const auto& [a, b] : scenario.friends) {
      backend_->AddFriends(*backend_->FindAccount(a), *backend_->FindAccount(b));
    }
  }
  return Send(InitMessage(scenario));
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

// PROTOCOL.md names the kick's key `type`, which is also the message's own
// key; one JSON object cannot hold both. The kick type is therefore sent as
// `data: {type}`, the payload of the `kickedOut` event (docs/choices.md).
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
  const Value* id = msg.Find("id");
  const std::string* device = StringField(msg, "device");
  const std::string* op = StringField(msg, "op");
  if (id == nullptr || device == nullptr || op == nullptr) {
    return ProtocolError("a request needs id, device and op: " + Abbrev(msg.ToJson()));
  }
  const Value* body_ptr = msg.Find("body");
  const Value body = body_ptr != nullptr ? *body_ptr : Value::EmptyObject();
  const sim::DeviceId d = DeviceOf(*device);
  int code = sim::code::kOk;
  Value data = Value::EmptyObject();
  auto id_list = [&](const char* what) -> Result<std::vector<Value>> {
    const Value* list = body.Find("userIDList");
    if (list == nullptr || !list->is_array()) {
      return ProtocolError(fmt::format("request {}: body.userIDList must be a list", what));
    }
    return list->as_array();
  };
  if (*op == "login") {
    const std::string* user = StringField(body, "user");
    const std::string* platform = StringField(body, "platform");
    std::optional<sim::Platform> p = platform ? sim::ParsePlatform(*platform) : std::nullopt;
    if (user == nullptr || !p) return ProtocolError("request login: body needs user and a platform");
    std::optional<sim::AccountId> a = backend_->FindAccount(*user);
    if (!a) {
      code = sim::code::kUnknownUser;
    } else {
      sim::LoginReply r = backend_->Login(d, *a, *p);
      code = r.code;
      data.Set("premium", Value(r.premium));
      data.Set("customStatus", Value(r.custom));
    }
  } else if (*op == "logout") {
    backend_->Logout(d);
  } else if (*op == "reconnect") {
    auto it = reconnects_.find(d);
    sim::LoginReply r = it != reconnects_.end() ? it->second : backend_->Reconnect(d);
    if (it != reconnects_.end()) reconnects_.erase(it);
    if (Status st = FlushHeld(); !st.ok()) return st;  // a kick is pushed before the reply
    code = r.code;
    data.Set("customStatus", Value(r.custom));
  } else if (*op == "set_self_status") {
    const std::string* custom = StringField(body, "customStatus");
    if (custom == nullptr) return ProtocolError("request set_self_status: body.customStatus must be a string");
    code = backend_->SetSelfStatus(d, *custom);
  } else if (*op == "get_user_status") {
    Result<std::vector<Value>> ids = id_list("get_user_status");
    if (!ids.ok()) return ids.status();
    sim::QueryReply r = backend_->GetUserStatus(d, ids.value());
    code = r.code;
    if (code == sim::code::kOk) {
      data.Set("successUserList", sim::SuccessListValue(r.success));
      data.Set("failureUserList", sim::FailureListValue(r.failure));
    }
  } else if (*op == "subscribe" || *op == "unsubscribe") {
    sim::ListReply r;
    const Value* all = body.Find("all");
    if (*op == "unsubscribe" && all != nullptr && all->is_bool() && all->as_bool()) {
      r = backend_->UnsubscribeAll(d);
    } else {
      Result<std::vector<Value>> ids = id_list(op->c_str());
      if (!ids.ok()) return ids.status();
      r = *op == "subscribe" ? backend_->Subscribe(d, ids.value())
                             : backend_->Unsubscribe(d, ids.value());
    }
    code = r.code;
    if (code == sim::code::kOk) data.Set("failureUserList", sim::FailureListValue(r.failure));
  } else {
    return ProtocolError("unknown request op \"" + *op + "\"");
  }
  if (!push_error_.ok()) return push_error_;
  Value reply = Value::EmptyObject();
  reply.Set("type", Value("reply"));
  reply.Set("id", *id);
  reply.Set("device", Value(*device));
  reply.Set("code", Value(code));
  if (code != sim::code::kOk) reply.Set("message", Value(sim::CodeMessage(code)));
  reply.Set("data", std::move(data));
  return Send(reply);
}

Status ProcessClient::HandleAsync(const Value& msg, bool* handled) {
  const std::string& type = *StringField(msg, "type");
  *handled = true;
  if (type == "event") {
    const std::string* device = StringField(msg, "device");
    const std::string* name = StringField(msg, "name");
    if (device == nullptr || name == nullptr) {
      return ProtocolError("an event needs device and name: " + Abbrev(msg.ToJson()));
    }
    const Value* data = msg.Find("data");
    events_.push_back(DeviceEvent{*device, *name, data ? *data : Value()});
    return Status::Ok();
  }
  if (type == "request") return HandleRequest(msg);
  *handled = false;
  return Status::Ok();
}

// ---------------------------------------------------------------- steps

Result<sim::Outcome> ProcessClient::ParseResult(const Value& msg) {
  if (const Value* ok = msg.Find("ok")) return sim::Outcome::Ok(*ok);
  if (const Value* err = msg.Find("error")) {
    const Value* code = err->Find("code");
    if (code == nullptr || !code->is_int()) {
      return ProtocolError("result error without an integer code: " + Abbrev(msg.ToJson()));
    }
    sim::Outcome o = sim::Outcome::Error(static_cast<int>(code->as_int()));
    const std::string* message = StringField(*err, "message");
    o.message = message ? *message : "";
    return o;
  }
  if (const Value* t = msg.Find("throws")) {
    return sim::Outcome::Throws(t->is_string() ? t->as_string() : t->ToJson());
  }
  return ProtocolError("a result without ok, error or throws: " + Abbrev(msg.ToJson()));
}

Result<sim::Outcome> ProcessClient::Do(const Step& step) {
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
  if (Status st = Send(DoMessage(id, step)); !st.ok()) return st;
  for (;;) {
    Result<Value> msg = Receive();
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
                                       rid ? rid->ToJson() : "(none)", id));
    }
    Result<sim::Outcome> outcome = ParseResult(msg.value());
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
  return Send(m);
}

Status ProcessClient::Time(Millis now) {
  if (backend_) {
    backend_->AdvanceTo(now);
    if (!push_error_.ok()) return push_error_;
  }
  Value m = Value::EmptyObject();
  m.Set("type", Value("time"));
  m.Set("now", Value(now));
  return Send(m);
}

Status ProcessClient::Sync(std::vector<DeviceEvent>* events) {
  const int64_t id = next_id_++;
  Value m = Value::EmptyObject();
  m.Set("type", Value("sync"));
  m.Set("id", Value(id));
  if (Status st = Send(m); !st.ok()) return st;
  for (;;) {
    Result<Value> msg = Receive();
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
      return ProtocolError(fmt::format("synced {} while sync {} is open", sid ? sid->ToJson() : "(none)", id));
    }
    break;
  }
  for (DeviceEvent& e : events_) events->push_back(std::move(e));
  events_.clear();
  return Status::Ok();
}

void ProcessClient::End() {
  Value m = Value::EmptyObject();
  m.Set("type", Value("end"));
  (void)Send(m);  // a failure shows at the next scenario's init
  backend_.reset();
}

}  // namespace statussim::harness
