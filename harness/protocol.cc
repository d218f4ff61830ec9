#include "harness/protocol.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace statussim::harness {
namespace {

using sim::Value;

// Deep enough for any message of the protocol; deeper input is refused
// rather than risking the stack.
constexpr int kMaxDepth = 64;

// ordered_json keeps the client's key order, so traces of process clients
// read (and hash) like the builtin client's.
using Json = nlohmann::ordered_json;

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
    return Status::Error(cut == std::string::npos ? what : what.substr(cut + 2));
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

}  // namespace statussim::harness
