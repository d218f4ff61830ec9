// WriteFileAtomic: a temporary file beside the target, then a rename, so a
// reader (a CI step, a browser) sees the old report or the new one, never half
// of one. The temporary name carries the pid so that two runs writing the same
// report do not write into each other's temporary file.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "reports/reports.h"

namespace statussim::reports {

harness::Status WriteFileAtomic(const std::string& path, const std::string& content) {
  namespace fs = std::filesystem;
  if (path.empty()) return harness::Status::Error("cannot write a report: empty path");
  const fs::path target(path);
  if (target.has_parent_path()) {
    std::error_code error;
    fs::create_directories(target.parent_path(), error);
    if (error) {
      return harness::Status::Error("cannot create folder '" + target.parent_path().string() +
                                    "' for " + path + ": " + error.message());
    }
  }
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      return harness::Status::Error("cannot write " + temporary + ": " + std::strerror(errno));
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
      const std::string reason = std::strerror(errno);
      std::remove(temporary.c_str());
      return harness::Status::Error("cannot write " + temporary + ": " + reason);
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    return harness::Status::Error("cannot rename " + temporary + " to " + path + ": " + reason);
  }
  return harness::Status::Ok();
}

}  // namespace statussim::reports
