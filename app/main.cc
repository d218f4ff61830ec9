// statussim: the command line. `run` replays scenarios against clients and
// writes reports; `check` validates scenario files; `list` names them;
// `coverage` maps SPEC rules to the scenarios that cover them; `record`
// writes the model's answers into scenario files (app/record.h).
//
// Exit status: 0 all passed, 1 some scenario failed (or a rule is uncovered,
// for `coverage`), 2 input or usage error (ECOSYSTEM.md 2.6).
#include <fnmatch.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "app/console.h"
#include "app/commands.h"
#include "app/explore.h"
#include "app/install_paths.h"
#include "app/record.h"
#include "app/scale.h"
#include "harness/builtin_client.h"
#include "harness/known_failures.h"
#include "harness/client_groups.h"
#include "harness/runner.h"
#include "harness/spec_rules.h"
#include "harness/suite.h"
#include "reports/reports.h"

namespace statussim::app {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

std::atomic<bool> g_stop{false};  // set by SIGINT/SIGTERM; the run then winds down

// The first SIGINT/SIGTERM lets the run finish the scenarios in progress and
// write its reports; a second one ends the process at once.
extern "C" void OnSignal(int) {
  if (g_stop.exchange(true)) {
    harness::KillAllClientGroups();  // PROTOCOL.md: clients end with statussim
    _exit(130);
  }
}

struct Common {
  std::vector<std::string> paths;    // scenario files or folders
  std::vector<std::string> filters;  // globs on names and tags
  std::vector<std::string> excludes;
  std::string shard;      // "K/N", 0-based K
  std::string spec_file;  // --spec; empty: defaults.spec_file
  DataPaths defaults;     // the suite and SPEC used when none is given
};

struct RunFlags {
  std::vector<std::string> clients;
  std::string junit, json, html, md;
  int jobs = 1;
  double client_timeout = 10;
  size_t client_max_line = 16 << 20;
  size_t client_max_output = 64 << 20;
  size_t client_max_values = 1'000'000;
  bool client_reuse = false;
  std::vector<std::string> expectations;  // [NAME=]FILE
  std::vector<std::string> badges;        // [NAME=]FILE
  int repeat = 1;
  std::string color = "auto";
  bool quiet = false;
  bool allow_empty = false;
};

void AddCommon(CLI::App* cmd, Common* c, bool selection, const DataPaths& defaults) {
  c->defaults = defaults;
  cmd->add_option("paths", c->paths,
                  "Scenario files or folders (default: " + DescribeScenarioDefault(defaults) + ")");
  cmd->add_option("--spec", c->spec_file,
                  "SPEC.md to take rule IDs from (default: " + DescribeSpecDefault(defaults) + ")")
      ->check(CLI::ExistingFile);
  if (!selection) return;
  // One value per occurrence, so that paths after a --filter stay paths.
  cmd->add_option("--filter", c->filters,
                  "Glob on scenario names and tags; repeatable (any may match)")
      ->allow_extra_args(false);
  cmd->add_option("--exclude", c->excludes, "Glob on names and tags to leave out; repeatable")
      ->allow_extra_args(false);
  cmd->add_option("--shard", c->shard,
                  "K/N: run only scenario i with i % N == K (0-based); default from "
                  "GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS");
}

bool Matches(const std::string& glob, const harness::Scenario& s) {
  if (fnmatch(glob.c_str(), s.name.c_str(), 0) == 0) return true;
  for (const std::string& t : s.tags) {
    if (fnmatch(glob.c_str(), t.c_str(), 0) == 0) return true;
  }
  return false;
}

// Parses "K/N" (0 <= K < N).
bool ParseShard(const std::string& text, size_t* k, size_t* n) {
  size_t slash = text.find('/');
  if (slash == std::string::npos) return false;
  try {
    size_t used = 0;
    long kk = std::stol(text.substr(0, slash), &used);
    if (used != slash) return false;
    long nn = std::stol(text.substr(slash + 1), &used);
    if (used != text.size() - slash - 1 || nn < 1 || kk < 0 || kk >= nn) return false;
    *k = static_cast<size_t>(kk);
    *n = static_cast<size_t>(nn);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// Loads, filters and shards the suite. Returns kExitOk or kExitUsage.
int LoadSelection(const Common& c, std::vector<std::string>* rules,
                  std::vector<harness::Scenario>* selected,
                  std::vector<std::string>* all_names = nullptr) {
  const std::string& spec_file = c.spec_file.empty() ? c.defaults.spec_file : c.spec_file;
  std::string spec_text;
  if (!ReadSpecText(spec_file, &spec_text)) {
    std::fprintf(stderr, "statussim: %s: cannot read\n", spec_file.c_str());
    return kExitUsage;
  }
  *rules = harness::ParseRuleIds(spec_text);
  if (rules->empty()) {
    std::fprintf(stderr, "statussim: %s: no rule IDs found\n", spec_file.c_str());
    return kExitUsage;
  }
  harness::LoadOptions options;
  options.rule_ids = *rules;
  std::vector<std::string> paths =
      c.paths.empty() ? std::vector<std::string>{c.defaults.scenarios} : c.paths;
  std::vector<harness::LoadError> errors;
  std::vector<harness::Scenario> all = harness::LoadSuite(paths, options, &errors);
  if (!errors.empty()) {
    for (const harness::LoadError& e : errors) std::fprintf(stderr, "%s\n", e.ToString().c_str());
    std::fprintf(stderr, "statussim: %zu input error(s)\n", errors.size());
    return kExitUsage;
  }
  std::string shard = c.shard;
  const char* idx = std::getenv("GTEST_SHARD_INDEX");
  const char* total = std::getenv("GTEST_TOTAL_SHARDS");
  if (shard.empty() && idx != nullptr && total != nullptr) {
    shard = std::string(idx) + "/" + total;
    if (const char* status_file = std::getenv("GTEST_SHARD_STATUS_FILE")) {
      std::ofstream touch(status_file);  // acknowledges that sharding is understood
    }
  }
  size_t k = 0, n = 1;
  if (!shard.empty() && !ParseShard(shard, &k, &n)) {
    std::fprintf(stderr, "statussim: bad shard '%s': expected K/N with 0 <= K < N\n",
                 shard.c_str());
    return kExitUsage;
  }
  if (all_names != nullptr) {
    for (const harness::Scenario& s : all) all_names->push_back(s.name);
  }
  size_t position = 0;
  for (harness::Scenario& s : all) {
    bool keep = c.filters.empty();
    for (const std::string& f : c.filters) keep = keep || Matches(f, s);
    for (const std::string& f : c.excludes) keep = keep && !Matches(f, s);
    if (!keep) continue;
    if (position++ % n == k) selected->push_back(std::move(s));
  }
  if (!shard.empty()) {
    std::fprintf(stderr, "shard %zu/%zu: %zu of %zu scenarios\n", k, n, selected->size(),
                 position);
  }
  return kExitOk;
}

// A [NAME=]FILE value of `flag`: the client it is for (NAME, or the only
// client of the run) and the file. kExitUsage with a message otherwise.
int ClientAndFile(const char* flag, const std::string& value, const std::vector<std::string>& clients,
                  std::string* client, std::string* file) {
  const std::vector<std::string> given = clients.empty() ? std::vector<std::string>{"builtin"} : clients;
  std::vector<std::string> client_names;
  for (const std::string& c : given) client_names.push_back(ClientName(c));
  *file = value;
  const size_t eq = value.find('=');
  if (eq != std::string::npos) {
    *client = value.substr(0, eq);
    *file = value.substr(eq + 1);
    if (std::find(client_names.begin(), client_names.end(), *client) == client_names.end()) {
      std::fprintf(stderr, "statussim: %s %s: no client named '%s' in this run\n", flag,
                   value.c_str(), client->c_str());
      return kExitUsage;
    }
  } else if (client_names.size() == 1) {
    *client = client_names.front();
  } else {
    std::fprintf(stderr, "statussim: %s %s: this run has %zu clients; say which (%s NAME=FILE)\n",
                 flag, value.c_str(), client_names.size(), flag);
    return kExitUsage;
  }
  return kExitOk;
}

// --expectations [NAME=]FILE values, loaded and keyed by client name.
int LoadExpectations(const std::vector<std::string>& values, const std::vector<std::string>& clients,
                     const std::vector<std::string>& rules, const std::vector<std::string>& names,
                     std::map<std::string, harness::KnownFailures>* out) {
  for (const std::string& v : values) {
    std::string client, file;
    if (int rc = ClientAndFile("--expectations", v, clients, &client, &file); rc != kExitOk) return rc;
    if (out->count(client)) {
      std::fprintf(stderr, "statussim: --expectations: client '%s' has two files\n", client.c_str());
      return kExitUsage;
    }
    std::vector<harness::LoadError> errors;
    std::optional<harness::KnownFailures> known = harness::LoadKnownFailures(file, rules, names, &errors);
    if (!known) {
      for (const harness::LoadError& e : errors) std::fprintf(stderr, "%s\n", e.ToString().c_str());
      std::fprintf(stderr, "statussim: %zu input error(s)\n", errors.size());
      return kExitUsage;
    }
    (*out)[client] = std::move(*known);
  }
  return kExitOk;
}

int CmdCheck(const Common& c) {
  std::vector<std::string> rules;
  std::vector<harness::Scenario> scenarios;
  if (int rc = LoadSelection(c, &rules, &scenarios); rc != kExitOk) return rc;
  size_t steps = 0;
  for (const auto& s : scenarios) steps += s.steps.size();
  std::printf("%zu scenario(s), %zu step(s): ok\n", scenarios.size(), steps);
  return kExitOk;
}

int CmdList(const Common& c) {
  std::vector<std::string> rules;
  std::vector<harness::Scenario> scenarios;
  if (int rc = LoadSelection(c, &rules, &scenarios); rc != kExitOk) return rc;
  for (const auto& s : scenarios) {
    std::string tags, covers;
    for (const auto& t : s.tags) tags += (tags.empty() ? "" : ",") + t;
    for (const auto& r : s.covers) covers += (covers.empty() ? "" : ",") + r;
    std::printf("%s\t%s\ttags=%s\tcovers=%s\n", s.name.c_str(), s.file.c_str(), tags.c_str(),
                covers.c_str());
  }
  return kExitOk;
}

int CmdCoverage(const Common& c) {
  std::vector<std::string> rules;
  std::vector<harness::Scenario> scenarios;
  if (int rc = LoadSelection(c, &rules, &scenarios); rc != kExitOk) return rc;
  std::vector<std::vector<std::string>> by_rule(rules.size());
  for (const auto& s : scenarios) {
    for (const auto& id : s.covers) {
      for (size_t i = 0; i < rules.size(); ++i) {
        if (rules[i] == id) by_rule[i].push_back(s.name);
      }
    }
  }
  size_t uncovered = 0;
  for (size_t i = 0; i < rules.size(); ++i) {  // uncovered first
    if (by_rule[i].empty()) {
      std::printf("%-8s UNCOVERED\n", rules[i].c_str());
      ++uncovered;
    }
  }
  for (size_t i = 0; i < rules.size(); ++i) {
    if (by_rule[i].empty()) continue;
    std::string names;
    for (const auto& n : by_rule[i]) names += (names.empty() ? "" : "; ") + n;
    std::printf("%-8s %3zu  %s\n", rules[i].c_str(), by_rule[i].size(), names.c_str());
  }
  std::printf("%zu of %zu rules covered by %zu scenario(s)\n", rules.size() - uncovered,
              rules.size(), scenarios.size());
  return uncovered == 0 ? kExitOk : kExitFailed;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App cli{"statussim: a deterministic simulator and conformance harness for the user-status "
               "feature of Tencent Cloud Chat"};
  cli.require_subcommand(1);
  const DataPaths defaults = DefaultDataPaths();
  cli.set_version_flag("--version", [&defaults] { return VersionLine(defaults); });
  cli.footer(
      "STATUSSIM_DATA_DIR=DIR: take the default suite (DIR/scenarios) and SPEC "
      "(DIR/spec/SPEC.md) from DIR; an installed statussim uses its share/statussim/.");

  Common run_c, check_c, list_c, cov_c, mut_c;
  RunFlags rf;
  CLI::App* run = cli.add_subcommand("run", "Run scenarios against clients and write reports");
  AddCommon(run, &run_c, true, defaults);
  run->add_option("--client", rf.clients,
                  "Client to test: builtin (default) or exec:'COMMAND', optionally NAME=...; "
                  "repeatable (then every scenario runs against every client)")
      ->allow_extra_args(false);
  run->add_option("--client-timeout", rf.client_timeout,
                  "Seconds a process client may take from a question (do, sync, end) to its "
                  "answer (default 10)")
      ->check(CLI::Range(0.01, 3600.0));
  run->add_option("--client-max-line", rf.client_max_line,
                  "Longest line a process client may write, in bytes (default 16777216)")
      ->check(CLI::Range(size_t{64}, size_t{1} << 32));
  run->add_option("--client-max-output", rf.client_max_output,
                  "Bytes a process client may write in one scenario; more is a flood "
                  "(default 67108864)")
      ->check(CLI::Range(size_t{64}, size_t{1} << 40));
  run->add_option("--client-max-values", rf.client_max_values,
                  "JSON values a process client may write in one scenario; more is a flood "
                  "(default 1000000)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 40));
  run->add_flag("--client-reuse", rf.client_reuse,
                "Keep one process client for many scenarios (default: a fresh process per "
                "scenario; see PROTOCOL.md, Lifecycle)");
  run->add_option("--expectations", rf.expectations,
                  "[NAME=]FILE: the known failures of client NAME (or of the only client); "
                  "repeatable, one per client (docs/expectations.md)")
      ->allow_extra_args(false);
  run->add_option("--badge", rf.badges,
                  "[NAME=]FILE: write an SVG badge of client NAME's conformance (or of the only "
                  "client's); repeatable")
      ->allow_extra_args(false);
  run->add_option("--repeat", rf.repeat,
                  "Run every scenario N times per client; one whose runs do not all end alike "
                  "is flaky, which fails the run (default 1)")
      ->check(CLI::Range(1, 1000));
  run->add_option("--junit", rf.junit, "Write a JUnit XML report to FILE");
  run->add_option("--json", rf.json, "Write a JSON report to FILE");
  run->add_option("--html", rf.html, "Write a self-contained HTML report to FILE");
  run->add_option("--md", rf.md, "Write a Markdown summary to FILE");
  run->add_option("-j,--jobs", rf.jobs, "Scenarios run in parallel (results do not depend on it)")
      ->check(CLI::Range(1, 256));
  run->add_option("--color", rf.color, "auto, always or never (NO_COLOR always wins)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  run->add_flag("-q,--quiet", rf.quiet, "Print failures and the summary only");
  run->add_flag("--allow-empty", rf.allow_empty, "Exit 0 when no scenario is selected");

  CLI::App* check = cli.add_subcommand("check", "Load and validate scenario files only");
  AddCommon(check, &check_c, true, defaults);
  CLI::App* list = cli.add_subcommand("list", "List scenarios: name, file, tags, covered rules");
  AddCommon(list, &list_c, true, defaults);
  CLI::App* cov = cli.add_subcommand(
      "coverage", "For every SPEC rule, the scenarios covering it (uncovered first); exit 1 if any "
                  "rule is uncovered");
  AddCommon(cov, &cov_c, false, defaults);
  bool exercised = false;
  ExerciseContext ec;
  cov->add_flag("--exercised", exercised,
                "Also run the scenarios on the model and count, per rule, the scenarios that "
                "exercised it there and its hits; exit 1 if a rule is never exercised");
  cov->add_option("--json", ec.json, "With --exercised: write the figures as JSON to FILE");
  cov->add_option("-j,--jobs", ec.jobs, "With --exercised: scenarios run in parallel")
      ->check(CLI::Range(1, 256));

  MutateContext mc;
  bool list_mutants = false;
  CLI::App* mutate = cli.add_subcommand(
      "mutate", "Run the suite against built-in mutants (the model with one planted bug each); "
                "exit 1 if any mutant survives");
  AddCommon(mutate, &mut_c, true, defaults);
  mutate->add_option("--mutant", mc.mutants, "Only this mutant; repeatable (names: --list)")
      ->allow_extra_args(false);
  mutate->add_flag("--list", list_mutants, "List the mutants and exit");
  mutate->add_option("--json", mc.json, "Write the kill matrix as JSON to FILE");
  mutate->add_option("--html", mc.html, "Write the kill matrix as HTML to FILE");
  mutate->add_option("-j,--jobs", mc.jobs, "Scenarios run in parallel")->check(CLI::Range(1, 256));

  ScaleFlags scale_flags;
  CLI::App* scale = AddScaleCommand(&cli, &scale_flags);
  ExploreFlags explore_flags;
  CLI::App* explore = AddExploreCommand(&cli, &explore_flags);
  RecordFlags record_flags;
  CLI::App* record = AddRecordCommand(&cli, &record_flags, defaults);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    cli.exit(e);
    return kExitUsage;
  }
  if (*scale) return CmdScale(scale_flags);
  if (*explore) {
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    return CmdExplore(explore_flags, &g_stop);
  }
  if (*record) return CmdRecord(record_flags);
  if (*check) return CmdCheck(check_c);
  if (*list) return CmdList(list_c);
  if (*cov && exercised) {
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    std::vector<std::string> rules;
    std::vector<harness::Scenario> scenarios;
    if (int rc = LoadSelection(cov_c, &rules, &scenarios); rc != kExitOk) return rc;
    ec.stop = &g_stop;
    const int declared = CmdCoverage(cov_c);
    std::printf("\n");
    const int rc = CmdExercised(ec, scenarios);
    return std::max(declared, rc);
  }
  if (*cov) return CmdCoverage(cov_c);
  if (*mutate) {
    if (list_mutants) {
      ListMutants();
      return kExitOk;
    }
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    std::vector<std::string> rules;
    std::vector<harness::Scenario> scenarios;
    if (int rc = LoadSelection(mut_c, &rules, &scenarios); rc != kExitOk) return rc;
    mc.stop = &g_stop;
    return CmdMutate(mc, scenarios);
  }

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::vector<std::string> rules;
  std::vector<harness::Scenario> scenarios;
  std::vector<std::string> all_names;
  if (int rc = LoadSelection(run_c, &rules, &scenarios, &all_names); rc != kExitOk) return rc;
  RunContext ctx;
  if (int rc = LoadExpectations(rf.expectations, rf.clients, rules, all_names, &ctx.known);
      rc != kExitOk) {
    return rc;
  }
  for (const std::string& b : rf.badges) {
    std::string client, file;
    if (int rc = ClientAndFile("--badge", b, rf.clients, &client, &file); rc != kExitOk) return rc;
    ctx.badges[client] = file;
  }
  ctx.paths = run_c.paths;
  ctx.filters = run_c.filters;
  ctx.clients = rf.clients;
  ctx.junit = rf.junit;
  ctx.json = rf.json;
  ctx.html = rf.html;
  ctx.md = rf.md;
  ctx.jobs = rf.jobs;
  ctx.repeat = rf.repeat;
  ctx.process.timeout = std::chrono::milliseconds(static_cast<int64_t>(rf.client_timeout * 1000));
  ctx.process.max_line_bytes = rf.client_max_line;
  ctx.process.max_output_bytes = rf.client_max_output;
  ctx.process.max_values = rf.client_max_values;
  ctx.process.reuse = rf.client_reuse;
  ctx.color = rf.color;
  ctx.quiet = rf.quiet;
  ctx.allow_empty = rf.allow_empty;
  ctx.stop = &g_stop;
  return CmdRun(ctx, rules, scenarios);
}

}  // namespace statussim::app

int main(int argc, char** argv) { return statussim::app::Main(argc, argv); }
