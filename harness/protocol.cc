#include "harness/protocol.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace statussim::harness {
namespace {

using sim::Value;

// Deep enough for any message of the protocol; deeper input is refused
// rather than risking the stack.
constexpr int kMaxDepth = 64;
// A parse error quotes at most this much of the input (a verdict's reason
// goes into every report), and is at most kMaxMessage bytes in all.
constexpr size_t kMaxQuote = 40;
constexpr size_t kMaxMessage = 300;

// ordered_json keeps the client's key order, so traces of process clients
// read (and hash) like the builtin client's.
using Json = nlohmann::ordered_json;

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

Result<Value> FromJson(const Json& j, int depth) {
  if (depth > kMaxDepth) return Status::Error("JSON nested too deeply");
  switch (j.type()) {
    case Json::value_t::null:
      return Value();
    case Json::value_t::boolean:
      return Value(j.get<bool>());
    case Json::value_t::number_integer:
      return Value(j.get<int64_t>());
    case Json::value_t::number_unsigned: {
      const uint64_t u = j.get<uint64_t>();
      if (u <= static_cast<uint64_t>(INT64_MAX)) return Value(static_cast<int64_t>(u));
      return Value(static_cast<double>(u));
    }
    case Json::value_t::number_float:
      return Value(j.get<double>());
    case Json::value_t::string:
      return Value(j.get<std::string>());
    case Json::value_t::array: {
      Value out = Value::EmptyArray();
      for (const auto& e : j) {
        Result<Value> v = FromJson(e, depth + 1);
        if (!v.ok()) return v;
        out.Push(std::move(v).value());
      }
      return out;
    }
    case Json::value_t::object: {
      Value out = Value::EmptyObject();
      for (auto it = j.begin(); it != j.end(); ++it) {
        Result<Value> v = FromJson(it.value(), depth + 1);
        if (!v.ok()) return v;
        out.Set(it.key(), std::move(v).value());
      }
      return out;
    }
    default:
      return Status::Error("unsupported JSON value");
  }
}

}  // namespace

Result<Value> ParseJson(std::string_view text) {
  // nlohmann's parser and destructor are iterative, so deep input cannot
  // exhaust the stack; FromJson then refuses anything deeper than kMaxDepth.
  try {
    return FromJson(Json::parse(text.begin(), text.end()), 0);
  } catch (const Json::exception& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
    const size_t cut = what.find("] ");
    if (cut != std::string::npos) what.erase(0, cut + 2);
    // "...; last read: '<token>'" and "number overflow parsing '<token>'"
    // quote the whole token, which can be the whole line (up to
    // ChildProcess's 1 MiB): keep its start.
    for (std::string_view marker : {"last read: '", "parsing '"}) {
      const size_t token = what.find(marker);
      if (token != std::string::npos && what.size() > token + marker.size() + kMaxQuote + 1) {
        what.resize(token + marker.size() + kMaxQuote);
        what += "...'";
      }
    }
    if (what.size() > kMaxMessage) what = what.substr(0, kMaxMessage) + "...";
    return Status::Error(std::move(what));
  }
}

Value AppValue(const sim::App& app) {
  Value console = Value::EmptyObject();
  console.Set("status_query_and_notify", Value(app.console.status_query_and_notify));
  console.Set("friend_status_notify", Value(app.console.friend_status_notify));
  console.Set("web_max_instances", Value(app.console.web_max_instances));
  Value params = Value::EmptyObject();
  for (const sim::ParamInfo& p : sim::AllParams()) params.Set(std::string(p.name), Value(app.params.*(p.field)));
  Value v = Value::EmptyObject();
  v.Set("premium", Value(app.premium));
  v.Set("console", std::move(console));
  v.Set("params", std::move(params));
  return v;
}

Value InitMessage(const Scenario& scenario) {
  Value accounts = Value::EmptyArray();
  for (const std::string& a : scenario.accounts) accounts.Push(Value(a));
  Value friends = Value::EmptyArray();
  for (const auto& [a, b] : scenario.friends) friends.Push(Value(Value::Array{Value(a), Value(b)}));
  Value v = Value::EmptyObject();
  v.Set("type", Value("init"));
  v.Set("scenario", Value(scenario.name));
  v.Set("app", AppValue(scenario.app));
  v.Set("accounts", std::move(accounts));
  v.Set("friends", std::move(friends));
  return v;
}

