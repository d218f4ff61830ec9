// --client values to clients, for `run` and `explore`.
#ifndef STATUSSIM_APP_CLIENTS_H_
#define STATUSSIM_APP_CLIENTS_H_

#include <string>
#include <vector>

#include "harness/process_client.h"
#include "harness/runner.h"

namespace statussim::app {

// --client values to client specs; "" on success, else the usage error.
// A value is `builtin` (the reference), `mutant:NAME` (the reference with one
// planted bug, `statussim mutate --list`), `exec:COMMAND` (a process client,
// PROTOCOL.md), any of them with a `NAME=` prefix. No value: builtin.
std::string MakeClients(const std::vector<std::string>& values,
                        const harness::ProcessClient::Options& process,
                        std::vector<harness::ClientSpec>* specs);

}  // namespace statussim::app

#endif  // STATUSSIM_APP_CLIENTS_H_
