#include "harness/builtin_client.h"

namespace statussim::harness {

BuiltinClient::BuiltinClient(sim::Simulation::ClientFactory factory, std::string name,
                             sim::Fault fault)
    : factory_(std::move(factory)), name_(std::move(name)), fault_(fault) {}

Status BuiltinClient::Init(const Scenario& scenario) {
  pending_.clear();
  exercised_ = sim::RuleCounts{};
  sim_ = std::make_unique<sim::Simulation>(scenario.app, this, factory_, fault_, &exercised_);
  sim::Backend& backend = sim_->backend();
  for (const std::string& account : scenario.accounts) backend.AddAccount(account);
  for (const auto& [a, b] : scenario.friends) {
    backend.AddFriends(*backend.FindAccount(a), *backend.FindAccount(b));
  }
  return Status::Ok();
}

Result<sim::Outcome> BuiltinClient::Do(const Step& step) {
  if (!sim_) return Status::Error("do before init");
  sim::SdkClient& client = sim_->Device(step.device);
  sim::Outcome outcome;
  switch (step.kind) {
    case Step::Kind::kLogin:
      outcome = client.Login(step.user, step.platform);
      break;
    case Step::Kind::kLogout:
      outcome = client.Logout();
      break;
    case Step::Kind::kDisconnect:
      outcome = client.Disconnect(step.how);
      break;
    case Step::Kind::kReconnect:
      outcome = client.Reconnect();
      break;
    case Step::Kind::kCall:
      outcome = client.Call(step.api, step.args);
      break;
    default:
      return Status::Error("do: not an action step");
  }
  sim_->backend().RunDue();  // PAR-1: timers due now run at the end of the step
  return outcome;
}

Status BuiltinClient::Configure(const sim::App& app) {
  if (!sim_) return Status::Error("configure before init");
  sim_->backend().Configure(app);
  return Status::Ok();
}

Status BuiltinClient::Time(Millis now) {
  if (!sim_) return Status::Error("time before init");
  sim_->backend().AdvanceTo(now);
  return Status::Ok();
}

Status BuiltinClient::Sync(std::vector<DeviceEvent>* events) {
  for (DeviceEvent& e : pending_) events->push_back(std::move(e));
  pending_.clear();
  return Status::Ok();
}

Status BuiltinClient::End() {
  sim_.reset();
  return Status::Ok();
}

void BuiltinClient::OnEvent(sim::DeviceId device, const sim::ClientEvent& event) {
  pending_.push_back(DeviceEvent{sim_->DeviceName(device), std::string(event.name), event.data});
}

}  // namespace statussim::harness
