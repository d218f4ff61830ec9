// Tests of the scenario loader (harness/loader.h) against SCENARIOS.md v1:
// every file in tests/bad/ fails at the line:column its first line names,
// every file in tests/good/ loads, and the pieces (durations, expand, values,
// normalisation, limits) behave as the contract says.
#include "harness/loader.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>


namespace statussim::harness {
namespace {

namespace fs = std::filesystem;
using sim::Value;

const fs::path kSource = STATUSSIM_SOURCE_DIR;

// Loads `text`; the errors as "line:col: reason" lines.
std::optional<Scenario> Load(const std::string& text, std::vector<LoadError>* errors) {
  return LoadScenarioText(text, "t.yaml", EmbeddedSpecOptions(), errors);
}

Scenario LoadOk(const std::string& text) {
  std::vector<LoadError> errors;
  std::optional<Scenario> s = Load(text, &errors);
  for (const LoadError& e : errors) BOOST_TEST_MESSAGE(e.ToString());
  BOOST_REQUIRE(s.has_value());
  BOOST_REQUIRE(errors.empty());
  return *s;
}

// The first error of a text that must not load.
LoadError LoadFails(const std::string& text) {
  std::vector<LoadError> errors;
  std::optional<Scenario> s = Load(text, &errors);
  BOOST_REQUIRE(!s.has_value());
  BOOST_REQUIRE(!errors.empty());
  return errors.front();
}

bool HasError(const std::vector<LoadError>& errors, int line, int column, const std::string& part) {
  return std::any_of(errors.begin(), errors.end(), [&](const LoadError& e) {
    return e.where.line == line && e.where.column == column &&
           e.reason.find(part) != std::string::npos;
  });
}

const std::string kHead =
    "version: 1\n"
    "name: t\n"
    "covers: [SES-1]\n"
    "accounts: [alice, bob]\n";

// The one scenario of a text with `steps`, as the loader sees it.
Scenario WithSteps(const std::string& steps) { return LoadOk(kHead + "steps:\n" + steps); }

std::vector<fs::path> FilesIn(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(loader)

// Each tests/bad/ file starts with "# expect-error: LINE:COL: part of the reason"
// (0:0 for an error about the whole file).
BOOST_AUTO_TEST_CASE(bad_files_fail_where_they_say) {
  const std::vector<fs::path> files = FilesIn(kSource / "tests" / "bad");
  BOOST_TEST(files.size() >= 30u);
  const std::regex header(R"(^# expect-error: (\d+):(\d+): (.+)$)");
  for (const fs::path& file : files) {
    BOOST_TEST_CONTEXT(file.filename().string()) {
      std::ifstream in(file, std::ios::binary);
      std::string first;
      std::getline(in, first);
      std::smatch m;
      BOOST_REQUIRE(std::regex_match(first, m, header));
      std::vector<LoadError> errors;
      const std::optional<Scenario> s = LoadScenarioFile(file.string(), EmbeddedSpecOptions(), &errors);
      BOOST_TEST(!s.has_value());
      const bool found = HasError(errors, std::stoi(m[1]), std::stoi(m[2]), m[3]);
      if (!found) {
        for (const LoadError& e : errors) BOOST_TEST_MESSAGE("got " << e.ToString());
      }
      BOOST_TEST(found);
      for (const LoadError& e : errors) BOOST_TEST(e.file == file.string());
    }
  }
}

BOOST_AUTO_TEST_CASE(good_files_load) {
  const std::vector<fs::path> files = FilesIn(kSource / "tests" / "good");
  BOOST_TEST(files.size() >= 3u);
  for (const fs::path& file : files) {
    BOOST_TEST_CONTEXT(file.filename().string()) {
      std::vector<LoadError> errors;
      const std::optional<Scenario> s = LoadScenarioFile(file.string(), EmbeddedSpecOptions(), &errors);
      for (const LoadError& e : errors) BOOST_TEST_MESSAGE(e.ToString());
      BOOST_TEST(s.has_value());
      BOOST_TEST(errors.empty());
      if (s) BOOST_TEST(s->folder == "good");
    }
  }
}

BOOST_AUTO_TEST_CASE(parse_duration) {
  BOOST_TEST(ParseDuration("0").value() == 0);
  BOOST_TEST(ParseDuration("1500").value() == 1500);
  BOOST_TEST(ParseDuration("250ms").value() == 250);
  BOOST_TEST(ParseDuration("5s").value() == 5'000);
  BOOST_TEST(ParseDuration("10m").value() == 600'000);
  BOOST_TEST(ParseDuration("2h").value() == 7'200'000);
  BOOST_TEST(ParseDuration("7d").value() == 604'800'000);
  BOOST_TEST(ParseDuration("36500d").value() == 36500LL * 86'400'000);
  for (const char* bad :
       {"", "s", "-5", "-5s", "1.5s", "1,5s", "5 s", " 5s", "5s ", "5sec", "5S", "5ms5", "+5",
        "0x10", "36501d", "99999999999999999999", "876001h", "3153600000001"}) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!ParseDuration(bad).ok()); }
  }
  BOOST_TEST(ParseDuration("1.5s").message().find("no fractions") != std::string::npos);
  BOOST_TEST(ParseDuration("-1").message().find("negative") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(expand_pattern) {
  using V = std::vector<std::string>;
  BOOST_TEST(ExpandPattern("u{1..3}", 10).value() == (V{"u1", "u2", "u3"}),
             boost::test_tools::per_element());
  BOOST_TEST(ExpandPattern("{0..1}", 10).value() == (V{"0", "1"}),
             boost::test_tools::per_element());
  BOOST_TEST(ExpandPattern("a{9..11}b", 10).value() == (V{"a9b", "a10b", "a11b"}),
             boost::test_tools::per_element());
  BOOST_TEST(ExpandPattern("x{5..5}", 1).value() == V{"x5"}, boost::test_tools::per_element());
  BOOST_TEST(ExpandPattern("u{1..10}", 10).value().size() == 10u);
  BOOST_TEST(ExpandPattern("u{1..11}", 10).message().find("limit is 10") != std::string::npos);
  // Checked before any allocation: a huge range fails at once.
  BOOST_TEST(!ExpandPattern("u{1..999999999999999999}", 1'000'000).ok());
  for (const char* bad :
       {"u", "u{}", "u{1..}", "u{..2}", "u{1...3}", "u{a..b}", "u{01..3}", "u{1..03}", "u{3..1}",
        "u{1..2}{3..4}", "u{{1..2}}", "u}1..2{", "u{-1..2}", "u{1..2", "u{1..2}}", "u{1,2}",
        "u{1..9999999999999999999}"}) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!ExpandPattern(bad, 1'000'000).ok()); }
  }
}

// SCENARIOS.md "Values": YAML 1.2 core scalars, as written into `args`.
BOOST_AUTO_TEST_CASE(scalar_values_follow_yaml_1_2_core) {
  const Scenario s = WithSteps(
      "  - call:\n"
      "      device: a1\n"
      "      api: getUserStatus\n"
      "      args:\n"
      "        userIDList: [true, false, 12, -7, +5, 010, 1.5, .5, 1e3, null, ~, , yes, on, no,\n"
      "                     True, '12', \"true\", 0x1F, 2001-12-14, 1_000, !!str 3]\n");
  const Value::Array& a = s.steps[0].args->Find("userIDList")->as_array();
  BOOST_REQUIRE(a.size() == 22u);
  BOOST_TEST(a[0].ToJson() == "true");
  BOOST_TEST(a[1].ToJson() == "false");
  BOOST_TEST((a[2].is_int() && a[2].as_int() == 12));
  BOOST_TEST((a[3].is_int() && a[3].as_int() == -7));
  BOOST_TEST((a[4].is_int() && a[4].as_int() == 5));
  BOOST_TEST((a[5].is_int() && a[5].as_int() == 10));  // decimal, not octal
  BOOST_TEST((a[6].is_double() && a[6].as_double() == 1.5));
  BOOST_TEST((a[7].is_double() && a[7].as_double() == 0.5));
  BOOST_TEST((a[8].is_double() && a[8].as_double() == 1000.0));
  BOOST_TEST(a[9].is_null());
  BOOST_TEST(a[10].is_null());
  BOOST_TEST(a[11].is_null());
  const char* strings[] = {"yes",  "on",   "no",         "True",  "12",
                           "true", "0x1F", "2001-12-14", "1_000", "3"};
  for (size_t i = 0; i < std::size(strings); ++i) {
    BOOST_TEST_CONTEXT(strings[i]) { BOOST_TEST(a[12 + i].ToJson() == Value(strings[i]).ToJson()); }
  }
}

BOOST_AUTO_TEST_CASE(scalar_errors) {
  const auto args = [](const std::string& v) {
    return LoadFails(kHead + "steps:\n  - call: {device: a1, api: getUserStatus, args: " + v +
                     "}\n");
  };
  BOOST_TEST(args("99999999999999999999").reason.find("out of range") != std::string::npos);
  BOOST_TEST(args("1e999").reason.find("out of range") != std::string::npos);
  BOOST_TEST(args(".nan").reason.find("NaN") != std::string::npos);
  BOOST_TEST(args("-.inf").reason.find("infinity") != std::string::npos);
  BOOST_TEST(args("!!int 5").reason.find("explicit tag") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(args_omitted_null_and_expand) {
  const Scenario s = WithSteps(
      "  - call: {device: a1, api: unsubscribeUserStatus}\n"
      "  - call: {device: a1, api: unsubscribeUserStatus, args: null}\n"
      "  - call: {device: a1, api: unsubscribeUserStatus, args: {}}\n"
      "  - call: {device: a1, api: getUserStatus, args: {userIDList: [x, {expand: \"u{8..10}\"}, "
      "7, [w], {a: {expand: \"k{1..2}\"}}]}}\n");
  BOOST_TEST(!s.steps[0].args.has_value());
  BOOST_TEST((s.steps[1].args.has_value() && s.steps[1].args->is_null()));
  BOOST_TEST((s.steps[2].args.has_value() && *s.steps[2].args == Value::EmptyObject()));
  const Value expected(Value::Object{
      {"userIDList",
       Value(Value::Array{
           "x", "u8", "u9", "u10", Value(7), Value(Value::Array{"w"}),
           Value(Value::Object{{"a", Value(Value::Object{{"expand", "k{1..2}"}})}})})}});
  BOOST_TEST(s.steps[3].args->ToJson() == expected.ToJson());
}

BOOST_AUTO_TEST_CASE(expand_only_at_args_user_id_list) {
  // In a userIDList, a map with the key `expand` is always the expand form.
  BOOST_TEST(LoadFails(kHead + "steps:\n  - call: {device: a1, api: getUserStatus, args: "
                               "{userIDList: [{expand: v}]}}\n")
                 .reason.find("has no {A..B} group") != std::string::npos);
  // Elsewhere in args, {expand: ...} is a value like any other.
  const Scenario s = WithSteps(
      "  - call: {device: a1, api: setSelfStatus, args: {customStatus: {expand: \"u{1..2}\"}}}\n");
  BOOST_TEST(s.steps[0].args->ToJson() == R"({"customStatus":{"expand":"u{1..2}"}})");
}

// scenario.h: statusType as 0..3 in event items and in `ok` data, code an integer.
BOOST_AUTO_TEST_CASE(normalisation) {
  const Scenario s = WithSteps(
      "  - login: {device: a1, user: alice, platform: web}\n"
      "  - call: {device: a1, api: getUserStatus, args: {userIDList: [bob]}}\n"
      "    expect:\n"
      "      ok:\n"
      "        successUserList: [{userID: bob, statusType: UNLOGINED}, {statusType: 0}]\n"
      "        nested: {deeper: [{statusType: OFFLINE, code: 70107}]}\n"
      "  - expect_events:\n"
      "      a1:\n"
      "        - {status: {userID: alice, statusType: ONLINE, customStatus: ''}}\n"
      "        - {status: {statusType: 2}}\n"
      "        - {error: {code: 2024}}\n"
      "        - {kicked: {type: multipleDevice}}\n"
      "        - {status: {}}\n");
  const Expectation& x = s.steps[1].expect;
  BOOST_TEST((x.kind == Expectation::Kind::kOk));
  BOOST_TEST(x.data->ToJson() ==
             R"({"successUserList":[{"userID":"bob","statusType":3},{"statusType":0}],)"
             R"("nested":{"deeper":[{"statusType":2,"code":70107}]}})");
  const std::vector<ExpectedItem>& items = s.steps[2].expect_events.at(0).items;
  BOOST_REQUIRE(items.size() == 5u);
  BOOST_TEST((items[0].kind == ExpectedItem::Kind::kStatus));
  BOOST_TEST(items[0].fields.ToJson() == R"({"userID":"alice","statusType":1,"customStatus":""})");
  BOOST_TEST(items[1].fields.ToJson() == R"({"statusType":2})");
  BOOST_TEST((items[2].kind == ExpectedItem::Kind::kError));
  BOOST_TEST(items[2].fields.ToJson() == R"({"code":2024})");
  BOOST_TEST((items[3].kind == ExpectedItem::Kind::kKicked));
  BOOST_TEST(items[3].fields.ToJson() == R"({"type":"multipleDevice"})");
  BOOST_TEST(items[4].fields.ToJson() == "{}");
  BOOST_TEST(items[4].where.line == 18);
}

BOOST_AUTO_TEST_CASE(full_scenario_field_by_field) {
  const std::string text =
      "# a comment\n"
      "version: 1\n"
      "name: full\n"
      "description: the whole format\n"
      "covers: [SES-1, SUB-2]\n"
      "tags: [a, assumed]\n"
      "app:\n"
      "  premium: true\n"
      "  console: {status_query_and_notify: true, web_max_instances: 3}\n"
      "  params: {rate_window: 2s, rate_count: 7, offline_expiry: 1d}\n"
      "accounts: [alice, bob, {expand: \"u{1..2}\"}]\n"
      "friends: [[alice, bob], [bob, alice]]\n"
      "allow_unchecked_events: true\n"
      "steps:\n"
      "  - login: {device: b1, user: bob, platform: android}\n"
      "  - login: {device: a1, user: alice, platform: ipad}\n"
      "    expect: {ok: {}}\n"
      "  - disconnect: {device: a1, how: silent}\n"
      "  - disconnect: {device: b1}\n"
      "  - reconnect: {device: a1}\n"
      "    expect: {error: {code: 2801}}\n"
      "  - logout: {device: a1}\n"
      "    times: 2\n"
      "  - call: {device: c1, api: subscribeUserStatus, args: {userIDList: [alice]}}\n"
      "    expect: {error: 2024}\n"
      "  - call: {device: a1, api: setSelfStatus}\n"
      "    expect: {throws: true}\n"
      "  - configure: {premium: false, console: {friend_status_notify: true}, "
      "params: {subscription_cap: 5}}\n"
      "  - wait: 5m\n"
      "  - expect_events: {b1: [], a1: []}\n"
      "  - call: {device: a1, api: getUserStatus, args: {userIDList: [bob]}}\n"
      "    expect: {ordered: true, ok: {successUserList: []}}\n";
  const Scenario s = LoadOk(text);
  BOOST_TEST(s.file == "t.yaml");
  BOOST_TEST(s.name == "full");
  BOOST_TEST(s.description == "the whole format");
  BOOST_TEST(s.covers == (std::vector<std::string>{"SES-1", "SUB-2"}),
             boost::test_tools::per_element());
  BOOST_TEST(s.tags == (std::vector<std::string>{"a", "assumed"}),
             boost::test_tools::per_element());
  BOOST_TEST(s.app.premium);
  BOOST_TEST(s.app.console.status_query_and_notify);
  BOOST_TEST(!s.app.console.friend_status_notify);
  BOOST_TEST(s.app.console.web_max_instances == 3);
  BOOST_TEST(s.app.params.rate_window == 2000);
  BOOST_TEST(s.app.params.rate_count == 7);
  BOOST_TEST(s.app.params.offline_expiry == 86'400'000);
  BOOST_TEST(s.app.params.get_max_users == 500);  // default kept
  BOOST_TEST(s.accounts == (std::vector<std::string>{"alice", "bob", "u1", "u2"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE(s.friends.size() == 2u);
  BOOST_TEST((s.friends[1] == std::pair<std::string, std::string>{"bob", "alice"}));
  BOOST_TEST(s.allow_unchecked_events);
  BOOST_TEST(s.devices == (std::vector<std::string>{"b1", "a1", "c1"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE(s.steps.size() == 12u);

  const Step& login = s.steps[1];
  BOOST_TEST((login.kind == Step::Kind::kLogin));
  BOOST_TEST(login.device == "a1");
  BOOST_TEST(login.user == "alice");
  BOOST_TEST((login.platform == sim::Platform::kIpad));
  BOOST_TEST((login.where.line == 16 && login.where.column == 5));
  BOOST_TEST((login.expect.kind == Expectation::Kind::kOk));
  BOOST_TEST(login.expect.data->ToJson() == "{}");
  BOOST_TEST((login.expect.where.line == 17 && login.expect.where.column == 5));
  BOOST_TEST(!s.steps[0].expect.data.has_value());  // omitted: success, data not compared
  BOOST_TEST(s.steps[0].expect.where.line == 0);

  BOOST_TEST((s.steps[2].kind == Step::Kind::kDisconnect));
  BOOST_TEST((s.steps[2].how == sim::LossKind::kSilent));
  BOOST_TEST((s.steps[3].how == sim::LossKind::kClose));
  BOOST_TEST((s.steps[4].kind == Step::Kind::kReconnect));
  BOOST_TEST((s.steps[4].expect.kind == Expectation::Kind::kError));
  BOOST_TEST(s.steps[4].expect.code == 2801);
  BOOST_TEST((s.steps[5].kind == Step::Kind::kLogout));
  BOOST_TEST(s.steps[5].times == 2);
  BOOST_TEST((s.steps[6].api == sim::Api::kSubscribeUserStatus));
  BOOST_TEST(s.steps[6].expect.code == 2024);
  BOOST_TEST((s.steps[7].expect.kind == Expectation::Kind::kThrows));
  BOOST_TEST(!s.steps[7].args.has_value());

  const AppPatch& patch = s.steps[8].configure;
  BOOST_TEST((s.steps[8].kind == Step::Kind::kConfigure));
  BOOST_TEST((patch.premium == std::optional<bool>(false)));
  BOOST_TEST(!patch.status_query_and_notify.has_value());
  BOOST_TEST((patch.friend_status_notify == std::optional<bool>(true)));
  BOOST_TEST(!patch.web_max_instances.has_value());
  BOOST_REQUIRE(patch.params.size() == 1u);
  BOOST_TEST(patch.params[0].first == "subscription_cap");
  BOOST_TEST(patch.params[0].second == 5);

  BOOST_TEST((s.steps[9].kind == Step::Kind::kWait));
  BOOST_TEST(s.steps[9].wait == 300'000);
  const Step& events = s.steps[10];
  BOOST_TEST((events.kind == Step::Kind::kExpectEvents));
  BOOST_REQUIRE(events.expect_events.size() == 2u);
  BOOST_TEST(events.expect_events[0].device == "b1");  // file order
  BOOST_TEST(events.expect_events[1].device == "a1");
  BOOST_TEST(events.expect_events[1].items.empty());
  BOOST_TEST(s.steps[11].expect.ordered);
}

BOOST_AUTO_TEST_CASE(defaults_when_optional_keys_are_missing) {
  const Scenario s = LoadOk("version: 1\nname: tiny\ncovers: [SES-1]\n");
  BOOST_TEST(s.accounts.empty());
  BOOST_TEST(s.steps.empty());
  BOOST_TEST(!s.app.premium);
  BOOST_TEST(s.app.console.web_max_instances == 1);
  BOOST_TEST(!s.allow_unchecked_events);
}

BOOST_AUTO_TEST_CASE(errors_come_in_file_order_and_are_all_reported) {
  std::vector<LoadError> errors;
  Load(kHead +
           "steps:\n"
           "  - expect_events: {zz: []}\n"  // line 6: unknown device (found last)
           "  - login: {device: a1, user: carol, platform: web}\n"  // line 7
           "  - wait: 1.5s\n"                                       // line 8
           "unknown: 1\n",                                          // line 9
       &errors);
  BOOST_REQUIRE(errors.size() == 4u);
  BOOST_TEST(errors[0].where.line == 6);
  BOOST_TEST(errors[1].where.line == 7);
  BOOST_TEST(errors[2].where.line == 8);
  BOOST_TEST(errors[3].where.line == 9);
  BOOST_TEST(errors[1].ToString() == "t.yaml:7:31: user 'carol' is not in accounts");
}

BOOST_AUTO_TEST_CASE(covers_checked_against_rule_ids_only_when_given) {
  const std::string text = "version: 1\nname: t\ncovers: [ZZZ-9]\n";
  std::vector<LoadError> errors;
  BOOST_TEST(LoadScenarioText(text, "t.yaml", LoadOptions{}, &errors).has_value());
  BOOST_TEST(LoadFails(text).reason.find("unknown rule ID 'ZZZ-9'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(repeated_friend_pair_is_allowed_self_is_not) {
  BOOST_TEST(LoadOk(kHead + "friends: [[alice, bob], [alice, bob]]\n").friends.size() == 2u);
  BOOST_TEST(LoadFails(kHead + "friends: [[alice, alice]]\n").reason.find("own friend") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(same_platform_relogin_and_other_user_are_fine) {
  const Scenario s = WithSteps(
      "  - login: {device: d, user: alice, platform: mac}\n"
      "  - login: {device: d, user: bob, platform: mac}\n");
  BOOST_TEST(s.steps.size() == 2u);
}

BOOST_AUTO_TEST_CASE(expect_events_device_named_by_a_later_step_is_fine) {
  const Scenario s = WithSteps(
      "  - expect_events: {a1: []}\n"
      "  - logout: {device: a1}\n");
  BOOST_TEST(s.devices == std::vector<std::string>{"a1"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(quoted_ids_that_look_like_numbers) {
  const Scenario s = LoadOk(
      "version: 1\nname: t\ncovers: [SES-1]\naccounts: [\"1\", '2']\n"
      "steps:\n  - login: {device: \"3\", user: \"1\", platform: web}\n"
      "  - expect_events: {\"3\": []}\n");
  BOOST_TEST(s.accounts == (std::vector<std::string>{"1", "2"}), boost::test_tools::per_element());
  BOOST_TEST(s.devices[0] == "3");
}

BOOST_AUTO_TEST_CASE(alias_errors_point_at_the_anchor_and_say_so) {
  std::vector<LoadError> errors;
  Load(kHead +
           "steps:\n"
           "  - wait: &w 5 sec\n"  // line 6, the anchor
           "  - wait: *w\n",
       &errors);
  BOOST_REQUIRE(errors.size() == 2u);
  BOOST_TEST(errors[0].where.line == 6);
  BOOST_TEST(errors[0].reason.find("alias") == std::string::npos);
  BOOST_TEST(errors[1].where.line == 6);
  BOOST_TEST(errors[1].reason.find("(via alias, used for 'wait' at line 7)") != std::string::npos);
  // Valid aliased content loads as if written out.
  const Scenario s = WithSteps("  - wait: &w 5s\n  - wait: *w\n  - {wait: *w, times: 2}\n");
  BOOST_TEST(s.steps[1].wait == 5000);
  BOOST_TEST(s.steps[2].times == 2);
}

// Nine levels of ten aliases each would be 10^9 nodes once expanded.
BOOST_AUTO_TEST_CASE(alias_bomb_is_refused) {
  std::string text = kHead +
                     "steps:\n  - call:\n      device: a1\n      api: getUserStatus\n"
                     "      args:\n        l0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    text += "        l" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", " : "") + prev;
    text += "]\n";
  }
  // The node budget refuses it before the expansion, whatever the machine's speed.
  const LoadError e = LoadFails(text);
  BOOST_TEST(e.reason.find("too large once its aliases are expanded") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(alias_cycle_is_nesting_too_deep) {
  const LoadError e = LoadFails(kHead +
                                "steps:\n  - call: {device: a1, api: getUserStatus, "
                                "args: &c {userIDList: [bob], again: *c}}\n");
  BOOST_TEST(e.reason.find("nesting too deep") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(limits) {
  // More than 100,000 steps.
  std::string text = kHead + "steps:\n";
  for (int i = 0; i <= 100'000; ++i) text += "- wait: 1\n";
  LoadError e = LoadFails(text);
  BOOST_TEST(e.reason.find("too many steps (100001); the limit is 100000") != std::string::npos);
  BOOST_TEST(e.where.line == 6);
  // `times`.
  BOOST_TEST(WithSteps("  - {wait: 1, times: 1000000}\n").steps[0].times == 1'000'000);
  // A text over 10 MiB is refused without parsing (it is not even YAML here).
  e = LoadFails(std::string((10u << 20) + 1, '['));
  BOOST_TEST(e.where.line == 0);
  BOOST_TEST(e.reason.find("larger than 10 MiB") != std::string::npos);
  // 1,000,000 expanded IDs in a file is the most.
  const Scenario s =
      LoadOk("version: 1\nname: t\ncovers: [SES-1]\naccounts: [{expand: \"u{1..1000000}\"}]\n");
  BOOST_TEST(s.accounts.size() == 1'000'000u);
  BOOST_TEST(s.accounts.back() == "u1000000");
}

// Hostile sizes (issue 6): each a clear error, found without building the thing.
BOOST_AUTO_TEST_CASE(hostile_sizes_give_clear_errors) {
  // A billion IDs, in `accounts` and in `args`.
  LoadError e = LoadFails(
      "version: 1\nname: t\ncovers: [SES-1]\naccounts: [{expand: \"u{1..1000000000}\"}]\n");
  BOOST_TEST((e.where.line == 4 && e.where.column == 21));
  BOOST_TEST(e.reason ==
             "expand pattern 'u{1..1000000000}' makes 1000000000 IDs; the limit is 1000000");
  e = LoadFails(kHead +
                "steps:\n  - call: {device: a1, api: subscribeUserStatus, "
                "args: {userIDList: [{expand: \"u{0..999999999}\"}]}}\n");
  BOOST_TEST(e.reason.find("makes 1000000000 IDs; the limit is 1000000") != std::string::npos);
  // Nesting ten thousand deep, in flow and in block style: yaml-cpp's guard.
  const std::string call = "steps:\n  - call: {device: a1, api: getUserStatus, args: {x: ";
  e = LoadFails(kHead + call + std::string(10'000, '[') + std::string(10'000, ']') + "}}\n");
  BOOST_TEST(e.reason == "nesting too deep");
  std::string block = kHead + "steps:\n  - call:\n      device: a1\n      api: getUserStatus\n"
                      "      args:\n        x:\n          ";
  for (int i = 0; i < 10'000; ++i) block += "- ";
  e = LoadFails(block + "1\n");
  BOOST_TEST(e.reason == "nesting too deep");
  // 300 levels pass yaml-cpp but not the loader's own bound on values (256).
  e = LoadFails(kHead + call + std::string(300, '[') + std::string(300, ']') + "}}\n");
  BOOST_TEST(e.reason.find("nesting too deep (more than 256 levels") != std::string::npos);
}

// At most 200 errors are listed per file; the rest are counted.
BOOST_AUTO_TEST_CASE(errors_per_file_are_bounded) {
  std::string text = kHead + "steps:\n";
  for (int i = 0; i < 250; ++i) text += "  - wait: 5 sec\n";
  std::vector<LoadError> errors;
  BOOST_TEST(!Load(text, &errors).has_value());
  BOOST_REQUIRE(errors.size() == 201u);
  BOOST_TEST(errors[199].where.line == 6 + 199);
  BOOST_TEST(errors[200].where.line == 0);
  BOOST_TEST(errors[200].reason == "50 more errors not shown");
}

BOOST_AUTO_TEST_CASE(whole_file_errors) {
  BOOST_TEST(LoadFails("").reason.find("empty") != std::string::npos);
  BOOST_TEST(LoadFails("# only a comment\n\n").reason.find("empty") != std::string::npos);
  BOOST_TEST(LoadFails("---\n...\n").reason.find("empty") != std::string::npos);
  BOOST_TEST(LoadFails("\xff\xfev\x00").reason.find("UTF-8") != std::string::npos);
  const LoadError bad = LoadFails("version: 1\nname: \xc3\x28\n");  // invalid sequence
  BOOST_TEST((bad.where.line == 2 && bad.where.column == 7));
  BOOST_TEST(LoadFails("\xef\xbb\xbfversion: 1\n").reason.find("missing required key 'name'") !=
             std::string::npos);  // a UTF-8 BOM is fine
  std::vector<LoadError> errors;
  BOOST_TEST(!LoadScenarioFile("/nonexistent/x.yaml", LoadOptions{}, &errors).has_value());
  BOOST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].ToString() == "/nonexistent/x.yaml: no such file");
  errors.clear();
  BOOST_TEST(!LoadScenarioFile(kSource.string(), LoadOptions{}, &errors).has_value());
  BOOST_TEST(errors.at(0).reason.find("folder") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(file_over_10_mib_is_refused_unread) {
  const fs::path file = fs::temp_directory_path() / "statussim_loader_test_big.yaml";
  std::ofstream(file) << "version: 1\n";
  fs::resize_file(file, (10u << 20) + 1);  // sparse: cheap to make
  std::vector<LoadError> errors;
  BOOST_TEST(!LoadScenarioFile(file.string(), LoadOptions{}, &errors).has_value());
  fs::remove(file);
  BOOST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].where.line == 0);
  BOOST_TEST(errors[0].reason.find("larger than 10 MiB (10485761 bytes)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(folder_is_relative_to_suite_root) {
  const std::string file = (kSource / "tests" / "good" / "minimal.yaml").string();
  LoadOptions options;
  options.suite_root = kSource.string();
  std::vector<LoadError> errors;
  BOOST_TEST(LoadScenarioFile(file, options, &errors)->folder == "tests/good");
  options.suite_root = (kSource / "tests" / "good").string() + "/";
  BOOST_TEST(LoadScenarioFile(file, options, &errors)->folder == "");
  options.suite_root = "";
  BOOST_TEST(LoadScenarioFile(file, options, &errors)->folder == "good");
  Location name_at;
  BOOST_TEST(LoadScenarioFile(file, options, &errors, &name_at).has_value());
  BOOST_TEST((name_at.line == 4 && name_at.column == 7));
  BOOST_TEST(errors.empty());
}

// No input crashes: every prefix of a valid scenario either loads or fails
// with at least one located error.
BOOST_AUTO_TEST_CASE(every_prefix_loads_or_fails_cleanly) {
  std::ifstream in(kSource / "tests" / "good" / "full.yaml", std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  BOOST_REQUIRE(text.size() > 1000u);
  int failed = 0;
  for (size_t n = 0; n <= text.size(); n += 3) {
    std::vector<LoadError> errors;
    const std::optional<Scenario> s = Load(text.substr(0, n), &errors);
    if (s.has_value() == !errors.empty()) BOOST_ERROR("prefix " << n << ": inconsistent result");
    if (!s) ++failed;
  }
  BOOST_TEST(failed > 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace statussim::harness
