// The scenario loader (SCENARIOS.md, format v1): YAML text in, a validated
// Scenario or located input errors out. This file holds its entry points
// (loader.h).
//
// Shape: the raw text is checked first (size, UTF-8, control characters),
// then parsed by yaml-cpp, then one Loader walks the tree, converting and
// validating every node (loader_walk.h says how). The loader's other files,
// one concept each and internal to it:
//   loader_limits.h      the bounds on the work of one file
//   yaml_scalars.{h,cc}  text checks, YAML scalars, durations
//   expand.{h,cc}        `expand` patterns
//   loader_walk.{h,cc}   the Loader; errors, maps and lists, aliases
//   loader_values.cc     typed reads and free values (`args`, `ok`)
//   loader_top.cc        the top level (version, name, covers, app, ...)
//   loader_steps.cc      the steps and their expectations
#include "harness/loader.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "harness/loader_limits.h"
#include "harness/loader_walk.h"
#include "harness/spec_rules.h"
#include "harness/yaml_scalars.h"

namespace statussim::harness {

// ---------------------------------------------------------------- entry points

namespace {

using loader_internal::At;
using loader_internal::CheckText;
using loader_internal::kMaxFileBytes;
using loader_internal::Loader;

// Records where documents start; builds nothing.
class DocumentStarts : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  std::vector<YAML::Mark> marks;
};

}  // namespace

namespace loader_internal {

// A scenario file holds one document. yaml-cpp 0.7's LoadAll never returns on
// some inputs (a stray ',' at the top level makes a document that consumes no
// text, again and again), so at most two documents are read here, and a
// second one that starts where the first did is that syntax error.
// Throws YAML::ParserException as YAML::Load does.
std::optional<LoadError> CheckOneDocument(const std::string& text, const std::string& file) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts starts;
  if (!parser.HandleNextDocument(starts) || !parser.HandleNextDocument(starts)) {
    return std::nullopt;
  }
  if (starts.marks.size() < 2) return std::nullopt;
  const YAML::Mark& second = starts.marks[1];
  if (second.pos <= starts.marks[0].pos) {
    const char c =
        second.pos >= 0 && static_cast<size_t>(second.pos) < text.size() ? text[second.pos] : ' ';
    return LoadError{file, At(second), fmt::format("YAML syntax error: unexpected '{}'", c)};
  }
  return LoadError{file, At(second),
                   "a second YAML document ('---'): a scenario file holds one document"};
}

}  // namespace loader_internal

namespace {

using loader_internal::CheckOneDocument;

// Parses and loads; all failures become errors. `*errors` gets this file's
// errors in file order.
std::optional<Scenario> LoadParsed(std::string_view text, const std::string& file,
                                   const LoadOptions& options, std::vector<LoadError>* errors,
                                   Location* name_at) {
  if (text.size() > kMaxFileBytes) {
    errors->push_back(
        {file, {}, fmt::format("the file is larger than 10 MiB ({} bytes)", text.size())});
    return std::nullopt;
  }
  if (std::optional<LoadError> bad = CheckText(text, file)) {
    errors->push_back(std::move(*bad));
    return std::nullopt;
  }
  YAML::Node root;
  try {
    const std::string copy(text);
    if (std::optional<LoadError> e = CheckOneDocument(copy, file)) {
      errors->push_back(std::move(*e));
      return std::nullopt;
    }
    root = YAML::Load(copy);
  } catch (const YAML::DeepRecursion& e) {
    errors->push_back({file, At(e.mark), "nesting too deep"});
    return std::nullopt;
  } catch (const YAML::ParserException& e) {
    errors->push_back({file, At(e.mark), "YAML syntax error: " + e.msg});
    return std::nullopt;
  }
  if (root.IsNull()) {
    errors->push_back({file, {}, "empty file: no scenario in it"});
    return std::nullopt;
  }
  Loader loader(file, options);
  loader.Load(root);
  std::vector<LoadError> found = loader.TakeErrors();
  if (!found.empty()) {
    errors->insert(errors->end(), found.begin(), found.end());
    return std::nullopt;
  }
  if (name_at) *name_at = loader.name_at();
  Scenario s = std::move(loader.scenario());
  s.file = file;
  return s;
}

// Scenario::folder: the file's folder relative to `root`, or the name of its
// parent folder when there is no root.
std::string FolderOf(const std::string& file, const std::string& root) {
  namespace fs = std::filesystem;
  const fs::path parent = fs::path(file).lexically_normal().parent_path();
  if (!root.empty()) {
    fs::path base = fs::path(root).lexically_normal();
    if (base.filename().empty()) base = base.parent_path();
    const fs::path rel = parent.lexically_relative(base);
    if (!rel.empty() && *rel.begin() != "..") {
      return rel == "." ? std::string() : rel.generic_string();
    }
  }
  return parent.filename().generic_string();
}

std::optional<Scenario> LoadTextAt(std::string_view text, const std::string& file,
                                   const LoadOptions& options, std::vector<LoadError>* errors,
                                   Location* name_at) {
  std::vector<LoadError> local;
  std::vector<LoadError>* out = errors ? errors : &local;
  try {
    std::optional<Scenario> s = LoadParsed(text, file, options, out, name_at);
    if (s) s->folder = FolderOf(file, options.suite_root);
    return s;
  } catch (const YAML::Exception& e) {
    out->push_back({file, At(e.mark), "internal error while reading the YAML: " + e.msg});
  } catch (const std::exception& e) {
    out->push_back({file, {}, std::string("internal error while loading: ") + e.what()});
  }
  return std::nullopt;
}

}  // namespace

std::string LoadError::ToString() const {
  if (where.line == 0) return fmt::format("{}: {}", file, reason);
  return fmt::format("{}:{}:{}: {}", file, where.line, where.column, reason);
}

std::optional<Scenario> LoadScenarioText(std::string_view text, const std::string& file,
                                         const LoadOptions& options,
                                         std::vector<LoadError>* errors) {
  return LoadTextAt(text, file, options, errors, nullptr);
}

std::optional<Scenario> LoadScenarioFile(const std::string& path, const LoadOptions& options,
                                         std::vector<LoadError>* errors) {
  return LoadScenarioFile(path, options, errors, nullptr);
}

std::optional<Scenario> LoadScenarioFile(const std::string& path, const LoadOptions& options,
                                         std::vector<LoadError>* errors, Location* name_at) {
  namespace fs = std::filesystem;
  std::vector<LoadError> local;
  std::vector<LoadError>* out = errors ? errors : &local;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    out->push_back({path, {}, "no such file"});
    return std::nullopt;
  }
  if (fs::is_directory(st)) {
    out->push_back({path, {}, "is a folder, not a scenario file"});
    return std::nullopt;
  }
  const uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > kMaxFileBytes) {
    out->push_back({path, {}, fmt::format("the file is larger than 10 MiB ({} bytes)", size)});
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string text;
  if (in) text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    out->push_back({path, {}, fmt::format("cannot read the file: {}", std::strerror(errno))});
    return std::nullopt;
  }
  return LoadTextAt(text, path, options, out, name_at);
}

LoadOptions EmbeddedSpecOptions() {
  LoadOptions options;
  options.rule_ids = ParseRuleIds(EmbeddedSpecText());
  return options;
}

}  // namespace statussim::harness
