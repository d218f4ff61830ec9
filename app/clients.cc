// --client values (app/clients.h).
#include "app/clients.h"

#include <fmt/format.h>

#include <memory>

#include "app/commands.h"
#include "harness/builtin_client.h"
#include "sim/faults.h"

namespace statussim::app {

std::string MakeClients(const std::vector<std::string>& values,
                        const harness::ProcessClient::Options& process,
                        std::vector<harness::ClientSpec>* specs) {
  std::vector<std::string> given = values.empty() ? std::vector<std::string>{"builtin"} : values;
  for (const std::string& value : given) {
    const std::string name = ClientName(value);
    std::string v = value;
    if (const size_t eq = v.find('='); eq != std::string::npos && eq < v.find(':')) {
      v = v.substr(eq + 1);
    }
    if (v == "builtin") {
      // The results carry the client's own name: NAME= must reach it.
      const std::string shown = name;
      specs->push_back({shown, [shown]() -> harness::Result<std::unique_ptr<harness::Client>> {
                          return std::unique_ptr<harness::Client>(
                              std::make_unique<harness::BuiltinClient>(nullptr, shown));
                        }});
    } else if (v.starts_with("mutant:")) {
      const sim::FaultInfo* fault = sim::FindFault(v.substr(7));
      if (fault == nullptr) {
        return fmt::format("--client {}: no mutant named \"{}\" (statussim mutate --list)", value,
                           v.substr(7));
      }
      const std::string shown = name;
      const sim::Fault f = fault->fault;
      specs->push_back({shown, [shown, f]() -> harness::Result<std::unique_ptr<harness::Client>> {
                          return std::unique_ptr<harness::Client>(
                              std::make_unique<harness::BuiltinClient>(nullptr, shown, f));
                        }});
    } else if (v.starts_with("exec:") && v.size() > 5) {
      harness::ProcessClient::Options options = process;
      options.command = v.substr(5);
      options.name = name;
      specs->push_back({options.name, [options]() -> harness::Result<std::unique_ptr<harness::Client>> {
                          return std::unique_ptr<harness::Client>(
                              std::make_unique<harness::ProcessClient>(options));
                        }});
    } else {
      return fmt::format("--client {}: expected builtin, mutant:NAME or exec:'COMMAND' (optionally NAME=...)",
                         value);
    }
  }
  for (size_t i = 0; i < specs->size(); ++i) {  // names must tell clients apart
    for (size_t j = 0; j < i; ++j) {
      if ((*specs)[i].name == (*specs)[j].name) {
        return fmt::format("two clients are named \"{}\": name them with NAME=exec:...",
                           (*specs)[i].name);
      }
    }
  }
  return "";
}

}  // namespace statussim::app
