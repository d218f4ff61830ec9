// Simulation: one in-process world: a Backend and the reference SDK instance
// of every device, wired together. Pushes from the backend are routed to the
// device's SdkClient, whose events go to the caller's EventSink.
//
// Devices are named by strings and interned to dense DeviceIds on first use,
// in order of appearance. No globals: a process may hold many Simulations.
#ifndef STATUSSIM_SIM_SIMULATION_H_
#define STATUSSIM_SIM_SIMULATION_H_

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "sim/backend.h"
#include "sim/interner.h"
#include "sim/sdk_client.h"

namespace statussim::sim {

class Simulation : public PushSink {
 public:
  // Makes the SdkClient of a device; tests and mutants pass their own.
  using ClientFactory =
      std::function<std::unique_ptr<SdkClient>(Backend* backend, DeviceId device, EventSink* sink)>;

  // `exercise`, if not null, counts the rules the model applies (sim/exercise.h).
  Simulation(const App& app, EventSink* events, ClientFactory factory = nullptr,
             Fault fault = Fault::kNone, RuleCounts* exercise = nullptr);

  Backend& backend() { return backend_; }
  const Backend& backend() const { return backend_; }

  // The device's SDK instance, created on first use.
  SdkClient& Device(std::string_view name);
  DeviceId DeviceIdOf(std::string_view name) { return device_names_.Intern(name); }
  const std::string& DeviceName(DeviceId d) const { return device_names_.Name(d); }

  // PushSink: route to the device's SDK instance.
  void OnStatus(DeviceId device, const StatusItem& item) override;
  void OnKicked(DeviceId device, KickType type) override;

 private:
  Backend backend_;
  EventSink* events_;
  ClientFactory factory_;
  Interner device_names_;
  std::vector<std::unique_ptr<SdkClient>> clients_;  // by DeviceId
};

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_SIMULATION_H_
