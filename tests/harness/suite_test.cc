// Tests of suite discovery and loading (harness/suite.h), in a temporary folder.
#include "harness/suite.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace statussim::harness {
namespace {

namespace fs = std::filesystem;

// A fresh folder under the system's temporary folder, removed at the end.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() / ("statussim_suite_test_" + std::to_string(::getpid()) +
                                         "_" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  // Writes a scenario named `name` at `rel` (line 2 holds the name, at column 7).
  std::string Write(const std::string& rel, const std::string& name) const {
    const fs::path file = path_ / rel;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << "version: 1\nname: " << name << "\ncovers: [SES-1]\n";
    return file.string();
  }

 private:
  fs::path path_;
};

std::vector<std::string> Names(const std::vector<Scenario>& suite) {
  std::vector<std::string> names;
  for (const Scenario& s : suite) names.push_back(s.name);
  return names;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(suite)

BOOST_AUTO_TEST_CASE(discovery_is_recursive_sorted_and_deduplicated) {
  TempDir dir;
  const std::string root = dir.path().string();
  const std::string z = dir.Write("z.yaml", "z");
  const std::string a = dir.Write("a.yml", "a");
  const std::string b = dir.Write("sub/b.yaml", "b");
  const std::string c = dir.Write("sub/deeper/c.yaml", "c");
  const std::string m = dir.Write("m/0.yaml", "m0");
  dir.Write("notes.txt", "not a scenario");
  dir.Write("sub/x.yaml.bak", "not a scenario");
  std::vector<LoadError> errors;
  const std::vector<std::string> files = DiscoverScenarioFiles({root, b, root + "/sub"}, &errors);
  BOOST_TEST(errors.empty());
  BOOST_TEST(files == (std::vector<std::string>{a, m, b, c, z}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(missing_path_is_an_error) {
  TempDir dir;
  const std::string a = dir.Write("a.yaml", "a");
  const std::string missing = (dir.path() / "nope").string();
  std::vector<LoadError> errors;
  const std::vector<std::string> files = DiscoverScenarioFiles({missing, a}, &errors);
  BOOST_TEST(files == std::vector<std::string>{a}, boost::test_tools::per_element());
  BOOST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].file == missing);
  BOOST_TEST(errors[0].ToString() == missing + ": no such file or folder");
}

BOOST_AUTO_TEST_CASE(empty_folder_gives_no_files_and_no_error) {
  TempDir dir;
  std::vector<LoadError> errors;
  BOOST_TEST(DiscoverScenarioFiles({dir.path().string()}, &errors).empty());
  BOOST_TEST(errors.empty());
}

BOOST_AUTO_TEST_CASE(folder_is_relative_to_the_folder_argument) {
  TempDir dir;
  dir.Write("top.yaml", "top");
  dir.Write("get/one.yaml", "one");
  dir.Write("get/deep/two.yaml", "two");
  const std::string direct = dir.Write("direct/three.yaml", "three");
  std::vector<LoadError> errors;
  const std::vector<Scenario> suite =
      LoadSuite({dir.path().string() + "/get", dir.path().string() + "/top.yaml", direct},
                LoadOptions{}, &errors);
  BOOST_TEST(errors.empty());
  BOOST_REQUIRE(suite.size() == 4u);
  // Sorted by path: direct/three, get/deep/two, get/one, top.
  BOOST_TEST(Names(suite) == (std::vector<std::string>{"three", "two", "one", "top"}),
             boost::test_tools::per_element());
  BOOST_TEST(suite[0].folder == "direct");  // a file given directly: its parent folder's name
  BOOST_TEST(suite[1].folder == "deep");    // relative to the folder argument get/
  BOOST_TEST(suite[2].folder == "");        // at the root of the folder argument
  BOOST_TEST(suite[3].folder == fs::path(dir.path()).filename().string());
  BOOST_TEST(suite[2].file == dir.path().string() + "/get/one.yaml");
}

BOOST_AUTO_TEST_CASE(duplicate_names_name_both_files) {
  TempDir dir;
  const std::string first = dir.Write("a/x.yaml", "same");
  const std::string second = dir.Write("b/y.yaml", "same");
  dir.Write("c/z.yaml", "other");
  std::vector<LoadError> errors;
  const std::vector<Scenario> suite = LoadSuite({dir.path().string()}, LoadOptions{}, &errors);
  BOOST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].file == second);
  BOOST_TEST((errors[0].where.line == 2 && errors[0].where.column == 7));
  BOOST_TEST(errors[0].reason.find("duplicate scenario name 'same': also in " + first + ":2:7") !=
             std::string::npos);
  BOOST_TEST(Names(suite) == (std::vector<std::string>{"same", "other"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(errors_of_every_file_are_collected) {
  TempDir dir;
  dir.Write("a.yaml", "a");
  const fs::path bad1 = dir.path() / "b.yaml";
  const fs::path bad2 = dir.path() / "c.yaml";
  std::ofstream(bad1) << "version: 2\nname: b\ncovers: [SES-1]\n";
  std::ofstream(bad2) << "version: 1\nname: c\ncovers: []\n";
  std::vector<LoadError> errors;
  const std::vector<Scenario> suite = LoadSuite({dir.path().string()}, LoadOptions{}, &errors);
  BOOST_TEST(suite.size() == 1u);
  BOOST_REQUIRE(errors.size() == 2u);
  BOOST_TEST(errors[0].ToString() == bad1.string() +
                                         ":1:10: unsupported version 2: this "
                                         "statussim reads version 1");
  BOOST_TEST(errors[1].file == bad2.string());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace statussim::harness
