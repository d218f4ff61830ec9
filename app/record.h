// The `record` command: scenario files' expectations filled in or refreshed
// from the model (harness/record.h), shown as a diff, written with --write
// (docs/record.md).
//
// Exit status: 0 nothing to record (or --write wrote it all), 1 something
// would change (without --write), 2 bad input: a file that does not load or
// that cannot be recorded (each reason printed, located), a bad argument.
#ifndef STATUSSIM_APP_RECORD_H_
#define STATUSSIM_APP_RECORD_H_

#include <string>
#include <vector>

#include "app/install_paths.h"

namespace CLI {
class App;
}  // namespace CLI

namespace statussim::app {

struct RecordFlags {
  std::vector<std::string> paths;  // scenario files or folders (required)
  std::string spec_file;           // --spec; empty: defaults.spec_file
  bool write = false;              // --write: write the files instead of showing the diff
  DataPaths defaults;              // the SPEC used when --spec is not given
};

// Registers `record` and its options on the CLI; returns the subcommand.
CLI::App* AddRecordCommand(CLI::App* cli, RecordFlags* flags, const DataPaths& defaults);
// Runs it; returns the exit status.
int CmdRecord(const RecordFlags& flags);

}  // namespace statussim::app

#endif  // STATUSSIM_APP_RECORD_H_
