// Tests of the checks of client messages (harness/protocol.h): what
// ProcessClient accepts from a client line by line, and the reason it gives
// for everything else. fuzz/fuzz_protocol.cc runs the same functions on
// generated input; the inputs it found are kept here as regression cases.
#include "harness/protocol.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace statussim::harness {
namespace {

using sim::Value;

Value Msg(const std::string& line) {
  Result<Value> v = ParseClientLine(line);
  BOOST_REQUIRE_MESSAGE(v.ok(), v.message());
  return v.value();
}

// True when `st` failed with a reason containing `part`.
template <typename R>
bool FailsWith(const R& r, const std::string& part) {
  if (r.ok()) return false;
  const std::string& m = r.message();
  BOOST_TEST_MESSAGE(m);
  return m.rfind("client protocol error: ", 0) == 0 && m.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(protocol)

BOOST_AUTO_TEST_CASE(client_line_is_json_with_a_string_type) {
  BOOST_TEST(Msg(R"({"type":"synced","id":2})").Find("id")->as_int() == 2);
  BOOST_TEST(FailsWith(ParseClientLine("{\"type\":"), "not JSON (parse error"));
  BOOST_TEST(FailsWith(ParseClientLine(""), "not JSON"));
  BOOST_TEST(FailsWith(ParseClientLine("[1,2]"), "a line must be one JSON object: [1,2]"));
  BOOST_TEST(FailsWith(ParseClientLine(R"({"type":1})"), "without a string `type`"));
  // A long line is quoted cut to 200 bytes.
  const std::string long_line = "{\"type\":" + std::string(5000, ' ') + "}";
  const Result<Value> r = ParseClientLine(long_line);
  BOOST_TEST(FailsWith(r, "..."));
  BOOST_TEST(r.message().size() < 600u);
  // Found by fuzz_protocol: nlohmann's parse error quotes the whole token it
  // was reading ("last read: '...'"), so a long bad string, up to the 1 MiB
  // line limit, came back whole in the reason. It is cut to 40 bytes now.
  for (const std::string& bad : {"{\"type\":\"" + std::string(100'000, 'x') + "\x01\"}",
                                 "{\"type\":\"" + std::string(100'000, 'x'),
                                 "{\"type\":" + std::string(100'000, '7') + "x}"}) {
    const Result<Value> cut = ParseClientLine(bad);
    BOOST_TEST((FailsWith(cut, "xxxxxxxxxx...'") || FailsWith(cut, "7777777777...'")));
    BOOST_TEST(cut.message().size() < 600u);
  }
  // Deeper than 64 levels is refused (nlohmann parses iteratively, so this is
  // about our conversion and everything after it).
  const std::string deep = "{\"type\":\"x\",\"d\":" + std::string(100, '[') + std::string(100, ']') + "}";
  BOOST_TEST(FailsWith(ParseClientLine(deep), "JSON nested too deeply"));
}

BOOST_AUTO_TEST_CASE(hello) {
  BOOST_TEST(ParseHello(Msg(R"({"type":"hello","protocol":1,"mode":"sdk"})")).value() == "sdk");
  BOOST_TEST(ParseHello(Msg(R"({"type":"hello","protocol":1.0,"mode":"full"})")).value() == "full");
  BOOST_TEST(FailsWith(ParseHello(Msg(R"({"type":"event"})")), "the first line must be hello"));
  BOOST_TEST(FailsWith(ParseHello(Msg(R"({"type":"hello","protocol":2,"mode":"sdk"})")),
                       "unsupported protocol version 2 (this harness speaks 1)"));
  BOOST_TEST(FailsWith(ParseHello(Msg(R"({"type":"hello","mode":"sdk"})")),
                       "unsupported protocol version (none)"));
  BOOST_TEST(FailsWith(ParseHello(Msg(R"({"type":"hello","protocol":1,"mode":"SDK"})")),
                       "hello: mode must be \"sdk\" or \"full\""));
}

BOOST_AUTO_TEST_CASE(event) {
  const Result<DeviceEvent> e =
      ParseEventMessage(Msg(R"({"type":"event","device":"a1","name":"kickedOut","data":{"type":"x"}})"));
  BOOST_REQUIRE(e.ok());
  BOOST_TEST(e.value().device == "a1");
  BOOST_TEST(e.value().name == "kickedOut");
  BOOST_TEST(e.value().data.ToJson() == R"({"type":"x"})");
  BOOST_TEST(ParseEventMessage(Msg(R"({"type":"event","device":"a1","name":"n"})")).value().data.is_null());
  BOOST_TEST(FailsWith(ParseEventMessage(Msg(R"({"type":"event","device":"a1"})")),
                       "an event needs device and name"));
}

BOOST_AUTO_TEST_CASE(request) {
  Result<ClientRequest> r = ParseRequestMessage(Msg(
      R"({"type":"request","id":"r1","device":"w1","op":"login","body":{"user":"alice","platform":"web"}})"));
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r.value().id.as_string() == "r1");
  BOOST_TEST(r.value().user == "alice");
  BOOST_TEST((r.value().platform == sim::Platform::kWeb));
  r = ParseRequestMessage(Msg(R"({"type":"request","id":7,"device":"w1","op":"unsubscribe","body":{"all":true}})"));
  BOOST_TEST((r.ok() && r.value().all && r.value().user_ids.empty()));
  r = ParseRequestMessage(
      Msg(R"({"type":"request","id":7,"device":"w1","op":"subscribe","body":{"all":true,"userIDList":["a",1]}})"));
  BOOST_TEST((r.ok() && !r.value().all && r.value().user_ids.size() == 2u));
  BOOST_TEST(ParseRequestMessage(Msg(R"({"type":"request","id":1,"device":"w1","op":"logout"})")).ok());
  BOOST_TEST(FailsWith(ParseRequestMessage(Msg(R"({"type":"request","device":"w1","op":"logout"})")),
                       "a request needs id, device and op"));
  BOOST_TEST(FailsWith(
      ParseRequestMessage(Msg(R"({"type":"request","id":1,"device":"w1","op":"login","body":{"user":"a","platform":"tv"}})")),
      "request login: body needs user and a platform"));
  BOOST_TEST(FailsWith(
      ParseRequestMessage(Msg(R"({"type":"request","id":1,"device":"w1","op":"set_self_status","body":{"customStatus":3}})")),
      "request set_self_status: body.customStatus must be a string"));
  BOOST_TEST(FailsWith(
      ParseRequestMessage(Msg(R"({"type":"request","id":1,"device":"w1","op":"get_user_status","body":{"all":true}})")),
      "request get_user_status: body.userIDList must be a list"));
  BOOST_TEST(FailsWith(
      ParseRequestMessage(Msg(R"({"type":"request","id":1,"device":"w1","op":"unsubscribe","body":[]})")),
      "request unsubscribe: body.userIDList must be a list"));
  BOOST_TEST(FailsWith(ParseRequestMessage(Msg(R"({"type":"request","id":1,"device":"w1","op":"fly"})")),
                       "unknown request op \"fly\""));
}

BOOST_AUTO_TEST_CASE(result) {
  Result<sim::Outcome> o = ParseResultMessage(Msg(R"({"type":"result","id":1,"ok":{"a":1}})"));
  BOOST_REQUIRE(o.ok());
  BOOST_TEST((o.value().kind == sim::Outcome::Kind::kOk));
  BOOST_TEST(o.value().data.ToJson() == R"({"a":1})");
  o = ParseResultMessage(Msg(R"({"type":"result","id":1,"error":{"code":70107,"message":"m"}})"));
  BOOST_REQUIRE(o.ok());
  BOOST_TEST(o.value().code == 70107);
  BOOST_TEST(o.value().message == "m");
  o = ParseResultMessage(Msg(R"({"type":"result","id":1,"throws":"TypeError"})"));
  BOOST_TEST((o.ok() && o.value().kind == sim::Outcome::Kind::kThrows && o.value().message == "TypeError"));
  BOOST_TEST(FailsWith(ParseResultMessage(Msg(R"({"type":"result","id":1,"error":{"code":1.5}})")),
                       "result error without an integer code"));
  // 2^32 + 70107 must not pass as 70107.
  BOOST_TEST(FailsWith(
      ParseResultMessage(Msg(R"({"type":"result","id":1,"error":{"code":4295037403}})")),
      "result error code out of range"));
  BOOST_TEST(FailsWith(ParseResultMessage(Msg(R"({"type":"result","id":1})")),
                       "exactly one of ok, error, throws; this one has none"));
}

// PROTOCOL.md: exactly one of ok/error/throws, ok an object, throws a string
// (issue 15: each of these passed a wrong client before).
BOOST_AUTO_TEST_CASE(ambiguous_results_are_protocol_errors) {
  BOOST_TEST(FailsWith(
      ParseResultMessage(Msg(R"({"type":"result","id":1,"ok":{},"error":{"code":3122,"message":"x"}})")),
      "exactly one of ok, error, throws; this one has ok and error"));
  BOOST_TEST(FailsWith(ParseResultMessage(Msg(R"({"type":"result","id":1,"ok":{},"throws":"x"})")),
                       "this one has ok and throws"));
  BOOST_TEST(FailsWith(ParseResultMessage(Msg(R"({"type":"result","id":1,"ok":null})")),
                       "result ok must be an object"));
  BOOST_TEST(FailsWith(ParseResultMessage(Msg(R"({"type":"result","id":1,"ok":[]})")),
                       "result ok must be an object"));
  BOOST_TEST(FailsWith(ParseResultMessage(Msg(R"({"type":"result","id":1,"throws":false})")),
                       "result throws must be a string"));
  BOOST_TEST(FailsWith(
      ParseResultMessage(Msg(R"({"type":"result","id":1,"error":{"code":3122,"message":7}})")),
      "result error message must be a string"));
}

// A line is exactly one JSON object in UTF-8: a NUL byte (nlohmann's end of
// input) cannot hide what follows, invalid UTF-8 and trailing text are
// refused, duplicate keys too; reasons quote an escaped excerpt.
BOOST_AUTO_TEST_CASE(a_line_is_exactly_one_object) {
  const std::string nul = std::string(R"({"type":"result","id":1,"ok":{}})") + '\0' +
                          R"({"type":"event","device":"a1","name":"error","data":{"code":2024}})";
  const Result<Value> r = ParseClientLine(nul);
  BOOST_TEST(FailsWith(r, "a NUL byte at byte 33 of the line"));
  BOOST_TEST(r.message().find("\\x00") != std::string::npos, r.message());
  BOOST_TEST(FailsWith(ParseClientLine("{\"type\":\"event\",\"device\":\"a\xff" "1\"}"),
                       "not UTF-8 (byte 28 is 0xFF)"));
  BOOST_TEST(FailsWith(ParseClientLine("{\"type\":\"x\xed\xa0\x80" "\"}"), "not UTF-8"));  // a surrogate
  BOOST_TEST(FailsWith(ParseClientLine(R"({"type":"synced","id":1} {"type":"synced","id":2})"),
                       "not JSON"));
  BOOST_TEST(FailsWith(ParseClientLine(R"({"type":"synced","id":1}x)"), "not JSON"));
  BOOST_TEST(FailsWith(ParseClientLine(R"({"type":"result","id":1,"id":2,"ok":{}})"),
                       "duplicate key \"id\""));
  std::string many = R"({"type":"x")";
  for (int i = 0; i < 100; ++i) many += ",\"k" + std::to_string(i) + "\":1";
  BOOST_TEST(Msg(many + "}").as_object().size() == 101u);
  BOOST_TEST(FailsWith(ParseClientLine(many + ",\"k7\":2}"), "duplicate key \"k7\""));
  // Multi-byte text, a BOM, and whitespace around the object are fine.
  BOOST_TEST(Msg("\xef\xbb\xbf{\"type\":\"event\",\"data\":\"\xe4\xb8\xad" "\"}  ").Find("data")->as_string() ==
             "\xe4\xb8\xad");
}

// The budget of values bounds what one scenario's output may allocate.
BOOST_AUTO_TEST_CASE(values_are_counted_against_a_budget) {
  size_t budget = 10;
  BOOST_TEST(ParseClientLine(R"({"type":"e","data":[1,2,3]})", &budget).ok());
  BOOST_TEST(budget == 4u);  // object, type, data, three numbers
  const Result<Value> over = ParseClientLine(R"({"type":"e","data":[1,2,3,4,5]})", &budget);
  BOOST_TEST(FailsWith(over, "output flood: the scenario's budget of JSON values is spent"));
  BOOST_TEST(budget == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace statussim::harness
