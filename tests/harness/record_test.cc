// Tests of `statussim record`'s pieces: ScenarioText (extents found from the
// text: flow brackets past quotes and comments, block steps with comments
// and blank lines, a `-` alone on its line), UnifiedDiff, IsPlainSafe, and
// RecordScenario on layouts the suite does not use (CRLF, quoted keys,
// multi-line flow lists, inserted events). The whole suite and the CLI are
// tested by tests/record.sh.
#include "harness/record.h"

#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness/builtin_client.h"
#include "harness/flow_text.h"
#include "harness/loader.h"
#include "harness/runner.h"
#include "harness/scenario_text.h"

namespace statussim::harness {
namespace {

Scenario Load(const std::string& text) {
  std::vector<LoadError> errors;
  std::optional<Scenario> s = LoadScenarioText(text, "t.yaml", EmbeddedSpecOptions(), &errors);
  BOOST_REQUIRE_MESSAGE(s.has_value(), (errors.empty() ? "" : errors[0].ToString()));
  return *s;
}

RecordResult Record(const std::string& text) { return RecordScenario(Load(text), text, EmbeddedSpecOptions()); }

bool Passes(const std::string& text) {
  BuiltinClient client;
  return RunScenario(Load(text), client).verdict == Verdict::kPass;
}

const std::string kHead =
    "version: 1\nname: t\ncovers: [SES-1]\n"
    "app: {premium: true, console: {status_query_and_notify: true}}\n"
    "accounts: [alice, bob]\nsteps:\n";

BOOST_AUTO_TEST_SUITE(record)

BOOST_AUTO_TEST_CASE(flow_end_skips_quotes_and_comments) {
  const std::string text = "x: {a: \"}]\", b: 'it''s ]', c: [1, {d: 2}]}  # }\nnext";
  const ScenarioText t(text);
  const size_t begin = text.find('{');
  Result<size_t> end = t.FlowEnd(begin);
  BOOST_REQUIRE(end.ok());
  BOOST_TEST(text.substr(begin, end.value() - begin) ==
             "{a: \"}]\", b: 'it''s ]', c: [1, {d: 2}]}");
  BOOST_TEST(!ScenarioText("x: [1, 2").FlowEnd(3).ok());
}

BOOST_AUTO_TEST_CASE(step_layout_from_indentation) {
  const std::string text =
      "steps:\n"
      "  - call: {device: a1,\n"
      "      api: setSelfStatus}\n"
      "    # a comment inside the step\n"
      "\n"
      "    expect: {ok: {}}\n"
      "    times: 2\n"
      "  # the next step's comment\n"
      "  -\n"
      "    login:\n"
      "      device: b1\n"
      "other: 1\n";
  const ScenarioText t(text);
  Result<StepLayout> first = t.Step(Location{2, 5});
  BOOST_REQUIRE(first.ok());
  BOOST_TEST(first.value().dash_line == 1);
  BOOST_TEST(first.value().dash_column == 2);
  BOOST_TEST(first.value().last_line == 6);
  BOOST_REQUIRE(first.value().keys.size() == 3u);
  BOOST_TEST(first.value().keys[0].key == "call");
  BOOST_TEST(first.value().keys[0].last_line == 2);  // the comment and blank line trail
  BOOST_TEST(first.value().keys[1].key == "expect");
  BOOST_TEST(first.value().keys[1].line == 5);
  Result<StepLayout> second = t.Step(Location{10, 5});
  BOOST_REQUIRE(second.ok());
  BOOST_TEST(second.value().dash_line == 8);  // `-` alone on its line
  BOOST_TEST(second.value().last_line == 10);
  BOOST_TEST(!t.Step(Location{2, 3}).ok());  // not a key
}

BOOST_AUTO_TEST_CASE(flow_style_step_is_refused) {
  Result<StepLayout> l = ScenarioText("steps:\n  - {wait: 1s}\n").Step(Location{2, 5});
  BOOST_REQUIRE(!l.ok());
  BOOST_TEST(l.message().find("flow style") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unified_diff) {
  BOOST_TEST(UnifiedDiff("f", "a\nb\n", "a\nb\n") == "");
  const std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const std::string after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\nten\n";
  BOOST_TEST(UnifiedDiff("f", before, after) ==
             "--- f\n+++ f\n@@ -2,8 +2,9 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n 9\n+ten\n");
  BOOST_TEST(UnifiedDiff("f", "a\n", "b\n") == "--- f\n+++ f\n@@ -1,1 +1,1 @@\n-a\n+b\n");
}

BOOST_AUTO_TEST_CASE(plain_strings) {
  BOOST_TEST(IsPlainSafe("alice"));
  BOOST_TEST(IsPlainSafe("u-2_x"));
  for (const char* s : {"", "007", "yes", "No", "null", "TRUE", "a b", "a:b", "-a", "é"}) {
    BOOST_TEST(!IsPlainSafe(s), s);
  }
}

BOOST_AUTO_TEST_CASE(nothing_to_record_leaves_the_text) {
  const std::string text = kHead + "  - login: {device: a1, user: alice, platform: web}  # hi\n";
  const RecordResult r = Record(text);
  BOOST_TEST(r.errors.empty());
  BOOST_TEST(r.new_text == text);
  BOOST_TEST(r.steps_changed == 0);
}

BOOST_AUTO_TEST_CASE(crlf_and_quoted_keys_and_multiline_lists) {
  std::string text = kHead +
                     "  - login: {device: \"a 1\", user: alice, platform: web}\n"
                     "  - call: {device: \"a 1\", api: setSelfStatus, args: {customStatus: x}}\n"
                     "    expect: {error: 1}\n"
                     "  - expect_events: {\"a 1\": [\n"
                     "      {status: {userID: bob}}]}\n";
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const RecordResult r = Record(crlf);
  BOOST_REQUIRE_MESSAGE(r.errors.empty(), (r.errors.empty() ? "" : r.errors[0].ToString()));
  BOOST_TEST(r.steps_changed == 2);
  BOOST_TEST(r.new_text.find("{\"a 1\": [{status: {userID: alice, statusType: ONLINE, "
                             "customStatus: x}}]}\r\n") != std::string::npos);
  BOOST_TEST(r.new_text.find("    expect: {ok: {userID: alice, statusType: ONLINE, customStatus: "
                             "x}}\r\n") != std::string::npos);
  size_t lf = 0, crlfs = 0;
  for (size_t i = 0; i < r.new_text.size(); ++i) {
    if (r.new_text[i] == '\n') ++lf, crlfs += i > 0 && r.new_text[i - 1] == '\r';
  }
  BOOST_TEST(lf == crlfs);
  BOOST_TEST(Passes(r.new_text));
}

BOOST_AUTO_TEST_CASE(unchecked_events_get_a_step_after_their_cause) {
  const std::string text = kHead +
                           "  - login: {device: a1, user: alice, platform: web}\n"
                           "  - login: {device: a2, user: alice, platform: web}\n"
                           "  - wait: 1s\n";
  const RecordResult r = Record(text);
  BOOST_REQUIRE(r.errors.empty());
  BOOST_TEST(r.new_text == kHead +
                               "  - login: {device: a1, user: alice, platform: web}\n"
                               "  - login: {device: a2, user: alice, platform: web}\n"
                               "  - expect_events:\n"
                               "      a1: [{kicked: {type: multipleAccount}}]\n"
                               "  - wait: 1s\n");
  // allow_unchecked_events: nothing to record.
  const std::string allowed = "allow_unchecked_events: true\n" + text;
  BOOST_TEST(Record(allowed).new_text == allowed);
}

BOOST_AUTO_TEST_CASE(unchecked_events_join_the_expect_events_step_after_their_cause) {
  const std::string steps =
      "  - login: {device: a1, user: alice, platform: web}\n"
      "  - login: {device: b1, user: bob, platform: web}\n"
      "  - login: {device: a2, user: alice, platform: web}\n";
  const std::string block = kHead + steps +
                            "  - expect_events:\n"
                            "      b1: []  # bob\n"
                            "  # the end\n";
  const RecordResult r = Record(block);
  BOOST_REQUIRE(r.errors.empty());
  BOOST_TEST(r.steps_changed == 1);
  BOOST_TEST(r.new_text == kHead + steps +
                               "  - expect_events:\n"
                               "      b1: []  # bob\n"
                               "      a1: [{kicked: {type: multipleAccount}}]\n"
                               "  # the end\n");
  // A flow map gets a new step before it instead.
  const std::string flow = kHead + steps + "  - expect_events: {b1: []}\n";
  BOOST_TEST(Record(flow).new_text == kHead + steps +
                                          "  - expect_events:\n"
                                          "      a1: [{kicked: {type: multipleAccount}}]\n"
                                          "  - expect_events: {b1: []}\n");
}

BOOST_AUTO_TEST_CASE(met_expectations_are_kept_as_written) {
  const std::string text = "allow_unchecked_events: true  # events are not the point\n" + kHead +
                           "  - login: {device: a1, user: alice, platform: web}\n"
                           "  - call: {device: a1, api: getUserStatus, args: {userIDList: [bob]}}\n"
                           "    expect: {ok: {successUserList: [{userID: bob}]}}  # partial\n"
                           "  - call: {device: a1, api: setSelfStatus, args: {customStatus: x}}\n"
                           "    expect:\n"
                           "      ok: {}\n";
  const RecordResult r = Record(text);
  BOOST_TEST(r.errors.empty());
  BOOST_TEST(r.new_text == text);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::harness
