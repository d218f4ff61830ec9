#include "sim/simulation.h"

namespace statussim::sim {

Simulation::Simulation(const App& app, EventSink* events, ClientFactory factory, Fault fault,
                       RuleCounts* exercise)
    : backend_(app, this, fault, exercise), events_(events), factory_(std::move(factory)) {}

SdkClient& Simulation::Device(std::string_view name) {
  const DeviceId d = device_names_.Intern(name);
  if (d >= clients_.size()) clients_.resize(d + 1);
  if (!clients_[d]) {
    clients_[d] = factory_ ? factory_(&backend_, d, events_)
                           : std::make_unique<SdkClient>(&backend_, d, events_);
  }
  return *clients_[d];
}

void Simulation::OnStatus(DeviceId device, const StatusItem& item) {
  clients_.at(device)->OnStatusPush(item);
}

void Simulation::OnKicked(DeviceId device, KickType type) {
  clients_.at(device)->OnKickedPush(type);
}

}  // namespace statussim::sim
