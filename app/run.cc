#include <fmt/format.h>

#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "app/clients.h"
#include "app/commands.h"
#include "app/console.h"
#include "harness/builtin_client.h"
#include "harness/process_client.h"
#include "harness/runner.h"
#include "reports/reports.h"

namespace statussim::app {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as shells report it


std::string Quote(const std::string& s) {
  if (s.find_first_of(" '\"*?[]$\\") == std::string::npos && !s.empty()) return s;
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

void PrintProgress(const RunContext& ctx, const Palette& pal, bool interactive,
                   const harness::ScenarioResult& r, size_t done, size_t total, int* failed) {
  // Progress knows the verdict; a failure its client's expectations name is
  // shown as expected (the final judgement, flakiness included, comes after).
  const auto known = ctx.known.find(r.client);
  const harness::KnownFailure* k =
      known == ctx.known.end() ? nullptr : known->second.Find(r.name);
  const bool expected = k != nullptr && r.verdict != harness::Verdict::kPass &&
                        r.verdict == (k->findings.empty() ? k->status : harness::Verdict::kFail);
  const bool bad = r.verdict != harness::Verdict::kPass && !expected;
  if (bad) ++*failed;
  if (interactive) {
    std::fprintf(stderr, "\r\x1b[2K[%zu/%zu] %s  %s", done, total,
                 *failed ? pal.Red(fmt::format("{} failed", *failed)).c_str() : "",
                 r.name.c_str());
    if (done == total) std::fprintf(stderr, "\r\x1b[2K");
    std::fflush(stderr);
    return;
  }
  if (ctx.quiet && !bad) return;
  std::string verdict = expected                               ? pal.Yellow("EXPECTED FAILURE")
                        : r.verdict == harness::Verdict::kPass ? pal.Green("PASSED")
                        : r.verdict == harness::Verdict::kFail ? pal.Red("FAILED")
                                                               : pal.Red("ERROR");
  std::string label = r.name;
  if (label.size() < 60) label += " " + std::string(60 - label.size(), '.');
  std::fprintf(stderr, "%zu/%zu %s %s\n", done, total, label.c_str(), verdict.c_str());
}

int WriteReports(const RunContext& ctx, const harness::RunResults& run) {
  reports::ReportOptions options;
  struct Out {
    const std::string& path;
    std::string (*render)(const harness::RunResults&, const reports::ReportOptions&);
  };
  const Out outs[] = {{ctx.junit, reports::RenderJunit},
                      {ctx.json, reports::RenderJson},
                      {ctx.html, reports::RenderHtml},
                      {ctx.md, reports::RenderMarkdown}};
  int rc = kExitOk;
  for (const Out& o : outs) {
    if (o.path.empty()) continue;
    harness::Status st = reports::WriteFileAtomic(o.path, o.render(run, options));
    if (!st.ok()) {
      std::fprintf(stderr, "statussim: %s\n", st.message().c_str());
      rc = kExitUsage;
    } else {
      std::fprintf(stderr, "report: %s\n", o.path.c_str());
    }
  }
  return rc;
}

}  // namespace

// A default name for an exec client: the program, or for an interpreter the
// script it runs, without folder and extension ("python3 clients/python/
// client.py" -> "client", "./mysdk --fast" -> "mysdk").
std::string DefaultClientName(const std::string& command) {
  static const char* const kInterpreters[] = {"python", "python3", "node", "ruby", "perl",
                                              "sh",     "bash",    "java", "exec", "env"};
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < command.size()) {
    size_t end = command.find_first_of(" \t", pos);
    if (end == std::string::npos) end = command.size();
    std::string w = command.substr(pos, end - pos);
    pos = end + 1;
    std::erase_if(w, [](char c) { return c == '\'' || c == '"'; });
    if (!w.empty() && w[0] != '-') words.push_back(w);
  }
  for (const std::string& w : words) {
    std::string base = w.substr(w.rfind('/') == std::string::npos ? 0 : w.rfind('/') + 1);
    bool interpreter = false;
    for (const char* i : kInterpreters) interpreter = interpreter || base == i;
    if (interpreter) continue;
    const size_t dot = base.find('.');
    if (dot != std::string::npos && dot > 0) base = base.substr(0, dot);
    std::erase_if(base, [](char c) { return !std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_'; });
    if (!base.empty()) return base;
  }
  return "process";
}

std::string ClientName(const std::string& value) {
  const size_t eq = value.find('=');
  if (eq != std::string::npos && eq < value.find(':')) return value.substr(0, eq);
  return value.starts_with("exec:") ? DefaultClientName(value.substr(5)) : value;
}

int CmdRun(const RunContext& ctx, const std::vector<std::string>& rules,
           const std::vector<harness::Scenario>& scenarios) {
  std::vector<harness::ClientSpec> clients;
  if (std::string err = MakeClients(ctx.clients, ctx.process, &clients); !err.empty()) {
    std::fprintf(stderr, "statussim: %s\n", err.c_str());
    return kExitUsage;
  }
  if (scenarios.empty() && !ctx.allow_empty) {
    std::fprintf(stderr, "statussim: no scenario selected (use --allow-empty to accept that)\n");
    return kExitUsage;
  }
  Palette pal{UseColor(ctx.color == "always"  ? ColorMode::kAlways
                       : ctx.color == "never" ? ColorMode::kNever
                                              : ColorMode::kAuto,
                       stderr)};
  const bool interactive = IsInteractive(stderr);
  int failed_so_far = 0;
  harness::SuiteOptions options;
  options.jobs = ctx.jobs;
  options.repeat = ctx.repeat;
  options.stop = ctx.stop;
  options.on_result = [&](const harness::ScenarioResult& r, size_t done, size_t total) {
    PrintProgress(ctx, pal, interactive, r, done, total, &failed_so_far);
  };
  harness::RunResults run = harness::RunSuite(scenarios, clients, options);
  run.rule_ids = rules;
  for (harness::ScenarioResult& r : run.scenarios) {
    auto known = ctx.known.find(r.client);
    harness::ApplyKnownFailure(known == ctx.known.end() ? nullptr : known->second.Find(r.name), &r);
  }

  const harness::Totals totals = harness::CountVerdicts(run);
  for (const harness::ScenarioResult& r : run.scenarios) {
    if (r.outcome == harness::ScenarioOutcome::kFlaky) {
      std::fprintf(stderr, "\n%s %s [%s]: %s\n", pal.Red("FLAKY").c_str(), pal.Bold(r.name).c_str(),
                   r.client.c_str(), r.outcome_note.c_str());
      continue;
    }
    if (r.outcome == harness::ScenarioOutcome::kExpectedFailure) {
      if (!ctx.quiet) {
        std::fprintf(stderr, "\n%s %s [%s]: %s\n", pal.Yellow("EXPECTED FAILURE").c_str(),
                     r.name.c_str(), r.client.c_str(), r.known_failure->reason.c_str());
      }
      continue;
    }
    if (r.outcome == harness::ScenarioOutcome::kUnexpectedPass) {
      std::fprintf(stderr, "\n%s %s [%s]: %s (%s:%d)\n", pal.Red("UNEXPECTED PASS").c_str(),
                   pal.Bold(r.name).c_str(), r.client.c_str(), r.outcome_note.c_str(),
                   r.known_failure->file.c_str(), r.known_failure->line);
      if (r.verdict == harness::Verdict::kPass) continue;
    }
    if (r.verdict == harness::Verdict::kPass) continue;
    std::fprintf(stderr, "\n%s %s [%s]\n%s", pal.Red("FAIL").c_str(), pal.Bold(r.name).c_str(),
                 r.client.c_str(), reports::FormatFailure(r).c_str());
    std::string rerun = "statussim run";
    for (const std::string& p : ctx.paths) rerun += " " + Quote(p);
    for (const std::string& c : ctx.clients) rerun += " --client " + Quote(c);
    rerun += " --filter " + Quote(r.name);
    if (!r.outcome_note.empty() && r.outcome != harness::ScenarioOutcome::kUnexpectedPass) {
      std::fprintf(stderr, "  expectation: %s (%s:%d)\n", r.outcome_note.c_str(),
                   r.known_failure->file.c_str(), r.known_failure->line);
    }
    std::fprintf(stderr, "  re-run: %s\n", rerun.c_str());
  }
  int report_rc = WriteReports(ctx, run);
  // Conformance per client (with expectations or badges, or several clients).
  for (const harness::Conformance& c : harness::ComputeConformance(run)) {
    if (!ctx.known.empty() || !ctx.badges.empty() || run.clients.size() > 1) {
      std::fprintf(stderr, "conformance [%s]: %s\n", c.client.c_str(), c.Summary().c_str());
    }
    auto badge = ctx.badges.find(c.client);
    if (badge == ctx.badges.end()) continue;
    harness::Status st = reports::WriteFileAtomic(badge->second, reports::RenderBadge(c));
    if (!st.ok()) {
      std::fprintf(stderr, "statussim: %s\n", st.message().c_str());
      report_rc = kExitUsage;
    } else {
      std::fprintf(stderr, "badge: %s\n", badge->second.c_str());
    }
  }
  if (run.not_run > 0) {
    std::fprintf(stderr, "interrupted: %d scenario run(s) did not run\n", run.not_run);
  }
  if (totals.errors > 0) std::fprintf(stderr, "%d of the failures are client errors\n", totals.errors);
  std::fprintf(stderr, "%s\n",
               fmt::format("{} scenario run(s) against {} client(s) in {:.2f} s", run.scenarios.size(),
                           run.clients.size(), run.wall_seconds)
                   .c_str());
  if (totals.flaky > 0) {
    std::fprintf(stderr, "%d flaky scenario run(s): their %d runs did not all end alike\n",
                 totals.flaky, ctx.repeat);
  }
  if (ctx.known.empty() && totals.flaky == 0) {
    std::printf("%d passed, %d failed, %d skipped\n", totals.passed, totals.failed + totals.errors,
                run.not_run);
  } else {
    // With expectations: passed, failed (and errors), expected failures,
    // unexpected passes; only the expected failures are not a problem.
    int passed = 0, failed = 0;
    for (const harness::ScenarioResult& r : run.scenarios) {
      passed += r.outcome == harness::ScenarioOutcome::kPassed;
      failed += r.outcome == harness::ScenarioOutcome::kFailed ||
                r.outcome == harness::ScenarioOutcome::kError ||
                r.outcome == harness::ScenarioOutcome::kFlaky;
    }
    std::printf("%d passed, %d failed, %d expected failures, %d unexpected passes, %d skipped\n",
                passed, failed, totals.expected_failures, totals.unexpected_passes, run.not_run);
  }
  std::fflush(stdout);
  if (report_rc != kExitOk) return report_rc;
  if (run.not_run > 0) return kExitInterrupted;
  if (totals.problems > 0) return kExitFailed;
  return kExitOk;
}

}  // namespace statussim::app
