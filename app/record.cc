#include "app/record.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "harness/loader.h"
#include "harness/record.h"
#include "harness/scenario_text.h"
#include "harness/spec_rules.h"
#include "harness/suite.h"

namespace statussim::app {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitChanges = 1;
constexpr int kExitInput = 2;

void PrintErrors(const std::vector<harness::LoadError>& errors) {
  for (const harness::LoadError& e : errors) std::fprintf(stderr, "%s\n", e.ToString().c_str());
}

// Writes `text` to `given` through a temporary file in the same folder and a
// rename, keeping the file's permissions: a reader sees the old or the new
// file, never half of one. "" on success, else why not.
std::string WriteAtomically(const std::string& given, const std::string& text) {
  // Through a symbolic link, the file it names is replaced, not the link.
  std::error_code ec;
  const std::filesystem::path real = std::filesystem::canonical(given, ec);
  const std::string path = ec ? given : real.string();
  struct stat st {};
  const mode_t mode = ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644;
  std::string tmp = path + ".record-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return std::string("cannot create a temporary file: ") + std::strerror(errno);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const bool ok = done == text.size() && ::fchmod(fd, mode) == 0 && ::fsync(fd) == 0;
  const int saved = errno;
  if (::close(fd) != 0 || !ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(ok ? errno : saved);
    ::unlink(tmp.c_str());
    return "cannot write: " + why;
  }
  return "";
}

}  // namespace

CLI::App* AddRecordCommand(CLI::App* cli, RecordFlags* f, const DataPaths& defaults) {
  f->defaults = defaults;
  CLI::App* cmd = cli->add_subcommand(
      "record",
      "Fill in or refresh scenarios' expectations from the model (the builtin client), keeping "
      "the files' comments and layout; print the diff (exit 1 if anything would change), or "
      "write it with --write (docs/record.md)");
  cmd->add_option("paths", f->paths, "Scenario files or folders")->required();
  cmd->add_option("--spec", f->spec_file,
                  "SPEC.md to take rule IDs from (default: " + DescribeSpecDefault(defaults) + ")")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--write", f->write,
                "Write the recorded files (atomically) instead of printing the diff");
  return cmd;
}

int CmdRecord(const RecordFlags& f) {
  const std::string& spec_file = f.spec_file.empty() ? f.defaults.spec_file : f.spec_file;
  std::string spec_text;
  if (!ReadSpecText(spec_file, &spec_text)) {
    std::fprintf(stderr, "statussim: %s: cannot read\n", spec_file.c_str());
    return kExitInput;
  }
  harness::LoadOptions options;
  options.rule_ids = harness::ParseRuleIds(spec_text);

  // Every file loads, or nothing is recorded.
  std::vector<harness::LoadError> errors;
  const std::vector<std::string> files = harness::DiscoverScenarioFiles(f.paths, &errors);
  std::vector<std::pair<harness::Scenario, std::string>> loaded;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string text(std::istreambuf_iterator<char>(in), {});
    std::optional<harness::Scenario> s = harness::LoadScenarioFile(file, options, &errors);
    if (s) loaded.emplace_back(std::move(*s), std::move(text));
  }
  if (!errors.empty()) {
    PrintErrors(errors);
    std::fprintf(stderr, "statussim: %zu input error(s); nothing recorded\n", errors.size());
    return kExitInput;
  }
  if (files.empty()) {
    std::fprintf(stderr, "statussim: no scenario files under the given paths\n");
    return kExitInput;
  }

  int changed = 0, steps = 0, refused = 0;
  for (const auto& [scenario, text] : loaded) {
    const harness::RecordResult r = harness::RecordScenario(scenario, text, options);
    if (!r.errors.empty()) {
      PrintErrors(r.errors);
      ++refused;
      continue;
    }
    if (r.new_text == r.old_text) continue;
    if (f.write) {
      if (std::string why = WriteAtomically(r.file, r.new_text); !why.empty()) {
        std::fprintf(stderr, "%s: %s\n", r.file.c_str(), why.c_str());
        ++refused;
        continue;
      }
      std::printf("wrote %s (%d step(s))\n", r.file.c_str(), r.steps_changed);
    } else {
      std::fputs(harness::UnifiedDiff(r.file, r.old_text, r.new_text).c_str(), stdout);
    }
    ++changed;
    steps += r.steps_changed;
  }
  const size_t unchanged = loaded.size() - static_cast<size_t>(changed + refused);
  std::printf("%d file(s) %s, %d step(s); %zu unchanged", changed,
              f.write ? "written" : "would change", steps, unchanged);
  std::printf(refused > 0 ? "; %d cannot be recorded\n" : "\n", refused);
  if (refused > 0) {
    std::fprintf(stderr, "statussim: %d file(s) cannot be recorded (reasons above)%s\n", refused,
                 f.write ? "; they are left as they are" : "");
    return kExitInput;
  }
  return changed > 0 && !f.write ? kExitChanges : kExitOk;
}

}  // namespace statussim::app
