// Suite discovery and loading (SCENARIOS.md "A suite is what one run loads").
#include "harness/suite.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

namespace statussim::harness {
namespace {

namespace fs = std::filesystem;

// A scenario file and the folder argument it was found under ("" when the
// file was named directly).
struct Found {
  std::string file;
  std::string root;
};

bool IsScenarioFile(const fs::directory_entry& entry) {
  std::error_code ec;
  if (!entry.is_regular_file(ec)) return false;
  const fs::path ext = entry.path().extension();
  return ext == ".yaml" || ext == ".yml";
}

// The files under one folder, recursively (symlinked folders are not
// followed, so a link cycle cannot loop).
void Walk(const std::string& folder, std::vector<Found>* found, std::vector<LoadError>* errors) {
  std::error_code ec;
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (IsScenarioFile(*it)) found->push_back({it->path().generic_string(), folder});
  }
  if (ec) errors->push_back({folder, {}, "cannot list the folder: " + ec.message()});
}

// Every file to load, sorted by path, each once (the same file named twice,
// or found under two folder arguments, keeps its first place in sorted order).
std::vector<Found> Discover(const std::vector<std::string>& paths, std::vector<LoadError>* errors) {
  std::vector<Found> found;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      errors->push_back({path, {}, "no such file or folder"});
    } else if (fs::is_directory(st)) {
      Walk(path, &found, errors);
    } else {
      found.push_back({path, ""});
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const Found& a, const Found& b) { return a.file < b.file; });
  std::set<std::string> seen;
  std::vector<Found> unique;
  for (Found& f : found) {
    std::error_code ec;
    fs::path key = fs::weakly_canonical(f.file, ec);
    if (ec) key = fs::absolute(f.file, ec).lexically_normal();
    if (seen.insert(key.generic_string()).second) unique.push_back(std::move(f));
  }
  return unique;
}

}  // namespace

std::vector<std::string> DiscoverScenarioFiles(const std::vector<std::string>& paths,
                                               std::vector<LoadError>* errors) {
  std::vector<LoadError> local;
  std::vector<std::string> files;
  for (Found& f : Discover(paths, errors ? errors : &local)) files.push_back(std::move(f.file));
  return files;
}

std::vector<Scenario> LoadSuite(const std::vector<std::string>& paths, const LoadOptions& options,
                                std::vector<LoadError>* errors) {
  std::vector<LoadError> local;
  std::vector<LoadError>* out = errors ? errors : &local;
  std::vector<Scenario> suite;
  // Names are unique within a suite: name -> where it was first written.
  std::map<std::string, LoadError> names;
  for (const Found& f : Discover(paths, out)) {
    LoadOptions file_options = options;
    file_options.suite_root = f.root;
    Location name_at;
    std::optional<Scenario> s = LoadScenarioFile(f.file, file_options, out, &name_at);
    if (!s) continue;
    const auto [it, inserted] = names.emplace(s->name, LoadError{f.file, name_at, ""});
    if (!inserted) {
      const LoadError& first = it->second;
      out->push_back({f.file, name_at,
                      fmt::format("duplicate scenario name '{}': also in {}:{}:{} (names are "
                                  "unique within a suite)",
                                  s->name, first.file, first.where.line, first.where.column)});
      continue;
    }
    suite.push_back(std::move(*s));
  }
  return suite;
}

}  // namespace statussim::harness
