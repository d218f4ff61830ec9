// A `full`-mode client (PROTOCOL.md): it brings its whole implementation,
// backend included, and answers the harness on its own. Here the
// implementation is statussim's own model (sim/), which makes this program
// both the harness's test of full mode and a template for alternative
// implementations in C++: replace the calls into sim::Simulation with yours.
//
// Build: part of the statussim CMake project (target statussim_full_client).
// Run:   statussim run scenarios --client exec:'build/statussim_full_client'
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/simulation.h"

namespace {

using nlohmann::json;
using statussim::sim::Value;
namespace sim = statussim::sim;

json ToJson(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      return nullptr;
    case Value::Kind::kBool:
      return v.as_bool();
    case Value::Kind::kInt:
      return v.as_int();
    case Value::Kind::kDouble:
      return v.as_double();
    case Value::Kind::kString:
      return v.as_string();
    case Value::Kind::kArray: {
      json a = json::array();
      for (const Value& e : v.as_array()) a.push_back(ToJson(e));
      return a;
    }
    case Value::Kind::kObject: {
      json o = json::object();
      for (const auto& [k, e] : v.as_object()) o[k] = ToJson(e);
      return o;
    }
  }
  return nullptr;
}

Value FromJson(const json& j) {
  if (j.is_null()) return Value();
  if (j.is_boolean()) return Value(j.get<bool>());
  if (j.is_number_integer()) return Value(j.get<int64_t>());
  if (j.is_number()) return Value(j.get<double>());
  if (j.is_string()) return Value(j.get<std::string>());
  if (j.is_array()) {
    Value a = Value::EmptyArray();
    for (const json& e : j) a.Push(FromJson(e));
    return a;
  }
  Value o = Value::EmptyObject();
  for (auto it = j.begin(); it != j.end(); ++it) o.Set(it.key(), FromJson(it.value()));
  return o;
}

void Write(const json& message) {
  std::cout << message.dump() << '\n' << std::flush;  // one line, flushed
}

sim::App AppFrom(const json& j) {
  sim::App app;
  app.premium = j.value("premium", false);
  const json console = j.value("console", json::object());
  app.console.status_query_and_notify = console.value("status_query_and_notify", false);
  app.console.friend_status_notify = console.value("friend_status_notify", false);
  app.console.web_max_instances = console.value("web_max_instances", int64_t{1});
  const json params = j.value("params", json::object());
  for (const sim::ParamInfo& p : sim::AllParams()) {
    if (params.contains(p.name)) app.params.*(p.field) = params[std::string(p.name)].get<int64_t>();
  }
  return app;
}

// Events go out at once; the harness reads them before `synced`.
class Writer : public sim::EventSink {
 public:
  sim::Simulation* sim = nullptr;
  void OnEvent(sim::DeviceId device, const sim::ClientEvent& e) override {
    Write({{"type", "event"},
           {"device", sim->DeviceName(device)},
           {"name", std::string(e.name)},
           {"data", ToJson(e.data)}});
  }
};

json Result(const json& id, const sim::Outcome& o) {
  json r = {{"type", "result"}, {"id", id}};
  switch (o.kind) {
    case sim::Outcome::Kind::kOk:
      r["ok"] = ToJson(o.data);
      break;
    case sim::Outcome::Kind::kError:
      r["error"] = {{"code", o.code}, {"message", o.message}};
      break;
    case sim::Outcome::Kind::kThrows:
      r["throws"] = o.message;
      break;
  }
  return r;
}

sim::Outcome Do(sim::Simulation& s, const json& m) {
  sim::SdkClient& client = s.Device(m.at("device").get<std::string>());
  const std::string action = m.at("action").get<std::string>();
  sim::Outcome o;
  if (action == "login") {
    o = client.Login(m.at("user").get<std::string>(),
                     *sim::ParsePlatform(m.at("platform").get<std::string>()));
  } else if (action == "logout") {
    o = client.Logout();
  } else if (action == "disconnect") {
    o = client.Disconnect(m.value("how", "close") == "silent" ? sim::LossKind::kSilent
                                                              : sim::LossKind::kClose);
  } else if (action == "reconnect") {
    o = client.Reconnect();
  } else {
    std::optional<Value> args;
    if (m.contains("args")) args = FromJson(m["args"]);
    o = client.Call(*sim::ParseApi(m.at("api").get<std::string>()), args);
  }
  s.backend().RunDue();  // PAR-1: timers due now run at the end of the step
  return o;
}

}  // namespace

int main() {
  Write({{"type", "hello"}, {"protocol", 1}, {"mode", "full"}, {"name", "cpp-full"},
         {"version", "0.1.0"}});
  Writer writer;
  std::unique_ptr<sim::Simulation> s;
  std::string line;
  while (std::getline(std::cin, line)) {
    json m;
    try {
      m = json::parse(line);
      const std::string type = m.at("type").get<std::string>();
      if (type == "init") {
        s = std::make_unique<sim::Simulation>(AppFrom(m.at("app")), &writer);
        writer.sim = s.get();
        for (const json& a : m.at("accounts")) s->backend().AddAccount(a.get<std::string>());
        for (const json& f : m.at("friends")) {
          sim::Backend& b = s->backend();
          b.AddFriends(*b.FindAccount(f[0].get<std::string>()), *b.FindAccount(f[1].get<std::string>()));
        }
      } else if (type == "do") {
        Write(Result(m.at("id"), Do(*s, m)));
      } else if (type == "configure") {
        s->backend().Configure(AppFrom(m.at("app")));
      } else if (type == "time") {
        s->backend().AdvanceTo(m.at("now").get<int64_t>());
      } else if (type == "sync") {
        Write({{"type", "synced"}, {"id", m.at("id")}});
      } else if (type == "end") {
        s.reset();
      } else {
        std::cerr << "ignoring a message of type " << type << "\n";
      }
    } catch (const std::exception& e) {
      std::cerr << "full_client: cannot handle: " << line << ": " << e.what() << "\n";
      return 3;
    }
  }
  return 0;
}