Value DoMessage(int64_t id, const Step& step) {
  Value v = Value::EmptyObject();
  v.Set("type", Value("do"));
  v.Set("id", Value(id));
  v.Set("device", Value(step.device));
  switch (step.kind) {
    case Step::Kind::kLogin:
      v.Set("action", Value("login"));
      v.Set("user", Value(step.user));
      v.Set("platform", Value(sim::PlatformName(step.platform)));
      break;
    case Step::Kind::kLogout:
      v.Set("action", Value("logout"));
      break;
    case Step::Kind::kDisconnect:
      v.Set("action", Value("disconnect"));
      v.Set("how", Value(step.how == sim::LossKind::kClose ? "close" : "silent"));
      break;
    case Step::Kind::kReconnect:
      v.Set("action", Value("reconnect"));
      break;
    case Step::Kind::kCall:
      v.Set("action", Value("call"));
      v.Set("api", Value(sim::ApiName(step.api)));
      if (step.args) v.Set("args", *step.args);  // absent = no argument
      break;
    default:
      break;
  }
  return v;
}

// ---------------------------------------------------------------- client messages

Result<Value> ParseClientLine(std::string_view line) {
  Result<Value> msg = ParseJson(line);
  if (!msg.ok()) {
    return ProtocolError(fmt::format("not JSON ({}): {}", msg.message(), Abbrev(std::string(line))));
  }
  if (StringField(msg.value(), "type") == nullptr) {
    return ProtocolError("a message without a string `type`: " + Abbrev(std::string(line)));
  }
  return msg;
}

Result<std::string> ParseHello(const Value& h) {
  const std::string* type = StringField(h, "type");
  if (type == nullptr || *type != "hello") {
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
  return *mode;
}

Result<DeviceEvent> ParseEventMessage(const Value& msg) {
  const std::string* device = StringField(msg, "device");
  const std::string* name = StringField(msg, "name");
  if (device == nullptr || name == nullptr) {
    return ProtocolError("an event needs device and name: " + Abbrev(msg.ToJson()));
  }
  const Value* data = msg.Find("data");
  return DeviceEvent{*device, *name, data ? *data : Value()};
}

Result<ClientRequest> ParseRequestMessage(const Value& msg) {
  const Value* id = msg.Find("id");
  const std::string* device = StringField(msg, "device");
  const std::string* op = StringField(msg, "op");
  if (id == nullptr || device == nullptr || op == nullptr) {
    return ProtocolError("a request needs id, device and op: " + Abbrev(msg.ToJson()));
  }
  ClientRequest r;
  r.id = *id;
  r.device = *device;
  r.op = *op;
  const Value* body_ptr = msg.Find("body");
  const Value body = body_ptr != nullptr ? *body_ptr : Value::EmptyObject();
  auto id_list = [&](const std::string& what) -> Status {
    const Value* list = body.Find("userIDList");
    if (list == nullptr || !list->is_array()) {
      return ProtocolError(fmt::format("request {}: body.userIDList must be a list", what));
    }
    r.user_ids = list->as_array();
    return Status::Ok();
  };
  if (r.op == "login") {
    const std::string* user = StringField(body, "user");
    const std::string* platform = StringField(body, "platform");
    std::optional<sim::Platform> p = platform ? sim::ParsePlatform(*platform) : std::nullopt;
    if (user == nullptr || !p) return ProtocolError("request login: body needs user and a platform");
    r.user = *user;
    r.platform = *p;
  } else if (r.op == "logout" || r.op == "reconnect") {
    // no body
  } else if (r.op == "set_self_status") {
    const std::string* custom = StringField(body, "customStatus");
    if (custom == nullptr) {
      return ProtocolError("request set_self_status: body.customStatus must be a string");
    }
    r.custom_status = *custom;
  } else if (r.op == "get_user_status" || r.op == "subscribe" || r.op == "unsubscribe") {
    const Value* all = body.Find("all");
    r.all = r.op == "unsubscribe" && all != nullptr && all->is_bool() && all->as_bool();
    if (!r.all) {
      if (Status st = id_list(r.op); !st.ok()) return st;
    }
  } else {
    return ProtocolError("unknown request op \"" + r.op + "\"");
  }
  return r;
}

Result<sim::Outcome> ParseResultMessage(const Value& msg) {
  if (const Value* ok = msg.Find("ok")) return sim::Outcome::Ok(*ok);
  if (const Value* err = msg.Find("error")) {
    const Value* code = err->Find("code");
    if (code == nullptr || !code->is_int()) {
      return ProtocolError("result error without an integer code: " + Abbrev(msg.ToJson()));
    }
    // A code outside 32 bits would be cut and could pass as another code.
    if (code->as_int() < INT32_MIN || code->as_int() > INT32_MAX) {
      return ProtocolError("result error code out of range: " + Abbrev(msg.ToJson()));
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

}  // namespace statussim::harness
