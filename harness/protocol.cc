#include "harness/protocol.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace statussim::harness {
namespace {

using sim::Value;

// Deep enough for any message of the protocol; deeper input is refused
// rather than risking the stack.
constexpr int kMaxDepth = 64;
// A parse error quotes at most this much of the input (a verdict's reason
// goes into every report), and is at most kMaxMessage bytes in all.
constexpr size_t kMaxQuote = 40;
constexpr size_t kMaxMessage = 300;
// A line is quoted in a reason up to this many bytes (PROTOCOL.md: a finding
// never copies a whole line).
constexpr size_t kMaxLineQuote = 200;

using Json = nlohmann::json;

Status ProtocolError(const std::string& what) {
  return Status::Error("client protocol error: " + what);
}

std::string Abbrev(std::string_view text) { return Excerpt(text, kMaxLineQuote); }

const std::string* StringField(const Value& v, std::string_view key) {
  const Value* f = v.Find(key);
  return f != nullptr && f->is_string() ? &f->as_string() : nullptr;
}

// Builds a Value straight from nlohmann's SAX events: no intermediate DOM, a
// depth limit, a budget of values (so a hostile line cannot make the harness
// allocate more than the budget allows), and duplicate keys refused (which
// of two `id`s would count?).
class ValueBuilder final : public nlohmann::json_sax<Json> {
 public:
  explicit ValueBuilder(size_t* budget) : budget_(budget) {}

  Result<Value> Take() {
    if (!error_.empty()) return Status::Error(error_);
    return std::move(root_);
  }

  bool null() override { return Add(Value()); }
  bool boolean(bool b) override { return Add(Value(b)); }
  bool number_integer(number_integer_t i) override { return Add(Value(static_cast<int64_t>(i))); }
  bool number_unsigned(number_unsigned_t u) override {
    if (u <= static_cast<uint64_t>(INT64_MAX)) return Add(Value(static_cast<int64_t>(u)));
    return Add(Value(static_cast<double>(u)));
  }
  bool number_float(number_float_t d, const string_t&) override { return Add(Value(d)); }
  bool string(string_t& s) override { return Add(Value(std::move(s))); }
  bool binary(binary_t&) override { return Fail("unsupported JSON value"); }
  bool start_object(std::size_t) override { return Open(Value::EmptyObject()); }
  bool key(string_t& k) override {
    // Small objects are checked at each key; large ones once, when closed.
    const Value::Object& members = stack_.back()->as_object();
    if (members.size() <= kLinearKeys) {
      for (const Value::Member& m : members) {
        if (m.first == k) return Duplicate(k);
      }
    }
    key_ = std::move(k);
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(Value::EmptyArray()); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
    const size_t cut = what.find("] ");
    if (cut != std::string::npos) what.erase(0, cut + 2);
    // "...; last read: '<token>'" and "number overflow parsing '<token>'"
    // quote the whole token, which can be the whole line: keep its start.
    for (std::string_view marker : {"last read: '", "parsing '"}) {
      const size_t token = what.find(marker);
      if (token != std::string::npos && what.size() > token + marker.size() + kMaxQuote + 1) {
        what.resize(token + marker.size() + kMaxQuote);
        what += "...'";
      }
    }
    if (what.size() > kMaxMessage) what = what.substr(0, kMaxMessage) + "...";
    return Fail(Excerpt(what, kMaxMessage + 8));
  }

