#include "app/install_paths.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include "harness/protocol.h"
#include "harness/spec_rules.h"

// Set by CMakeLists.txt: the project version, and the data folder relative to
// the folder of the installed executable (from GNUInstallDirs).
#ifndef STATUSSIM_VERSION
#error "STATUSSIM_VERSION must be defined (project(statussim VERSION ...))"
#endif
#ifndef STATUSSIM_DATA_FROM_BIN
#error "STATUSSIM_DATA_FROM_BIN must be defined (e.g. ../share/statussim)"
#endif

namespace statussim::app {
namespace {

namespace fs = std::filesystem;

bool IsDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

bool IsFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// The data folder's scenarios/ and spec/SPEC.md (if present).
DataPaths FromDataDir(const fs::path& dir, DataOrigin origin) {
  DataPaths d;
  d.scenarios = (dir / "scenarios").string();
  const fs::path spec = dir / "spec" / "SPEC.md";
  if (IsFile(spec)) d.spec_file = spec.string();
  d.origin = origin;
  return d;
}

}  // namespace

DataPaths ResolveDataPaths(const std::string& exe_path, const char* data_dir_env) {
  if (data_dir_env != nullptr && *data_dir_env != '\0') {
    return FromDataDir(fs::path(data_dir_env), DataOrigin::kEnv);
  }
  if (!exe_path.empty()) {
    const fs::path data =
        (fs::path(exe_path).parent_path() / STATUSSIM_DATA_FROM_BIN).lexically_normal();
    // A build tree has no share/statussim beside it, so it falls through.
    if (IsDir(data / "scenarios")) return FromDataDir(data, DataOrigin::kInstalled);
  }
  return DataPaths{};
}

DataPaths DefaultDataPaths() {
  std::string exe(4096, '\0');
  ssize_t n = ::readlink("/proc/self/exe", exe.data(), exe.size());
  if (n <= 0 || static_cast<size_t>(n) >= exe.size()) {
    exe.clear();  // no /proc: behave as from a source checkout
  } else {
    exe.resize(static_cast<size_t>(n));
  }
  return ResolveDataPaths(exe, std::getenv("STATUSSIM_DATA_DIR"));
}

bool ReadSpecText(const std::string& spec_file, std::string* text) {
  if (spec_file.empty()) {
    *text = std::string(harness::EmbeddedSpecText());
    return true;
  }
  std::ifstream in(spec_file, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return false;
  *text = ss.str();
  return true;
}

std::string VersionLine(const DataPaths& paths) {
  std::string spec;
  std::string rules = "unreadable";
  if (ReadSpecText(paths.spec_file, &spec)) {
    const size_t n = harness::ParseRuleIds(spec).size();
    rules = std::to_string(n) + (n == 1 ? " rule" : " rules");
  }
  return std::string("statussim ") + STATUSSIM_VERSION + " (protocol " +
         std::to_string(harness::kProtocolVersion) + ", SPEC.md: " + rules + ")";
}

std::string DescribeScenarioDefault(const DataPaths& paths) {
  if (paths.origin == DataOrigin::kEnv) return paths.scenarios + ", from STATUSSIM_DATA_DIR";
  if (paths.origin == DataOrigin::kInstalled) return paths.scenarios + ", the installed suite";
  return paths.scenarios + "/ in the working directory";
}

std::string DescribeSpecDefault(const DataPaths& paths) {
  if (paths.spec_file.empty()) return "the copy built in";
  if (paths.origin == DataOrigin::kEnv) return paths.spec_file + ", from STATUSSIM_DATA_DIR";
  return paths.spec_file + ", the installed copy";
}

}  // namespace statussim::app
