// Tests of where the defaults come from (app/install_paths.h): an installed
// layout in a temporary folder, STATUSSIM_DATA_DIR, and the source checkout.
#include "app/install_paths.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "harness/spec_rules.h"

namespace statussim::app {
namespace {

namespace fs = std::filesystem;

// A fresh folder holding PREFIX/bin and PREFIX/share/statussim/{scenarios,spec},
// removed at the end.
class Prefix {
 public:
  Prefix() {
    static int counter = 0;
    root_ =
        fs::temp_directory_path() / ("statussim_install_paths_test_" + std::to_string(::getpid()) +
                                     "_" + std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_ / "bin");
    fs::create_directories(data() / "scenarios");
    fs::create_directories(data() / "spec");
    std::ofstream(data() / "spec" / "SPEC.md") << "# S\n\n## A\n\n- AB-1 one\n";
  }
  ~Prefix() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  const fs::path& root() const { return root_; }
  fs::path data() const { return root_ / "share" / "statussim"; }
  std::string exe() const { return (root_ / "bin" / "statussim").string(); }

 private:
  fs::path root_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(install_paths)

BOOST_AUTO_TEST_CASE(installed_layout_is_found_beside_the_executable) {
  Prefix p;
  const DataPaths d = ResolveDataPaths(p.exe(), nullptr);
  BOOST_TEST((d.origin == DataOrigin::kInstalled));
  BOOST_TEST(d.scenarios == (p.data() / "scenarios").string());
  BOOST_TEST(d.spec_file == (p.data() / "spec" / "SPEC.md").string());
  BOOST_TEST(VersionLine(d).ends_with("SPEC.md: 1 rule)"));
}

BOOST_AUTO_TEST_CASE(installed_layout_without_spec_uses_the_copy_built_in) {
  Prefix p;
  fs::remove(p.data() / "spec" / "SPEC.md");
  const DataPaths d = ResolveDataPaths(p.exe(), nullptr);
  BOOST_TEST((d.origin == DataOrigin::kInstalled));
  BOOST_TEST(d.spec_file.empty());
  const size_t built_in = harness::ParseRuleIds(harness::EmbeddedSpecText()).size();
  BOOST_TEST(VersionLine(d).ends_with("SPEC.md: " + std::to_string(built_in) + " rules)"));
}

BOOST_AUTO_TEST_CASE(build_tree_falls_back_to_the_working_directory) {
  Prefix p;
  fs::remove_all(p.data() / "scenarios");  // a folder with no share/statussim/scenarios
  for (const std::string& exe : {p.exe(), std::string()}) {
    const DataPaths d = ResolveDataPaths(exe, nullptr);
    BOOST_TEST((d.origin == DataOrigin::kSource));
    BOOST_TEST(d.scenarios == "scenarios");
    BOOST_TEST(d.spec_file.empty());
    BOOST_TEST(DescribeScenarioDefault(d) == "scenarios/ in the working directory");
    BOOST_TEST(DescribeSpecDefault(d) == "the copy built in");
  }
}

BOOST_AUTO_TEST_CASE(data_dir_env_wins_and_an_empty_one_is_ignored) {
  Prefix installed, other;
  const DataPaths d = ResolveDataPaths(installed.exe(), other.data().c_str());
  BOOST_TEST((d.origin == DataOrigin::kEnv));
  BOOST_TEST(d.scenarios == (other.data() / "scenarios").string());
  BOOST_TEST(d.spec_file == (other.data() / "spec" / "SPEC.md").string());
  BOOST_TEST(DescribeScenarioDefault(d) == d.scenarios + ", from STATUSSIM_DATA_DIR");
  BOOST_TEST((ResolveDataPaths(installed.exe(), "").origin == DataOrigin::kInstalled));
}

BOOST_AUTO_TEST_CASE(unreadable_spec_is_reported) {
  std::string text = "untouched";
  BOOST_TEST(!ReadSpecText("/nonexistent/statussim/SPEC.md", &text));
  BOOST_TEST(text == "untouched");
  BOOST_TEST(ReadSpecText("", &text));
  BOOST_TEST(text == std::string(harness::EmbeddedSpecText()));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace statussim::app