 private:
  bool Fail(std::string what) {
    if (error_.empty()) error_ = std::move(what);
    return false;
  }
  bool Spend() {
    if (budget_ == nullptr) return true;
    if (*budget_ == 0) return false;
    --*budget_;
    return true;
  }
  // Places `v` in the open container (or as the root); returns where it is.
  Value* Place(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Value& top = *stack_.back();
    if (top.is_array()) {
      top.as_array().push_back(std::move(v));
      return &top.as_array().back();
    }
    top.as_object().emplace_back(std::move(key_), std::move(v));
    return &top.as_object().back().second;
  }
  bool Add(Value v) {
    if (!Spend()) return Fail(kBudgetSpent);
    Place(std::move(v));
    return true;
  }
  bool Open(Value v) {
    if (!Spend()) return Fail(kBudgetSpent);
    if (stack_.size() >= kMaxDepth) return Fail("JSON nested too deeply");
    stack_.push_back(Place(std::move(v)));
    return true;
  }
  bool Close() {
    const Value& closed = *stack_.back();
    stack_.pop_back();
    if (!closed.is_object() || closed.as_object().size() <= kLinearKeys) return true;
    std::vector<std::string_view> keys;
    for (const Value::Member& m : closed.as_object()) keys.push_back(m.first);
    std::sort(keys.begin(), keys.end());
    const auto dup = std::adjacent_find(keys.begin(), keys.end());
    return dup == keys.end() || Duplicate(std::string(*dup));
  }
  bool Duplicate(const std::string& k) {
    return Fail("duplicate key \"" + Excerpt(k, kMaxQuote) + "\"");
  }

  static constexpr size_t kLinearKeys = 16;

  size_t* budget_;
  Value root_;
  std::vector<Value*> stack_;  // open containers; only the top one grows
  std::string key_;
  std::string error_;
};

// Length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF).
size_t Utf8Length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  }
  if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
  if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
  if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
  if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // above U+10FFFF
  return n;
}

}  // namespace

const char* const kBudgetSpent = "the scenario's budget of JSON values is spent";

std::string Excerpt(std::string_view text, size_t max_bytes) {
  std::string out;
  size_t i = 0;
  while (i < text.size() && out.size() < max_bytes) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t n = Utf8Length(text, i);
    if (n == 0 || c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  if (i < text.size()) out += fmt::format("... ({} bytes in all)", text.size());
  return out;
}

Result<Value> ParseJson(std::string_view text, size_t* budget) {
  // nlohmann's SAX parser is iterative, so deep input cannot exhaust the
  // stack; the builder refuses anything deeper than kMaxDepth. The parse is
  // strict: anything but whitespace after the value is an error.
  ValueBuilder builder(budget);
  try {
    Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json,
                    /*strict=*/true);
  } catch (const Json::exception& e) {
    return Status::Error(Excerpt(e.what(), kMaxMessage));
  }
  return builder.Take();
}

Value AppValue(const sim::App& app) {
  Value console = Value::EmptyObject();
  console.Set("status_query_and_notify", Value(app.console.status_query_and_notify));
  console.Set("friend_status_notify", Value(app.console.friend_status_notify));
  console.Set("web_max_instances", Value(app.console.web_max_instances));
  Value params = Value::EmptyObject();
  for (const sim::ParamInfo& p : sim::AllParams()) params.Set(std::string(p.name), Value(app.params.*(p.field)));
  Value v = Value::EmptyObject();
  v.Set("premium", Value(app.premium));
  v.Set("console", std::move(console));
  v.Set("params", std::move(params));
  return v;
}

Value InitMessage(const Scenario& scenario) {
  Value accounts = Value::EmptyArray();
  for (const std::string& a : scenario.accounts) accounts.Push(Value(a));
  Value friends = Value::EmptyArray();
  for (const auto& [a, b] : scenario.friends) friends.Push(Value(Value::Array{Value(a), Value(b)}));
  Value v = Value::EmptyObject();
  v.Set("type", Value("init"));
  v.Set("scenario", Value(scenario.name));
  v.Set("app", AppValue(scenario.app));
  v.Set("accounts", std::move(accounts));
  v.Set("friends", std::move(friends));
  return v;
}

