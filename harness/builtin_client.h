// BuiltinClient: the reference SDK and backend of sim/, in process. It is the
// client `statussim run` uses by default (`--client builtin`).
#ifndef STATUSSIM_HARNESS_BUILTIN_CLIENT_H_
#define STATUSSIM_HARNESS_BUILTIN_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "harness/client.h"
#include "sim/simulation.h"

namespace statussim::harness {

class BuiltinClient : public Client, public sim::EventSink {
 public:
  // `factory` makes each device's SDK instance (nullptr: the reference SDK).
  // `fault` plants one bug in the model (the mutation check).
  explicit BuiltinClient(sim::Simulation::ClientFactory factory = nullptr,
                         std::string name = "builtin", sim::Fault fault = sim::Fault::kNone);
  std::string name() const override { return name_; }
  Status Init(const Scenario& scenario) override;
  Result<sim::Outcome> Do(const Step& step) override;
  Status Configure(const sim::App& app) override;
  Status Time(Millis now) override;
  Status Sync(std::vector<DeviceEvent>* events) override;
  Status End() override;

  // The simulation of the current scenario (tests).
  sim::Simulation* simulation() { return sim_.get(); }
  // The rules the model applied since the last Init (sim/exercise.h).
  const sim::RuleCounts* exercised() const override { return &exercised_; }

  // sim::EventSink: the reference SDK's events, kept until the next Sync.
  void OnEvent(sim::DeviceId device, const sim::ClientEvent& event) override;

 private:

  sim::Simulation::ClientFactory factory_;
  std::string name_;
  sim::Fault fault_;
  std::unique_ptr<sim::Simulation> sim_;
  std::vector<DeviceEvent> pending_;
  sim::RuleCounts exercised_;
};

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_BUILTIN_CLIENT_H_
