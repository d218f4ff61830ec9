// Reporters: golden files for each format (set STATUSSIM_UPDATE_GOLDEN=1 to
// rewrite them), plus the properties a golden file cannot show: the JUnit is
// well-formed XML with no character XML forbids, the JSON parses and keeps
// wall times apart, WriteFileAtomic replaces a file and leaves no temporary.
#include "reports/reports.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "harness/results.h"
#include "reports/format_internal.h"

using std::string_literals::operator""s;

namespace {

namespace fs = std::filesystem;
namespace sr = statussim::reports;
using statussim::harness::Finding;
using statussim::harness::RunResults;
using statussim::harness::ScenarioResult;
using statussim::harness::TraceEntry;
using statussim::harness::Verdict;
using Kind = TraceEntry::Kind;

const sr::ReportOptions kNoWallTimes{.include_wall_times = false};
const sr::ReportOptions kWallTimes{.include_wall_times = true};

TraceEntry Entry(Kind kind, int64_t time, int step, std::string device, std::string text) {
  return TraceEntry{kind, time, step, std::move(device), std::move(text)};
}

ScenarioResult Passing() {
  ScenarioResult s;
  s.file = "scenarios/session/login.yaml";
  s.folder = "session";
  s.name = "login and logout";
  s.client = "builtin";
  s.covers = {"SES-1", "SES-3"};
  s.tags = {"session"};
  s.devices = {"a1"};
  s.trace = {Entry(Kind::kStep, 0, 0, "a1", "login alice web"),
             Entry(Kind::kResult, 0, 0, "a1", "ok {}"), Entry(Kind::kStep, 0, 1, "a1", "logout"),
             Entry(Kind::kResult, 0, 1, "a1", "ok {}")};
  s.trace_sha256 = std::string(64, 'a');
  s.steps_total = 2;
  s.steps_run = 2;
  s.wall_seconds = 0.25;
  return s;
}

// Fails twice: a missing event on b1 at step 5, a wrong result at step 7.
ScenarioResult FailingTwice() {
  ScenarioResult s;
  s.file = "scenarios/subscribe/custom_status.yaml";
  s.folder = "subscribe";
  s.name = "friend sees custom status after subscribe";
  s.client = "builtin";
  s.covers = {"SUB-2", "EVT-2", "SET-6"};
  s.tags = {"subscribe", "assumed"};
  s.devices = {"a1", "b1"};
  const std::string busy = R"(status {"userID":"alice","statusType":1,"customStatus":"busy"})";
  const std::string cleared = R"(status {"userID":"alice","statusType":1,"customStatus":""})";
  s.trace = {
      Entry(Kind::kStep, 0, 0, "a1", "login alice web"),
      Entry(Kind::kResult, 0, 0, "a1", "ok {}"),
      Entry(Kind::kStep, 0, 1, "b1", "login bob android"),
      Entry(Kind::kResult, 0, 1, "b1", "ok {}"),
      Entry(Kind::kStep, 0, 2, "b1", R"(call subscribeUserStatus {"userIDList":["alice"]})"),
      Entry(Kind::kResult, 0, 2, "b1", R"(ok {"failureUserList":[]})"),
      Entry(Kind::kStep, 0, 3, "a1", R"(call setSelfStatus {"customStatus":"busy"})"),
      Entry(Kind::kResult, 0, 3, "a1", "ok {}"),
      Entry(Kind::kEvent, 0, 3, "a1", busy),
      Entry(Kind::kStep, 0, 4, "", "expect_events a1 b1"),
      Entry(Kind::kStep, 0, 5, "", "wait 31s"),
      Entry(Kind::kEvent, 30000, 5, "a1", cleared),
      Entry(Kind::kEvent, 30000, 5, "b1", cleared),
      Entry(Kind::kClock, 31000, 5, "", "clock 31000"),
      Entry(Kind::kStep, 31000, 6, "b1", R"(call getUserStatus {"userIDList":["alice"]})"),
      Entry(Kind::kResult, 31000, 6, "b1", R"(error {"code":3122})"),
  };
  Finding missing;
  missing.step_index = 4;
  missing.where = {21, 5};
  missing.device = "b1";
  missing.what = "events";
  missing.expected = R"([{"status":{"userID":"alice","statusType":1,"customStatus":"busy"}}])";
  missing.actual = "[]";
  missing.diff = "missing [0]: status of alice";
  Finding result;
  result.step_index = 6;
  result.where = {27, 5};
  result.time = 31000;
  result.what = "result";
  result.expected = R"({"ok":{"successUserList":[{"userID":"alice"}]}})";
  result.actual = R"({"error":{"code":3122}})";
  result.diff = "ok -> error 3122";
  s.verdict = Verdict::kFail;
  s.outcome = statussim::harness::PlainOutcome(s.verdict);
  s.findings = {missing, result};
  s.trace_sha256 = std::string(64, 'b');
  s.virtual_duration = 31000;
  s.steps_total = 7;
  s.steps_run = 7;
  s.wall_seconds = 0.5;
  return s;
}

// The client died: its log holds an ESC sequence, invalid UTF-8 and a CRLF.
ScenarioResult Crashing() {
  ScenarioResult s;
  s.file = "scenarios/subscribe/crash.yaml";
  s.folder = "subscribe";
  s.name = "client crashes on subscribe";
  s.client = "builtin";
  s.covers = {"SUB-1"};
  s.devices = {"c1"};
  s.verdict = Verdict::kError;
  s.outcome = statussim::harness::PlainOutcome(s.verdict);
  s.error = "client exited with signal 11";
  s.client_log_tail = "connecting\n\x1b[31mpanic:\x1b[0m bad frame \xff\xfe\x01\nat frame 3\r\n";
  s.trace = {
      Entry(Kind::kStep, 0, 0, "c1", "login carol ios"), Entry(Kind::kResult, 0, 0, "c1", "ok {}"),
      Entry(Kind::kStep, 0, 1, "", "wait 1s"), Entry(Kind::kClock, 1000, 1, "", "clock 1000"),
      Entry(Kind::kStep, 1000, 2, "c1", R"(call subscribeUserStatus {"userIDList":["dave"]})")};
  s.trace_sha256 = std::string(64, 'c');
  s.virtual_duration = 1000;
  s.steps_total = 4;
  s.steps_run = 2;
  s.wall_seconds = 0.125;
  return s;
}

// Every character that needs escaping, in every field a report shows.
ScenarioResult OddNames() {
  ScenarioResult s;
  s.file = "scenarios/odd/a&b <c>.yaml";
  s.folder = "odd & <ends>";
  s.name = R"(a&b <c> "d" 'e')";
  s.client = "builtin";
  s.covers = {"UNS-1", "GET-2"};
  s.tags = {"x<y"};
  s.devices = {"d&1"};
  s.trace = {Entry(Kind::kNote, 0, 0, "", R"(configure {"premium":false})"),
             Entry(Kind::kStep, 0, 1, "d&1", "login 'o\"k' web"),
             Entry(Kind::kResult, 0, 1, "d&1", "ok {}"),
             Entry(Kind::kEvent, 0, 1, "d&1", R"(status {"customStatus":"<b>&amp;</b>"})")};
  Finding leftover;
  leftover.where = {1, 1};
  leftover.device = "d&1";
  leftover.what = "unexpected events";
  leftover.actual = R"([{"status":{"customStatus":"<b>&amp;</b>"}}])";
  s.verdict = Verdict::kFail;
  s.outcome = statussim::harness::PlainOutcome(s.verdict);
  s.findings = {leftover};
  s.trace_sha256 = std::string(64, 'd');
  s.steps_total = 2;
  s.steps_run = 2;
  s.wall_seconds = 0.0625;
  return s;
}

RunResults Fixture() {
  RunResults run;
  run.clients = {"builtin"};
  run.scenarios = {Passing(), FailingTwice(), Crashing(), OddNames()};
  run.rule_ids = {"SES-1", "SES-3", "SES-6", "SET-1", "SET-6", "GET-2",
                  "GET-3", "SUB-1", "SUB-2", "EVT-2", "CLR-1", "UNS-1"};
  run.wall_seconds = 1.5;
  return run;
}

// The fixture run by two clients, as a --client builtin --client python run.
RunResults TwoClients() {
  RunResults one = Fixture();
  RunResults run = one;
  run.clients = {"builtin", "python"};
  run.scenarios.clear();
  for (ScenarioResult s : one.scenarios) {
    run.scenarios.push_back(s);
    s.client = "python";
    if (s.verdict == Verdict::kError) {
      s.verdict = Verdict::kPass;
      s.outcome = statussim::harness::PlainOutcome(s.verdict);
      s.error.clear();
    }
    run.scenarios.push_back(s);
  }
  return run;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string GoldenPath(const std::string& name) {
  return std::string(STATUSSIM_SOURCE_DIR) + "/tests/golden/reports/" + name;
}

// Compares with the golden file, or rewrites it when STATUSSIM_UPDATE_GOLDEN=1.
void CheckGolden(const std::string& name, const std::string& actual) {
  const std::string path = GoldenPath(name);
  const char* update = std::getenv("STATUSSIM_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    const statussim::harness::Status status = sr::WriteFileAtomic(path, actual);
    BOOST_REQUIRE_MESSAGE(status.ok(), status.message());
    BOOST_TEST_MESSAGE("STATUSSIM_UPDATE_GOLDEN=1: rewrote " << path);
    std::clog << "STATUSSIM_UPDATE_GOLDEN=1: rewrote " << path << "\n";
    return;
  }
  BOOST_REQUIRE_MESSAGE(fs::exists(path), "no golden file " << path
                                                            << " (STATUSSIM_UPDATE_GOLDEN=1 "
                                                               "writes it)");
  const std::string expected = ReadFile(path);
  if (expected == actual) return;
  std::istringstream want(expected);
  std::istringstream got(actual);
  std::string want_line;
  std::string got_line;
  for (int line = 1;; ++line) {
    const bool more_want = static_cast<bool>(std::getline(want, want_line));
    const bool more_got = static_cast<bool>(std::getline(got, got_line));
    if (more_want && more_got && want_line == got_line) continue;
    BOOST_ERROR(name << " differs from " << path << " at line " << line
                     << "\n  golden: " << (more_want ? want_line : "<end>")
                     << "\n  actual: " << (more_got ? got_line : "<end>")
                     << "\n(STATUSSIM_UPDATE_GOLDEN=1 rewrites golden files)");
    return;
  }
}

// The first byte offset holding a character XML 1.0 forbids, or npos.
size_t FirstIllegalXmlByte(const std::string& text) {
  if (sr::internal::CleanText(text, sr::internal::Controls::kDrop) == text) {
    return std::string::npos;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return i;
  }
  return 0;  // invalid UTF-8 somewhere
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(golden_junit) {
  CheckGolden("junit.xml", sr::RenderJunit(Fixture(), kNoWallTimes));
}

BOOST_AUTO_TEST_CASE(golden_json) {
  CheckGolden("results.json", sr::RenderJson(Fixture(), kNoWallTimes));
}

BOOST_AUTO_TEST_CASE(golden_html) {
  CheckGolden("report.html", sr::RenderHtml(Fixture(), kNoWallTimes));
  CheckGolden("report_two_clients.html", sr::RenderHtml(TwoClients(), kNoWallTimes));
}

BOOST_AUTO_TEST_CASE(golden_markdown) {
  CheckGolden("summary.md", sr::RenderMarkdown(Fixture(), kNoWallTimes));
}

BOOST_AUTO_TEST_CASE(golden_failure_text) {
  std::string text;
  for (const ScenarioResult& scenario : Fixture().scenarios) {
    text += "== " + scenario.name + "\n" + sr::FormatFailure(scenario);
  }
  CheckGolden("failures.txt", text);
}

BOOST_AUTO_TEST_CASE(finding_names_place_step_time_and_values) {
  const ScenarioResult scenario = FailingTwice();
  const std::string text = sr::FormatFinding(scenario, scenario.findings[1]);
  BOOST_TEST(
      text.starts_with("scenarios/subscribe/custom_status.yaml:27:5: step 7 "
                       "(call getUserStatus {\"userIDList\":[\"alice\"]} on b1) at t=31000ms: result\n"));
  BOOST_TEST(text.find(R"(  expected: {"ok":{"successUserList":[{"userID":"alice"}]}})") !=
             std::string::npos);
  BOOST_TEST(text.find(R"(  actual:   {"error":{"code":3122}})") != std::string::npos);
  BOOST_TEST(text.find("  diff:     ok -> error 3122\n") != std::string::npos);
  BOOST_TEST(text.ends_with("  covers:   SUB-2, EVT-2, SET-6\n"));
  // A step that acts on no device names the device the finding is about.
  const std::string events = sr::FormatFinding(scenario, scenario.findings[0]);
  BOOST_TEST(
      events.starts_with("scenarios/subscribe/custom_status.yaml:21:5: step 5 "
                         "(expect_events a1 b1) at t=0ms on b1: events\n"));
}

BOOST_AUTO_TEST_CASE(finding_at_end_of_scenario_omits_empty_lines) {
  const ScenarioResult scenario = OddNames();
  const std::string text = sr::FormatFinding(scenario, scenario.findings[0]);
  BOOST_TEST(
      text.starts_with("scenarios/odd/a&b <c>.yaml:1:1: end of scenario at t=0ms on d&1: "
                       "unexpected events\n"));
  BOOST_TEST(text.find("expected:") == std::string::npos);
  BOOST_TEST(text.find("diff:") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(failure_text_of_an_error_shows_the_log_made_printable) {
  const std::string text = sr::FormatFailure(Crashing());
  BOOST_TEST(
      text.starts_with("scenarios/subscribe/crash.yaml: error in step 3 "
                       "(call subscribeUserStatus {\"userIDList\":[\"dave\"]} on c1) at t=1000ms: "
                       "client exited with signal 11\n"));
  BOOST_TEST(text.find("    \\x1b[31mpanic:\\x1b[0m bad frame \xEF\xBF\xBD\xEF\xBF\xBD\\x01\n") !=
             std::string::npos);
  BOOST_TEST(text.find('\x1b') == std::string::npos);
  BOOST_TEST(text.find('\r') == std::string::npos);
  BOOST_TEST(sr::FormatFailure(Passing()).empty());
}

BOOST_AUTO_TEST_CASE(clean_text_replaces_every_invalid_sequence) {
  using sr::internal::CleanText;
  using sr::internal::Controls;
  const std::string fffd = "\xEF\xBF\xBD";
  BOOST_TEST(CleanText("\xC0\xAF", Controls::kDrop) == fffd + fffd);             // overlong '/'
  BOOST_TEST(CleanText("\xED\xA0\x80", Controls::kDrop) == fffd + fffd + fffd);  // surrogate
  BOOST_TEST(CleanText("\xF4\x90\x80\x80", Controls::kDrop).find("\xF4") == std::string::npos);
  BOOST_TEST(CleanText("\xE2\x82", Controls::kDrop) == fffd + fffd);  // cut short
  BOOST_TEST(CleanText("caf\xC3\xA9 \xF0\x9F\x98\x80", Controls::kDrop) ==
             "caf\xC3\xA9 \xF0\x9F\x98\x80");
  BOOST_TEST(CleanText("a\x1b\x7f\tb\r\n\x00z"s, Controls::kDrop) == "a\tb\r\nz");
  BOOST_TEST(CleanText("a\x1b\tb\r\nc\rd", Controls::kEscape) == "a\\x1b\tb\nc\\x0dd");
  BOOST_TEST(CleanText("\xEF\xBF\xBE", Controls::kDrop).empty());  // U+FFFE
}

BOOST_AUTO_TEST_CASE(junit_is_well_formed_xml_without_forbidden_characters) {
  const std::string xml = sr::RenderJunit(Fixture(), kNoWallTimes);
  BOOST_TEST(FirstIllegalXmlByte(xml) == std::string::npos);
  BOOST_TEST(xml.find("<testsuites name=\"statussim\" tests=\"4\" failures=\"2\" errors=\"1\" "
                      "skipped=\"0\" time=\"0\">") != std::string::npos);
  BOOST_TEST(xml.find("time=\"0.") == std::string::npos);
  BOOST_TEST(xml.find("classname=\"odd &amp; &lt;ends&gt;\" name=\"a&amp;b &lt;c&gt; "
                      "&quot;d&quot; &apos;e&apos;\"") != std::string::npos);
  if (!fs::exists("/usr/bin/xmllint")) {
    BOOST_TEST_MESSAGE("skipped the xmllint check: /usr/bin/xmllint is not installed");
    return;
  }
  const fs::path file =
      fs::temp_directory_path() / ("statussim_junit_" + std::to_string(::getpid()) + ".xml");
  BOOST_REQUIRE(sr::WriteFileAtomic(file.string(), xml).ok());
  const int rc = std::system(("/usr/bin/xmllint --noout '" + file.string() + "'").c_str());
  fs::remove(file);
  BOOST_TEST(rc == 0);
}

BOOST_AUTO_TEST_CASE(junit_with_several_clients_prefixes_classnames_and_keeps_wall_times) {
  RunResults run = TwoClients();
  run.not_run = 3;
  const std::string xml = sr::RenderJunit(run, kWallTimes);
  BOOST_TEST(xml.find("<testsuites name=\"statussim\" tests=\"11\" failures=\"4\" errors=\"1\" "
                      "skipped=\"3\" time=\"1.500\">") != std::string::npos);
  BOOST_TEST(xml.find("<testsuite name=\"python\" tests=\"4\" failures=\"2\" errors=\"0\" "
                      "skipped=\"0\" time=\"0.938\">") != std::string::npos);
  BOOST_TEST(xml.find("<testcase classname=\"python.session\" name=\"login and logout\" "
                      "time=\"0.250\">") != std::string::npos);
  BOOST_TEST(xml.find("classname=\"builtin.subscribe\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(junit_truncates_long_traces) {
  RunResults run = Fixture();
  ScenarioResult& scenario = run.scenarios[0];
  for (int i = 0; i < 5000; ++i) {
    scenario.trace.push_back(Entry(Kind::kEvent, i, 1, "a1", std::string(40, 'x')));
  }
  const std::string xml = sr::RenderJunit(run, kNoWallTimes);
  const size_t begin = xml.find("<system-out>");
  const size_t end = xml.find("</system-out>", begin);
  BOOST_TEST(end - begin < 70 * 1024);
  BOOST_TEST(xml.substr(begin, end - begin).find("more trace entries not shown") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_parses_and_keeps_wall_times_apart) {
  const nlohmann::json plain = nlohmann::json::parse(sr::RenderJson(Fixture(), kNoWallTimes));
  BOOST_TEST(!plain.contains("timing"));
  BOOST_TEST(plain["summary"]["failed"] == 2);
  BOOST_TEST(plain["summary"]["total"] == 4);
  const nlohmann::json& failing = plain["scenarios"][1];
  BOOST_TEST(failing["findings"][1]["step"] == 7);
  BOOST_TEST(plain["scenarios"][3]["findings"][0]["step"].is_null());
  BOOST_TEST(plain["scenarios"][2]["client_log_tail"].get<std::string>().find('\x1b') !=
             std::string::npos);
  BOOST_TEST(plain["rules"][2]["id"] == "SES-6");
  BOOST_TEST(plain["rules"][2]["scenarios"].empty());
  BOOST_TEST(plain["rules"][8]["scenarios"][0] == "friend sees custom status after subscribe");

  const nlohmann::json timed = nlohmann::json::parse(sr::RenderJson(TwoClients(), kWallTimes));
  BOOST_REQUIRE(timed.contains("timing"));
  BOOST_TEST(timed["timing"]["wall_seconds"] == 1.5);
  BOOST_TEST(timed["timing"]["scenarios"]["login and logout@python"] == 0.25);
  BOOST_TEST(timed["rules"][0]["scenarios"].size() == 1U);  // a name once, not per client
}

BOOST_AUTO_TEST_CASE(reports_are_deterministic) {
  BOOST_TEST(sr::RenderHtml(Fixture(), kNoWallTimes) == sr::RenderHtml(Fixture(), kNoWallTimes));
  BOOST_TEST(sr::RenderJson(Fixture(), kNoWallTimes) == sr::RenderJson(Fixture(), kNoWallTimes));
  RunResults slower = Fixture();
  slower.wall_seconds = 99;
  slower.scenarios[0].wall_seconds = 42;
  BOOST_TEST(sr::RenderHtml(slower, kNoWallTimes) == sr::RenderHtml(Fixture(), kNoWallTimes));
  BOOST_TEST(sr::RenderJunit(slower, kNoWallTimes) == sr::RenderJunit(Fixture(), kNoWallTimes));
  BOOST_TEST(sr::RenderMarkdown(slower, kNoWallTimes) ==
             sr::RenderMarkdown(Fixture(), kNoWallTimes));
}

BOOST_AUTO_TEST_CASE(html_puts_failures_first_and_escapes_names) {
  const std::string html = sr::RenderHtml(Fixture(), kNoWallTimes);
  const size_t fail = html.find("<details class=\"scn fail\" id=\"s2\" open>");
  const size_t error = html.find("<details class=\"scn error\" id=\"s3\" open>");
  const size_t pass = html.find("<details class=\"scn pass\" id=\"s1\">");
  BOOST_TEST(fail < pass);
  BOOST_TEST(error < pass);
  BOOST_TEST(pass != std::string::npos);
  BOOST_TEST(html.find("<c>") == std::string::npos);
  BOOST_TEST(html.find("<b>&amp;") == std::string::npos);
  BOOST_TEST(html.find("a&amp;b &lt;c&gt; &quot;d&quot; &#39;e&#39;") != std::string::npos);
  BOOST_TEST(html.find("id=\"r-SES-6\"><span class=\"id\">SES-6</span><span class=\"none\">"
                       "not covered") != std::string::npos);
  BOOST_TEST(html.find("http") == std::string::npos);  // nothing fetched from the network
}

BOOST_AUTO_TEST_CASE(markdown_cuts_long_lists) {
  RunResults run;
  run.clients = {"builtin"};
  for (int i = 0; i < 300; ++i) {
    ScenarioResult s = FailingTwice();
    s.name += " " + std::to_string(i);
    s.findings[0].actual = std::string(50 * 1024, 'y');
    run.scenarios.push_back(s);
  }
  const std::string md = sr::RenderMarkdown(run, kNoWallTimes);
  BOOST_TEST(md.size() < 1024U * 1024U);
  BOOST_TEST(md.find("and 200 more not listed here") != std::string::npos);
  BOOST_TEST(md.find("Details of 270 more failures left out") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(markdown_says_all_passed) {
  RunResults run;
  run.clients = {"builtin"};
  run.scenarios = {Passing()};
  run.rule_ids = {"SES-1", "SES-3"};
  const std::string md = sr::RenderMarkdown(run, kNoWallTimes);
  BOOST_TEST(md.starts_with("## ✅ statussim: all 1 scenarios passed\n"));
  BOOST_TEST(md.find("**Coverage:** 2 of 2 SPEC rules covered.\n") != std::string::npos);
  BOOST_TEST(md.find("| Scenario") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(write_file_atomic_replaces_and_leaves_no_temporary) {
  const fs::path dir =
      fs::temp_directory_path() / ("statussim_write_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const fs::path file = dir / "a" / "b" / "report.html";
  BOOST_REQUIRE(sr::WriteFileAtomic(file.string(), "first version, longer").ok());
  BOOST_REQUIRE(sr::WriteFileAtomic(file.string(), "second").ok());
  BOOST_TEST(ReadFile(file.string()) == "second");
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(file.parent_path())) ++entries;
  BOOST_TEST(entries == 1);
  // A folder that cannot be created: a file is in the way.
  const statussim::harness::Status status =
      sr::WriteFileAtomic((file / "under_a_file.xml").string(), "x");
  BOOST_TEST(!status.ok());
  BOOST_TEST(status.message().find(file.string()) != std::string::npos);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