Value DoMessage(int64_t id, const Step& step) {
  Value v = Value::EmptyObject();
  v.Set("type", Value("do"));
  v.Set("id", Value(id));
  v.Set("device", Value(step.device));
  switch (step.kind) {
    case Step::Kind::kLogin:
      v.Set("action", Value("login"));
      v.Set("user", Value(step.user));
      v.Set("platform", Value(sim::PlatformName(step.platform)));
      break;
    case Step::Kind::kLogout:
      v.Set("action", Value("logout"));
      break;
    case Step::Kind::kDisconnect:
      v.Set("action", Value("disconnect"));
      v.Set("how", Value(step.how == sim::LossKind::kClose ? "close" : "silent"));
      break;
    case Step::Kind::kReconnect:
      v.Set("action", Value("reconnect"));
      break;
    case Step::Kind::kCall:
      v.Set("action", Value("call"));
      v.Set("api", Value(sim::ApiName(step.api)));
      if (step.args) v.Set("args", *step.args);  // absent = no argument
      break;
    default:
      break;
  }
  return v;
}

// ---------------------------------------------------------------- client messages

Result<Value> ParseClientLine(std::string_view line, size_t* budget) {
  // nlohmann's lexer takes a NUL byte for the end of the input, so a NUL
  // could hide the rest of a line; and a reason must quote valid text.
  if (const size_t nul = line.find('\0'); nul != std::string_view::npos) {
    return ProtocolError(fmt::format("a NUL byte at byte {} of the line: {}", nul + 1, Abbrev(line)));
  }
  for (size_t i = 0; i < line.size();) {
    const size_t n = Utf8Length(line, i);
    if (n == 0) {
      return ProtocolError(fmt::format("not UTF-8 (byte {} is 0x{:02X}): {}", i + 1,
                                       static_cast<unsigned char>(line[i]), Abbrev(line)));
    }
    i += n;
  }
  Result<Value> msg = ParseJson(line, budget);
  if (!msg.ok()) {
    if (msg.message() == kBudgetSpent) {
      return ProtocolError(fmt::format("output flood: {} (--client-max-values)", kBudgetSpent));
    }
    return ProtocolError(fmt::format("not JSON ({}): {}", msg.message(), Abbrev(line)));
  }
  if (!msg.value().is_object()) {
    return ProtocolError("a line must be one JSON object: " + Abbrev(line));
  }
  if (StringField(msg.value(), "type") == nullptr) {
    return ProtocolError("a message without a string `type`: " + Abbrev(line));
  }
  return msg;
}

Result<std::string> ParseHello(const Value& h) {
  const std::string* type = StringField(h, "type");
  if (type == nullptr || *type != "hello") {
    return ProtocolError("the first line must be hello, got " + h.ToJson());
  }
  const Value* protocol = h.Find("protocol");
  if (protocol == nullptr || !protocol->is_number() || protocol->as_number() != kProtocolVersion) {
    return ProtocolError(fmt::format("unsupported protocol version {} (this harness speaks {})",
                                     protocol ? protocol->ToJson() : "(none)", kProtocolVersion));
  }
  const std::string* mode = StringField(h, "mode");
  if (mode == nullptr || (*mode != "sdk" && *mode != "full")) {
    return ProtocolError("hello: mode must be \"sdk\" or \"full\"");
  }
  return *mode;
}

Result<DeviceEvent> ParseEventMessage(const Value& msg) {
  const std::string* device = StringField(msg, "device");
  const std::string* name = StringField(msg, "name");
  if (device == nullptr || name == nullptr) {
    return ProtocolError("an event needs device and name: " + Abbrev(msg.ToJson()));
  }
  const Value* data = msg.Find("data");
  return DeviceEvent{*device, *name, data ? *data : Value()};
}

