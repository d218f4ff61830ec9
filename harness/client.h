// Client: the seam between the runner and an implementation under test (like
// leveldb's Env). Its calls map one to one onto PROTOCOL.md's messages to a
// client: init, do, configure, time, sync, end. One implementation per kind
// of client (builtin over sim/, a process over pipes), and ForwardingClient,
// which forwards every call so a test or a mutant overrides one method.
//
// A Status that is not ok means the client misbehaved (crashed, timed out,
// broke the protocol): the runner stops that scenario with verdict `error`.
// A rejected call is not such an error: it is an Outcome.
#ifndef STATUSSIM_HARNESS_CLIENT_H_
#define STATUSSIM_HARNESS_CLIENT_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/scenario.h"
#include "harness/status.h"
#include "sim/sdk_client.h"

namespace statussim::harness {

// An event a client emitted on a device (PROTOCOL.md `event`).
struct DeviceEvent {
  std::string device;
  std::string name;  // onUserStatusUpdated, error, kickedOut
  sim::Value data;
};

class Client {
 public:
  virtual ~Client() = default;
  // Shown in reports, e.g. "builtin" or "python".
  virtual std::string name() const = 0;
  // `init`: a new world at time 0 (every device new), from the scenario's
  // app, accounts and friends.
  virtual Status Init(const Scenario& scenario) = 0;
  // `do`: one action step (login, logout, disconnect, reconnect, call).
  virtual Result<sim::Outcome> Do(const Step& step) = 0;
  // `configure`: the whole app after a console change.
  virtual Status Configure(const sim::App& app) = 0;
  // `time`: the clock is now `now`; timers due up to it have run when this returns.
  virtual Status Time(Millis now) = 0;
  // `sync`: every event caused so far, appended to `events` in emission order.
  virtual Status Sync(std::vector<DeviceEvent>* events) = 0;
  // `end`: the scenario is over. An error is the client's misbehaviour at
  // the end (output after the last `synced`, no exit, a non-zero exit), and
  // makes the scenario's verdict `error` (PROTOCOL.md, Lifecycle).
  virtual Status End() = 0;
  // The last lines the client wrote to its log (empty for in-process clients).
  virtual std::string LogTail() const { return ""; }
  // The SPEC rules the model applied in the current or last scenario, for a
  // client that runs the model (the builtin one); null for any other.
  virtual const sim::RuleCounts* exercised() const { return nullptr; }
};

// Forwards every call to `target` (not owned).
class ForwardingClient : public Client {
 public:
  explicit ForwardingClient(Client* target) : target_(target) {}
  std::string name() const override { return target_->name(); }
  Status Init(const Scenario& scenario) override { return target_->Init(scenario); }
  Result<sim::Outcome> Do(const Step& step) override { return target_->Do(step); }
  Status Configure(const sim::App& app) override { return target_->Configure(app); }
  Status Time(Millis now) override { return target_->Time(now); }
  Status Sync(std::vector<DeviceEvent>* events) override { return target_->Sync(events); }
  Status End() override { return target_->End(); }
  std::string LogTail() const override { return target_->LogTail(); }
  const sim::RuleCounts* exercised() const override { return target_->exercised(); }

 protected:
  Client* target() const { return target_; }

 private:
  Client* target_;
};

// Makes a fresh client; a runner with --jobs N makes one per worker.
using ClientFactory = std::function<Result<std::unique_ptr<Client>>()>;

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_CLIENT_H_
