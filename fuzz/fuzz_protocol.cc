// libFuzzer target: lines a client writes (PROTOCOL.md), through the checks
// ProcessClient applies to each: ParseClientLine (JSON with a string `type`),
// then, whatever the type, ParseHello, ParseEventMessage, ParseRequestMessage
// and ParseResultMessage (harness/protocol.h). None may crash; every failure
// is a "client protocol error: ..." of bounded length; a message that parses
// writes back (Value::ToJson, as the harness echoes a request's id) to JSON
// that parses to the same value.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "harness/protocol.h"

namespace {

using statussim::harness::Status;
using statussim::sim::Value;

[[noreturn]] void Fail(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz_protocol: %s %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// A verdict's reason goes into every report: it quotes at most 200 bytes of
// the client's text, plus the fixed words around it.
constexpr size_t kMaxReason = 1024;

void CheckError(const Status& st, const char* what) {
  const std::string& m = st.message();
  if (m.rfind("client protocol error: ", 0) != 0) Fail(what, m);
  if (m.size() > kMaxReason) Fail("an over-long reason from", what);
}

void CheckMessage(const Value& v) {
  if (auto hello = statussim::harness::ParseHello(v); hello.ok()) {
    if (hello.value() != "sdk" && hello.value() != "full") Fail("hello: a bad mode accepted");
  } else {
    CheckError(hello.status(), "ParseHello");
  }
  if (auto event = statussim::harness::ParseEventMessage(v); !event.ok()) {
    CheckError(event.status(), "ParseEventMessage");
  }
  if (auto request = statussim::harness::ParseRequestMessage(v); request.ok()) {
    const std::string& op = request.value().op;
    if (op != "login" && op != "logout" && op != "reconnect" && op != "set_self_status" &&
        op != "get_user_status" && op != "subscribe" && op != "unsubscribe") {
      Fail("request: an unknown op accepted", op);
    }
    if (request.value().all && op != "unsubscribe") Fail("request: `all` outside unsubscribe");
  } else {
    CheckError(request.status(), "ParseRequestMessage");
  }
  if (auto result = statussim::harness::ParseResultMessage(v); !result.ok()) {
    CheckError(result.status(), "ParseResultMessage");
  }
  // What the harness writes back parses to the same value.
  const std::string json = v.ToJson();
  auto again = statussim::harness::ParseJson(json);
  if (!again.ok()) Fail("ToJson wrote what ParseJson refuses:", json);
  if (!(again.value() == v)) Fail("ToJson/ParseJson changed the value:", json);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  // One client line per input line, as ChildProcess::ReadLine splits them.
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto msg = statussim::harness::ParseClientLine(line);
    if (!msg.ok()) {
      CheckError(msg.status(), "ParseClientLine");
      continue;
    }
    CheckMessage(msg.value());
  }
  return 0;
}
