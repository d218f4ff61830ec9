// A small world for unit tests of sim/: a Simulation whose events are kept
// per device as compact strings ("status alice 1 busy", "error 2024",
// "kicked multipleAccount").
#ifndef STATUSSIM_TESTS_SIM_TEST_WORLD_H_
#define STATUSSIM_TESTS_SIM_TEST_WORLD_H_

#include <initializer_list>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "sim/simulation.h"

namespace statussim::sim::testing {

class TestWorld : public EventSink {
 public:
  explicit TestWorld(App app, std::initializer_list<const char*> accounts = {"alice", "bob", "carol"})
      : sim_(app, this) {
    for (const char* a : accounts) sim_.backend().AddAccount(a);
  }
  static App Premium() {
    App app;
    app.premium = true;
    app.console.status_query_and_notify = true;
    return app;
  }

  Simulation& sim() { return sim_; }
  Backend& backend() { return sim_.backend(); }
  SdkClient& Dev(const std::string& name) { return sim_.Device(name); }
  AccountId Id(const char* user) { return *backend().FindAccount(user); }
  void Friends(const char* a, const char* b) { backend().AddFriends(Id(a), Id(b)); }

  // A step as the harness runs it: the action, then the timers due now.
  Outcome Login(const std::string& dev, const char* user, Platform p) {
    return Step(Dev(dev).Login(user, p));
  }
  Outcome Logout(const std::string& dev) { return Step(Dev(dev).Logout()); }
  Outcome Disconnect(const std::string& dev, LossKind how) { return Step(Dev(dev).Disconnect(how)); }
  Outcome Reconnect(const std::string& dev) { return Step(Dev(dev).Reconnect()); }
  Outcome Call(const std::string& dev, Api api, std::optional<Value> args) {
    return Step(Dev(dev).Call(api, args));
  }
  Outcome Set(const std::string& dev, const char* custom) {
    Value args = Value::EmptyObject();
    args.Set("customStatus", Value(custom));
    return Call(dev, Api::kSetSelfStatus, args);
  }
  static Value Ids(std::initializer_list<Value> ids) {
    Value args = Value::EmptyObject();
    args.Set("userIDList", Value(Value::Array(ids)));
    return args;
  }
  Outcome Get(const std::string& dev, std::initializer_list<Value> ids) {
    return Call(dev, Api::kGetUserStatus, Ids(ids));
  }
  Outcome Subscribe(const std::string& dev, std::initializer_list<Value> ids) {
    return Call(dev, Api::kSubscribeUserStatus, Ids(ids));
  }
  void Wait(Millis ms) { backend().AdvanceTo(backend().now() + ms); }

  // The items a device received since the last Take, consumed.
  std::vector<std::string> Take(const std::string& dev) {
    std::vector<std::string> out = std::move(items_[dev]);
    items_[dev].clear();
    return out;
  }
  // True if no device has unconsumed items.
  bool Quiet() const {
    for (const auto& [d, v] : items_) {
      if (!v.empty()) return false;
    }
    return true;
  }

  void OnEvent(DeviceId device, const ClientEvent& e) override {
    std::vector<std::string>& q = items_[sim_.DeviceName(device)];
    if (e.name == kEventStatusUpdated) {
      for (const Value& i : e.data.as_array()) {
        q.push_back("status " + i.Find("userID")->as_string() + " " +
                    std::to_string(i.Find("statusType")->as_int()) + " " +
                    i.Find("customStatus")->as_string());
      }
    } else if (e.name == kEventError) {
      q.push_back("error " + std::to_string(e.data.Find("code")->as_int()));
    } else {
      q.push_back("kicked " + e.data.Find("type")->as_string());
    }
  }

 private:
  Outcome Step(Outcome o) {
    backend().RunDue();
    return o;
  }
  Simulation sim_;
  std::map<std::string, std::vector<std::string>> items_;
};

using Strings = std::vector<std::string>;

}  // namespace statussim::sim::testing

namespace statussim::sim {
// For Boost.Test messages.
inline std::ostream& operator<<(std::ostream& os, Outcome::Kind k) {
  return os << (k == Outcome::Kind::kOk ? "ok" : k == Outcome::Kind::kError ? "error" : "throws");
}
inline std::ostream& operator<<(std::ostream& os, StatusType t) { return os << StatusTypeName(t); }
}  // namespace statussim::sim

namespace statussim::sim::testing {

}  // namespace statussim::sim::testing

#endif  // STATUSSIM_TESTS_SIM_TEST_WORLD_H_
