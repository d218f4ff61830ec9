#include "app/explore.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "app/clients.h"
#include "app/commands.h"
#include "harness/builtin_client.h"
#include "harness/emit.h"
#include "harness/explore.h"
#include "harness/generate.h"
#include "harness/loader.h"
#include "harness/runner.h"
#include "harness/exercise_tally.h"
#include "sim/exercise.h"

namespace statussim::app {
namespace {

using harness::Divergence;
using harness::Scenario;
using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

constexpr int kExitOk = 0;
constexpr int kExitDiverged = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130;
constexpr std::string_view kSummaryFormat = "statussim-explore-summary";

int Usage(const std::string& message) {
  std::fprintf(stderr, "statussim explore: %s\n", message.c_str());
  return kExitUsage;
}

// Which seeds a campaign runs: first + shard + i * shards, i = 0, 1, ...,
// up to `last` (inclusive) when bounded.
struct Seeds {
  uint64_t first = 1;
  std::optional<uint64_t> last;  // none: until --runs or --time
  uint64_t shard = 0;
  uint64_t shards = 1;
  uint64_t At(uint64_t i) const { return first + shard + i * shards; }
  std::string Describe() const {
    std::string out = last ? fmt::format("{}..{}", first, *last) : fmt::format("from {}", first);
    if (shards > 1) out += fmt::format(", shard {}/{}", shard, shards);
    return out;
  }
};

bool ParseU64(const std::string& text, uint64_t* out) {
  if (text.empty() || text.size() > 19) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

// What one seed gave.
struct SeedResult {
  uint64_t seed = 0;
  int steps = 0;
  std::vector<harness::Feature> swarm;
  sim::RuleCounts hits;  // what the reference exercised
  std::optional<Divergence> divergence;
  Scenario scenario;  // kept when it is the first divergence of its kind
  std::string signature;    // of the divergence
  std::string description;  // of the divergence
};

// The reference and the client of one worker; the client is replaced after
// it ended in `error` (as RunSuite does).
class Worker {
 public:
  Worker(const harness::ClientSpec& client, const harness::GenerateOptions& options)
      : spec_(client), options_(options) {}

  std::optional<std::string> Start() { return Renew(); }

  SeedResult Run(uint64_t seed) {
    SeedResult r;
    r.seed = seed;
    harness::Generated g = harness::GenerateScenario(seed, options_);
    r.steps = static_cast<int>(g.scenario.steps.size());
    r.swarm = g.swarm;
    const harness::Recording ref = harness::RecordRun(g.scenario, reference_);
    r.hits = *reference_.exercised();
    r.divergence = Check(g.scenario, ref);
    if (r.divergence) r.scenario = std::move(g.scenario);
    return r;
  }

  // The divergence of `s`, if any (the check shrinking repeats).
  std::optional<Divergence> Check(const Scenario& s) {
    return Check(s, harness::RecordRun(s, reference_));
  }

  harness::Recording Reference(const Scenario& s, sim::RuleCounts* hits) {
    harness::Recording rec = harness::RecordRun(s, reference_);
    *hits = *reference_.exercised();
    return rec;
  }

  harness::Client& client() { return *client_; }
  std::optional<std::string> Renew() {
    auto made = spec_.factory();
    if (!made.ok()) return made.status().message();
    client_ = std::move(made.value());
    return std::nullopt;
  }

 private:
  std::optional<Divergence> Check(const Scenario& s, const harness::Recording& ref) {
    const harness::Recording got = harness::RecordRun(s, *client_);
    if (got.result.verdict == harness::Verdict::kError) (void)Renew();
    return harness::Compare(s, ref, got);
  }

  const harness::ClientSpec& spec_;
  harness::GenerateOptions options_;
  harness::BuiltinClient reference_;
  std::unique_ptr<harness::Client> client_;
};

std::string ShellQuote(const std::string& s) {
  if (!s.empty() && s.find_first_of(" '\"*?[]$\\;&|<>()`!#~") == std::string::npos) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A finished divergence, shrunk and written.
struct Found {
  uint64_t seed = 0;
  std::string signature;
  std::string description;  // of the shrunk scenario's divergence
  int steps_before = 0;
  int steps_after = 0;
  int shrink_runs = 0;
  std::string file;  // "" when not written
  std::string verified;  // what the repro does on the reference and the client
};

class Campaign {
 public:
  Campaign(const ExploreFlags& f, harness::ClientSpec client, Seeds seeds,
           const std::atomic<bool>* stop)
      : flags_(f), client_(std::move(client)), seeds_(seeds), stop_(stop) {
    options_.max_steps = f.max_steps;
    options_.max_accounts = f.max_accounts;
    options_.max_devices = f.max_devices;
    if (seeds_.last) {
      total_ = (*seeds_.last - seeds_.first - seeds_.shard) / seeds_.shards + 1;
      if (*seeds_.last < seeds_.first + seeds_.shard) total_ = 0;
    } else if (f.time <= 0) {
      total_ = f.runs;
    }
  }

  int Run() {
    std::printf("explore: %s against the reference, seeds %s, %d steps at most\n",
                client_.name.c_str(), seeds_.Describe().c_str(), flags_.max_steps);
    std::fflush(stdout);
    const auto started = Clock::now();
    if (!RunSeeds(started)) return kExitUsage;
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::vector<Found> found;
    for (const SeedResult& r : diverged_) {
      // One shrink per kind of divergence: a client that diverges on every
      // seed the same way gets one repro, and the other seeds are named.
      const auto first = first_of_signature_.find(r.signature);
      if (first != first_of_signature_.end() && first->second != r.seed) {
        Found f;
        f.seed = r.seed;
        f.signature = r.signature;
        f.description = r.description;
        f.steps_before = f.steps_after = r.steps;
        f.verified = fmt::format("not shrunk: diverges as seed {} does", first->second);
        found.push_back(std::move(f));
        continue;
      }
      found.push_back(ShrinkAndWrite(r));
    }
    PrintSummary(found);
    std::fprintf(stderr, "explore: %llu scenarios in %.1f s (%.0f per second, %d job(s))\n",
                 static_cast<unsigned long long>(done_), seconds,
                 seconds > 0 ? static_cast<double>(done_) / seconds : 0.0, flags_.jobs);
    if (!flags_.summary.empty() || !flags_.out.empty()) {
      const std::string path =
          flags_.summary.empty() ? flags_.out + "/summary.json" : flags_.summary;
      if (!WriteFile(path, SummaryJson(found).dump(2) + "\n")) return kExitUsage;
    }
    if (interrupted_) return kExitInterrupted;
    return found.empty() ? kExitOk : kExitDiverged;
  }

 private:
  bool Bounded() const { return total_.has_value(); }

  // Runs the seeds on `jobs` workers; results are taken in seed order, so
  // what is counted and where the campaign stops never depend on -j.
  bool RunSeeds(Clock::time_point started) {
    std::mutex mu;
    std::condition_variable cv;
    std::map<uint64_t, SeedResult> ready;  // by index
    std::atomic<uint64_t> next{0};
    std::atomic<bool> halt{false};
    std::optional<std::string> start_error;
    std::vector<std::thread> threads;
    for (int j = 0; j < flags_.jobs; ++j) {
      threads.emplace_back([&] {
        Worker w(client_, options_);
        if (auto err = w.Start()) {
          std::lock_guard lock(mu);
          start_error = *err;
          halt = true;
          cv.notify_all();
          return;
        }
        while (!halt) {
          const uint64_t i = next++;
          if (Bounded() && i >= *total_) break;
          SeedResult r = w.Run(seeds_.At(i));
          std::lock_guard lock(mu);
          ready.emplace(i, std::move(r));
          cv.notify_all();
        }
      });
    }
    const auto deadline = started + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(flags_.time));
    const bool interactive = isatty(STDERR_FILENO) && !flags_.quiet;
    for (uint64_t i = 0;; ++i) {
      if (Bounded() && i >= *total_) break;
      std::unique_lock lock(mu);
      bool timed_out = false;
      while (!ready.count(i) && !halt) {
        if (stop_ && *stop_) break;
        if (flags_.time > 0) {
          if (cv.wait_until(lock, std::min(deadline, Clock::now() + std::chrono::milliseconds(200))) ==
                  std::cv_status::timeout &&
              Clock::now() >= deadline) {
            timed_out = true;
            break;
          }
        } else {
          cv.wait_for(lock, std::chrono::milliseconds(200));
        }
      }
      if (stop_ && *stop_) interrupted_ = true;
      if (timed_out || interrupted_ || !ready.count(i)) break;
      SeedResult r = std::move(ready.at(i));
      ready.erase(i);
      lock.unlock();
      Count(r);
      if (interactive && done_ % 100 == 0) {
        std::fprintf(stderr, "\rexplore: %llu scenarios, %zu diverged", static_cast<unsigned long long>(done_),
                     diverged_.size());
      }
      if (flags_.max_divergences > 0 && diverged_.size() >= flags_.max_divergences) {
        stopped_at_divergence_ = true;
        break;
      }
      if (flags_.time > 0 && Clock::now() >= deadline) break;
    }
    if (interactive) std::fprintf(stderr, "\r%60s\r", "");
    halt = true;
    for (std::thread& t : threads) t.join();
    if (start_error) {
      std::fprintf(stderr, "statussim explore: cannot start the client: %s\n", start_error->c_str());
      return false;
    }
    return true;
  }

  void Count(SeedResult& r) {
    ++done_;
    steps_ += static_cast<uint64_t>(r.steps);
    for (harness::Feature f : r.swarm) ++features_[static_cast<size_t>(f)];
    tally_.Add(r.hits);
    if (r.divergence) {
      r.signature = r.divergence->Signature(r.scenario);
      r.description = r.divergence->Describe(r.scenario);
      std::printf("seed %llu diverges: %s\n", static_cast<unsigned long long>(r.seed),
                  r.description.c_str());
      std::fflush(stdout);
      if (!first_of_signature_.emplace(r.signature, r.seed).second) {
        r.scenario = Scenario{};  // only the first of each kind is shrunk: keep no copy
      }
      diverged_.push_back(std::move(r));
    }
  }

  Found ShrinkAndWrite(const SeedResult& r) {
    Worker w(client_, options_);
    Found f;
    f.seed = r.seed;
    f.steps_before = r.steps;
    if (auto err = w.Start()) {
      f.signature = r.divergence->Signature(r.scenario);
      f.description = "not shrunk: cannot start the client: " + *err;
      std::printf("  %s\n", f.description.c_str());
      return f;
    }
    const harness::DivergenceCheck check = [&w](const Scenario& s) { return w.Check(s); };
    harness::ShrinkResult shrunk =
        harness::Shrink(r.scenario, *r.divergence, check, flags_.shrink_budget);
    f.signature = shrunk.divergence.Signature(shrunk.scenario);
    f.description = shrunk.divergence.Describe(shrunk.scenario);
    f.steps_after = static_cast<int>(shrunk.scenario.steps.size());
    f.shrink_runs = shrunk.runs;

    sim::RuleCounts hits;
    const harness::Recording ref = w.Reference(shrunk.scenario, &hits);
    Scenario repro = harness::FillExpectations(shrunk.scenario, ref, &shrunk.divergence);
    repro.name = fmt::format("explore-{}", r.seed);
    repro.description = fmt::format(
        "Generated by statussim explore from seed {} ({} steps, shrunk to {} in {} runs). {} "
        "diverged from the reference: {}. The expectations are the reference model's.",
        r.seed, f.steps_before, f.steps_after, f.shrink_runs, client_.name, f.signature);
    repro.tags = {"generated"};
    repro.covers = harness::ExercisedRules(hits);
    if (repro.covers.empty()) repro.covers = {"SES-9"};  // nothing exercised: every step harmless
    const std::string text = harness::EmitScenario(repro);

    const std::string name = fmt::format("explore-{}.yaml", r.seed);
    std::string shown = name;
    if (!flags_.out.empty()) {
      shown = flags_.out + "/" + name;
      if (WriteFile(shown, text)) f.file = shown;
    }
    f.verified = Verify(text, shown, w);
    std::printf("  shrunk %d to %d steps in %d runs: %s\n", f.steps_before, f.steps_after,
                f.shrink_runs, f.description.c_str());
    std::printf("  %s\n", f.verified.c_str());
    std::printf("--- %s\n%s---\n", shown.c_str(), text.c_str());
    std::printf("reproduce: statussim run %s --client %s\n", ShellQuote(shown).c_str(),
                ShellQuote(flags_.client).c_str());
    std::fflush(stdout);
    return f;
  }

  // Loads the written text back and runs it: it must pass on the reference
  // and fail on the client.
  std::string Verify(const std::string& text, const std::string& file, Worker& w) {
    const harness::LoadOptions options = harness::EmbeddedSpecOptions();
    std::vector<harness::LoadError> errors;
    std::optional<Scenario> s = harness::LoadScenarioText(text, file, options, &errors);
    if (!s) {
      return "the repro does not load: " + (errors.empty() ? "?" : errors[0].ToString());
    }
    harness::BuiltinClient reference;
    const harness::ScenarioResult on_ref = harness::RunScenario(*s, reference);
    const harness::ScenarioResult on_client = harness::RunScenario(*s, w.client());
    if (on_client.verdict == harness::Verdict::kError) (void)w.Renew();
    const std::string ref_word = on_ref.verdict == harness::Verdict::kPass ? "passes" : "FAILS";
    const std::string client_word =
        on_client.verdict == harness::Verdict::kPass ? "PASSES" : "fails";
    std::string out = fmt::format("the repro {} on the reference and {} on {}", ref_word,
                                  client_word, client_.name);
    if (on_client.verdict == harness::Verdict::kFail && !on_client.findings.empty()) {
      const harness::Finding& first = on_client.findings.front();
      out += fmt::format(" (step {} {}: {})", first.step_index + 1, first.what, first.diff);
    } else if (on_client.verdict == harness::Verdict::kError) {
      out += fmt::format(" (error: {})", on_client.error);
    }
    return out;
  }

  bool WriteFile(const std::string& path, const std::string& text) {
    std::error_code ec;
    const std::filesystem::path p(path);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
      std::fprintf(stderr, "statussim explore: cannot write %s\n", path.c_str());
      return false;
    }
    return true;
  }

  void PrintSummary(const std::vector<Found>& found) {
    std::string why;
    if (stopped_at_divergence_) {
      why = fmt::format(" (stopped after {} divergence(s): --max-divergences)",
                        flags_.max_divergences);
    } else if (interrupted_) {
      why = " (interrupted)";
    } else if (flags_.time > 0) {
      why = fmt::format(" (--time {})", flags_.time);
    }
    const std::string kinds =
        found.empty() ? "" : fmt::format(" ({} kind(s), each shrunk once)", first_of_signature_.size());
    std::printf("%llu scenarios, %llu steps: %zu diverged%s%s\n",
                static_cast<unsigned long long>(done_), static_cast<unsigned long long>(steps_),
                found.size(), kinds.c_str(), why.c_str());
    const std::vector<std::string> missing = tally_.Unexercised();
    std::printf("rules exercised in the reference: %zu of %zu", tally_.rules.size() - missing.size(),
                tally_.rules.size());
    if (!missing.empty()) {
      std::string list;
      for (const std::string& id : missing) list += (list.empty() ? "" : ", ") + id;
      std::printf("; never: %s", list.c_str());
    }
    // How often: the five least exercised of those reached (the summary
    // JSON has every count).
    std::vector<harness::RuleExercise> reached;
    for (const harness::RuleExercise& e : tally_.rules) {
      if (e.hits > 0) reached.push_back(e);
    }
    std::stable_sort(reached.begin(), reached.end(),
                     [](const auto& a, const auto& b) { return a.hits < b.hits; });
    std::string least;
    for (size_t i = 0; i < reached.size() && i < 5; ++i) {
      least += fmt::format("{}{} {}", i ? ", " : "", reached[i].rule, reached[i].hits);
    }
    if (!least.empty()) std::printf("; least often: %s", least.c_str());
    std::printf("\n");
  }

  Json SummaryJson(const std::vector<Found>& found) const {
    Json j;
    j["format"] = kSummaryFormat;
    j["version"] = 1;
    j["client"] = client_.name;
    j["seeds"] = {{"first", seeds_.first},
                  {"last", seeds_.last ? Json(*seeds_.last) : Json(nullptr)},
                  {"shard", seeds_.shard},
                  {"shards", seeds_.shards}};
    j["options"] = {{"max_steps", flags_.max_steps},
                    {"max_accounts", flags_.max_accounts},
                    {"max_devices", flags_.max_devices}};
    j["scenarios"] = done_;
    j["steps"] = steps_;
    j["complete"] = !interrupted_ && !stopped_at_divergence_ && flags_.time <= 0;
    Json divs = Json::array();
    for (const Found& f : found) {
      divs.push_back({{"seed", f.seed},
                      {"signature", f.signature},
                      {"description", f.description},
                      {"steps_before", f.steps_before},
                      {"steps_after", f.steps_after},
                      {"shrink_runs", f.shrink_runs},
                      {"file", f.file},
                      {"verified", f.verified}});
    }
    j["divergences"] = divs;
    Json features = Json::object();
    for (size_t i = 0; i < features_.size(); ++i) {
      features[std::string(harness::FeatureName(static_cast<harness::Feature>(i)))] = features_[i];
    }
    j["features"] = features;
    Json rules = Json::object();
    for (const harness::RuleExercise& e : tally_.rules) rules[e.rule] = e.hits;
    j["rules"] = rules;
    return j;
  }

  const ExploreFlags& flags_;
  harness::ClientSpec client_;
  Seeds seeds_;
  const std::atomic<bool>* stop_;
  harness::GenerateOptions options_;
  std::optional<uint64_t> total_;
  uint64_t done_ = 0;
  uint64_t steps_ = 0;
  std::array<uint64_t, static_cast<size_t>(harness::Feature::kCount)> features_{};
  harness::ExerciseTally tally_;  // the rules the reference exercised, over the campaign
  std::vector<SeedResult> diverged_;
  std::map<std::string, uint64_t> first_of_signature_;  // the first seed of each kind
  bool stopped_at_divergence_ = false;
  bool interrupted_ = false;
};

// --merge: the summaries of shards as one.
int Merge(const std::vector<std::string>& files, const std::string& out_file) {
  Json merged;
  std::vector<Json> divergences;
  for (const std::string& file : files) {
    std::ifstream in(file);
    if (!in) return Usage(fmt::format("--merge: cannot read {}", file));
    Json j = Json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.value("format", "") != kSummaryFormat ||
        j.value("version", 0) != 1) {
      return Usage(fmt::format("--merge: {} is not an explore summary (format {}, version 1)",
                               file, kSummaryFormat));
    }
    if (merged.is_null()) {
      merged = j;
      merged["shards"] = Json::array();
      merged.erase("seeds");
      merged["scenarios"] = 0;
      merged["steps"] = 0;
      merged["complete"] = true;
      for (auto& [k, v] : merged["features"].items()) v = 0;
      for (auto& [k, v] : merged["rules"].items()) v = 0;
    } else if (j["client"] != merged["client"] || j["options"] != merged["options"]) {
      return Usage(fmt::format("--merge: {} is of another campaign (client {}, options {}) than "
                               "{} (client {}, options {})",
                               file, j["client"].dump(), j["options"].dump(), files[0],
                               merged["client"].dump(), merged["options"].dump()));
    }
    merged["shards"].push_back(j["seeds"]);
    merged["scenarios"] = merged["scenarios"].get<uint64_t>() + j.value("scenarios", uint64_t{0});
    merged["steps"] = merged["steps"].get<uint64_t>() + j.value("steps", uint64_t{0});
    merged["complete"] = merged["complete"].get<bool>() && j.value("complete", false);
    for (auto& [k, v] : j["features"].items()) {
      merged["features"][k] = merged["features"].value(k, uint64_t{0}) + v.get<uint64_t>();
    }
    for (auto& [k, v] : j["rules"].items()) {
      merged["rules"][k] = merged["rules"].value(k, uint64_t{0}) + v.get<uint64_t>();
    }
    for (const Json& d : j["divergences"]) divergences.push_back(d);
  }
  std::stable_sort(divergences.begin(), divergences.end(), [](const Json& a, const Json& b) {
    return a.value("seed", uint64_t{0}) < b.value("seed", uint64_t{0});
  });
  merged["divergences"] = divergences;
  size_t exercised = 0;
  for (auto& [k, v] : merged["rules"].items()) exercised += v.get<uint64_t>() > 0;
  std::printf("merged %zu summaries: client %s, %llu scenarios, %llu steps: %zu diverged%s\n",
              files.size(), merged["client"].get<std::string>().c_str(),
              static_cast<unsigned long long>(merged["scenarios"].get<uint64_t>()),
              static_cast<unsigned long long>(merged["steps"].get<uint64_t>()), divergences.size(),
              merged["complete"].get<bool>() ? "" : " (some shards did not finish)");
  for (const Json& d : divergences) {
    std::printf("  seed %llu: %s (%s)\n", static_cast<unsigned long long>(d.value("seed", uint64_t{0})),
                d.value("signature", std::string()).c_str(), d.value("file", std::string()).c_str());
  }
  std::printf("rules exercised in the reference: %zu of %zu\n", exercised, merged["rules"].size());
  if (!out_file.empty()) {
    std::ofstream out(out_file, std::ios::binary);
    out << merged.dump(2) << "\n";
    if (!out) return Usage(fmt::format("cannot write {}", out_file));
  }
  return divergences.empty() ? kExitOk : kExitDiverged;
}

}  // namespace

