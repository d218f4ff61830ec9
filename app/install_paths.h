// Where statussim takes its defaults from when no scenario path or --spec is
// given, and the --version line that reports them.
//
// Three cases, first match wins:
//   1. STATUSSIM_DATA_DIR=DIR (set, not empty): the suite is DIR/scenarios and
//      the SPEC is DIR/spec/SPEC.md (the compiled-in copy if that file is
//      missing).
//   2. An installed statussim: the executable (/proc/self/exe, symlinks
//      resolved) has the data folder at a fixed path relative to it
//      (`../share/statussim` for bin/statussim under GNUInstallDirs), holding
//      scenarios/ and spec/SPEC.md. Relative, so an installation can be moved.
//   3. Otherwise, as from a source checkout: `scenarios` relative to the
//      working directory and the SPEC compiled in.
#ifndef STATUSSIM_APP_INSTALL_PATHS_H_
#define STATUSSIM_APP_INSTALL_PATHS_H_

#include <string>

namespace statussim::app {

// Which of the three cases above applied.
enum class DataOrigin { kEnv, kInstalled, kSource };

// The defaults one invocation uses.
struct DataPaths {
  std::string scenarios = "scenarios";  // default scenario folder (relative: to the working dir)
  std::string spec_file;                // default SPEC.md; empty: the copy compiled in
  DataOrigin origin = DataOrigin::kSource;
};

// Decides from the executable's path (empty if unknown) and the value of
// STATUSSIM_DATA_DIR (nullptr if unset). Looks at the file system only.
DataPaths ResolveDataPaths(const std::string& exe_path, const char* data_dir_env);

// ResolveDataPaths for this process: /proc/self/exe and the environment.
DataPaths DefaultDataPaths();

// The SPEC text of `spec_file`, or the compiled-in copy if it is empty.
// False (and *text untouched) if the file cannot be read.
bool ReadSpecText(const std::string& spec_file, std::string* text);

// "statussim 0.2.0 (protocol 1, SPEC.md: 73 rules)", the rules counted in the
// SPEC that `paths` selects.
std::string VersionLine(const DataPaths& paths);

// One line for --help: what the default scenario path is and why.
std::string DescribeScenarioDefault(const DataPaths& paths);
// One line for --help: what the default SPEC is.
std::string DescribeSpecDefault(const DataPaths& paths);

}  // namespace statussim::app

#endif  // STATUSSIM_APP_INSTALL_PATHS_H_