Result<ClientRequest> ParseRequestMessage(const Value& msg) {
  const Value* id = msg.Find("id");
  const std::string* device = StringField(msg, "device");
  const std::string* op = StringField(msg, "op");
  if (id == nullptr || device == nullptr || op == nullptr) {
    return ProtocolError("a request needs id, device and op: " + Abbrev(msg.ToJson()));
  }
  ClientRequest r;
  r.id = *id;
  r.device = *device;
  r.op = *op;
  const Value* body_ptr = msg.Find("body");
  const Value body = body_ptr != nullptr ? *body_ptr : Value::EmptyObject();
  auto id_list = [&](const std::string& what) -> Status {
    const Value* list = body.Find("userIDList");
    if (list == nullptr || !list->is_array()) {
      return ProtocolError(fmt::format("request {}: body.userIDList must be a list", what));
    }
    r.user_ids = list->as_array();
    return Status::Ok();
  };
  if (r.op == "login") {
    const std::string* user = StringField(body, "user");
    const std::string* platform = StringField(body, "platform");
    std::optional<sim::Platform> p = platform ? sim::ParsePlatform(*platform) : std::nullopt;
    if (user == nullptr || !p) return ProtocolError("request login: body needs user and a platform");
    r.user = *user;
    r.platform = *p;
  } else if (r.op == "logout" || r.op == "reconnect") {
    // no body
  } else if (r.op == "set_self_status") {
    const std::string* custom = StringField(body, "customStatus");
    if (custom == nullptr) {
      return ProtocolError("request set_self_status: body.customStatus must be a string");
    }
    r.custom_status = *custom;
  } else if (r.op == "get_user_status" || r.op == "subscribe" || r.op == "unsubscribe") {
    const Value* all = body.Find("all");
    r.all = r.op == "unsubscribe" && all != nullptr && all->is_bool() && all->as_bool();
    if (!r.all) {
      if (Status st = id_list(r.op); !st.ok()) return st;
    }
  } else {
    return ProtocolError("unknown request op \"" + r.op + "\"");
  }
  return r;
}

Result<sim::Outcome> ParseResultMessage(const Value& msg) {
  // PROTOCOL.md: exactly one of ok (an object), error {code, message} (an
  // integer, a string) or throws (a string).
  const Value* ok = msg.Find("ok");
  const Value* err = msg.Find("error");
  const Value* thrown = msg.Find("throws");
  const int present = (ok != nullptr) + (err != nullptr) + (thrown != nullptr);
  if (present != 1) {
    std::vector<std::string> names;
    if (ok) names.push_back("ok");
    if (err) names.push_back("error");
    if (thrown) names.push_back("throws");
    return ProtocolError(fmt::format("a result must have exactly one of ok, error, throws; this one has {}: {}",
                                     names.empty() ? "none" : fmt::format("{}", fmt::join(names, " and ")),
                                     Abbrev(msg.ToJson())));
  }
  if (ok != nullptr) {
    if (!ok->is_object()) {
      return ProtocolError("result ok must be an object (`ok: {}` when there is no data): " + Abbrev(msg.ToJson()));
    }
    return sim::Outcome::Ok(*ok);
  }
  if (err != nullptr) {
    const Value* code = err->Find("code");
    if (code == nullptr || !code->is_int()) {
      return ProtocolError("result error without an integer code: " + Abbrev(msg.ToJson()));
    }
    // A code outside 32 bits would be cut and could pass as another code.
    if (code->as_int() < INT32_MIN || code->as_int() > INT32_MAX) {
      return ProtocolError("result error code out of range: " + Abbrev(msg.ToJson()));
    }
    const Value* message = err->Find("message");
    if (message != nullptr && !message->is_string()) {
      return ProtocolError("result error message must be a string: " + Abbrev(msg.ToJson()));
    }
    sim::Outcome o = sim::Outcome::Error(static_cast<int>(code->as_int()));
    o.message = message ? message->as_string() : "";
    return o;
  }
  if (!thrown->is_string()) {
    return ProtocolError("result throws must be a string (the thrown error's message): " + Abbrev(msg.ToJson()));
  }
  return sim::Outcome::Throws(thrown->as_string());
}

}  // namespace statussim::harness
