// The `run` command, apart from argument parsing (app/main.cc).
#ifndef STATUSSIM_APP_COMMANDS_H_
#define STATUSSIM_APP_COMMANDS_H_

#include <atomic>
#include <string>
#include <vector>

#include <map>

#include "harness/known_failures.h"
#include "harness/process_client.h"
#include "harness/scenario.h"

namespace statussim::app {

struct RunContext {
  std::vector<std::string> paths;    // as given (for the re-run command)
  std::vector<std::string> filters;  // as given
  std::vector<std::string> clients;  // --client values; empty = builtin
  std::string junit, json, html, md;  // report files ("" = not written)
  int jobs = 1;
  int repeat = 1;  // --repeat: runs of each scenario per client
  // --client-timeout, --client-max-line, --client-max-output,
  // --client-max-values, --client-reuse: the settings of every exec: client
  // (command and name are filled in per client).
  harness::ProcessClient::Options process;
  // --expectations: the known failures of each client, by client name.
  std::map<std::string, harness::KnownFailures> known;
  // --badge: the SVG badge file of each client, by client name.
  std::map<std::string, std::string> badges;
  std::string color = "auto";
  bool quiet = false;
  bool allow_empty = false;
  const std::atomic<bool>* stop = nullptr;  // SIGINT/SIGTERM
};

struct MutateContext {
  std::vector<std::string> mutants;  // --mutant names; empty = all
  std::string json, html;            // report files
  int jobs = 1;
  const std::atomic<bool>* stop = nullptr;
};

struct ExerciseContext {
  std::string json;  // report file ("" = not written)
  int jobs = 1;
  const std::atomic<bool>* stop = nullptr;
};

// `coverage --exercised`: runs the scenarios on the model and reports, per
// rule, the scenarios that exercised it and its hits, beside the scenarios
// whose covers name it. Exit 0 when every rule was exercised and every
// scenario passed, 1 otherwise.
int CmdExercised(const ExerciseContext& ctx, const std::vector<harness::Scenario>& scenarios);

// The mutation check: exit 0 when every mutant is killed, 1 otherwise.
int CmdMutate(const MutateContext& ctx, const std::vector<harness::Scenario>& scenarios);
// `mutate --list`: every built-in mutant, its rule and its planted bug.
void ListMutants();

// The name `--client exec:COMMAND` gets without NAME=: the stem of the
// program (python3 x/client.py -> client).
std::string DefaultClientName(const std::string& command);
// The name a --client value gives its client: NAME from NAME=..., else
// "builtin", or DefaultClientName of an exec: command.
std::string ClientName(const std::string& value);

// Runs the selected scenarios, prints progress, failures and the summary,
// writes the reports. Returns the exit status.
int CmdRun(const RunContext& ctx, const std::vector<std::string>& rules,
           const std::vector<harness::Scenario>& scenarios);

}  // namespace statussim::app

#endif  // STATUSSIM_APP_COMMANDS_H_