CLI::App* AddExploreCommand(CLI::App* cli, ExploreFlags* f) {
  CLI::App* cmd = cli->add_subcommand(
      "explore",
      "Generate scenarios from seeds, run each on the reference and on a client, and shrink "
      "a divergence to a small scenario file; exit 1 if one is found (docs/explore.md)");
  cmd->add_option("--client", f->client,
                  "The client to compare with the reference: exec:'COMMAND', mutant:NAME or "
                  "builtin, optionally NAME=...");
  CLI::Option* seed =
      cmd->add_option("--seed", f->seed, "The first seed (default 1); seeds follow one by one");
  CLI::Option* runs = cmd->add_option("--runs", f->runs, "Scenarios to generate (default 1000)");
  CLI::Option* time = cmd->add_option("--time", f->time,
                  "Run for this many seconds instead of --runs (how far it gets depends on the "
                  "machine; what it finds for a seed does not)")
      ->check(CLI::Range(0.001, 1e7));
  cmd->add_option("--seed-range", f->seed_range, "A..B: exactly the seeds A to B (inclusive)")
      ->excludes(seed)
      ->excludes(runs)
      ->excludes(time);
  time->excludes(runs);
  cmd->add_option("--shard", f->shard,
                  "K/N: only every N-th seed of the campaign, starting at its K-th (0-based), "
                  "for CI matrices and batch systems; merge the summaries with --merge");
  cmd->add_option("--out", f->out, "Write each shrunk scenario and summary.json into DIR");
  cmd->add_option("--summary", f->summary, "Write the campaign's summary JSON to FILE");
  cmd->add_option("--max-steps", f->max_steps, "Steps per generated scenario, at most (default 40)")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--max-accounts", f->max_accounts, "Accounts per scenario, at most (default 5)")
      ->check(CLI::Range(1, 6));
  cmd->add_option("--max-devices", f->max_devices, "Devices per scenario, at most (default 5)")
      ->check(CLI::Range(1, 20));
  cmd->add_option("--shrink-budget", f->shrink_budget,
                  "Candidate runs shrinking may try per divergence (default 2000)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--max-divergences", f->max_divergences,
                  "Stop after this many diverging seeds (default 1; 0: never stop early)");
  cmd->add_option("-j,--jobs", f->jobs, "Seeds run in parallel (results do not depend on it)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--client-timeout", f->client_timeout,
                  "Seconds a process client may take to answer (default 10)")
      ->check(CLI::Range(0.01, 3600.0));
  cmd->add_flag("--client-reuse", f->client_reuse,
                "Keep one process client for many scenarios (PROTOCOL.md, Lifecycle)");
  cmd->add_flag("-q,--quiet", f->quiet, "No progress line");
  cmd->add_option("--merge", f->merge,
                  "Combine the summary files of shards (FILE...) and print the whole; with "
                  "--summary, write it");
  return cmd;
}

int CmdExplore(const ExploreFlags& f, const std::atomic<bool>* stop) {
  if (!f.merge.empty()) return Merge(f.merge, f.summary);
  if (f.client.empty()) return Usage("--client is required (exec:'COMMAND', mutant:NAME, builtin)");
  harness::ProcessClient::Options process;
  process.timeout = std::chrono::milliseconds(static_cast<int64_t>(f.client_timeout * 1000));
  process.reuse = f.client_reuse;
  std::vector<harness::ClientSpec> specs;
  if (std::string err = MakeClients({f.client}, process, &specs); !err.empty()) return Usage(err);

  Seeds seeds;
  seeds.first = f.seed;
  if (!f.seed_range.empty()) {
    const size_t dots = f.seed_range.find("..");
    uint64_t a = 0, b = 0;
    if (dots == std::string::npos || !ParseU64(f.seed_range.substr(0, dots), &a) ||
        !ParseU64(f.seed_range.substr(dots + 2), &b) || a > b) {
      return Usage(fmt::format("--seed-range {}: expected A..B with integers A <= B",
                               f.seed_range));
    }
    seeds.first = a;
    seeds.last = b;
  }
  if (!f.shard.empty()) {
    const size_t slash = f.shard.find('/');
    uint64_t k = 0, n = 0;
    if (slash == std::string::npos || !ParseU64(f.shard.substr(0, slash), &k) ||
        !ParseU64(f.shard.substr(slash + 1), &n) || n == 0 || k >= n) {
      return Usage(fmt::format("--shard {}: expected K/N with 0 <= K < N", f.shard));
    }
    seeds.shard = k;
    seeds.shards = n;
  }
  Campaign campaign(f, specs.front(), seeds, stop);
  return campaign.Run();
}

}  // namespace statussim::app
