// SdkClient: readiness, parameters, the self shortcut, the tier, truncation,
// rate limits and the lost connection, in API-3's order.
#include "sim/sdk_client.h"

#include <boost/test/unit_test.hpp>

#include "tests/sim/test_world.h"

namespace statussim::sim::testing {
namespace {

using Kind = Outcome::Kind;

Value IdList(const std::string& prefix, int from, int to, const char* first = nullptr) {
  Value::Array ids;
  if (first != nullptr) ids.emplace_back(first);
  for (int i = from; i <= to; ++i) ids.emplace_back(prefix + std::to_string(i));
  Value args = Value::EmptyObject();
  args.Set("userIDList", Value(std::move(ids)));
  return args;
}

void AddUsers(TestWorld& w, int n) {
  for (int i = 1; i <= n; ++i) w.backend().AddAccount("u" + std::to_string(i));
}

size_t Count(const Value& list, const std::string& user) {
  size_t n = 0;
  for (const Value& e : list.as_array()) n += e.Find("userID")->as_string() == user;
  return n;
}

BOOST_AUTO_TEST_SUITE(sdk_client)

// API-1, API-2: each not-ready reason has its code and an error event.
BOOST_AUTO_TEST_CASE(api1_not_ready_codes) {
  TestWorld w(App{});
  BOOST_TEST(w.Set("x1", "a").code == 2024);
  BOOST_TEST(w.Take("x1") == Strings{"error 2024"}, boost::test_tools::per_element());
  w.Login("a1", "alice", Platform::kWeb);
  w.Logout("a1");
  BOOST_TEST(w.Get("a1", {Value("alice")}).code == 3005);
  BOOST_TEST(w.Take("a1") == Strings{"error 3005"}, boost::test_tools::per_element());
}

// API-3: readiness comes before parameters: bad args on a logged-out device reject.
BOOST_AUTO_TEST_CASE(api3_ready_before_params) {
  TestWorld w(App{});
  Outcome o = w.Call("x1", Api::kSetSelfStatus, std::nullopt);
  BOOST_TEST((o.kind == Kind::kError && o.code == 2024));
}

// SET-1: missing or non-string customStatus throws; no code, no event.
BOOST_AUTO_TEST_CASE(set1_bad_custom_status_throws) {
  TestWorld w(App{});
  w.Login("a1", "alice", Platform::kWeb);
  BOOST_TEST((w.Call("a1", Api::kSetSelfStatus, std::nullopt).kind == Kind::kThrows));
  Value args = Value::EmptyObject();
  args.Set("customStatus", Value(5));
  BOOST_TEST((w.Call("a1", Api::kSetSelfStatus, args).kind == Kind::kThrows));
  BOOST_TEST(w.Quiet());
}

// SET-5: 100 bytes pass, 101 are rejected 70402; UTF-8 bytes, not characters.
BOOST_AUTO_TEST_CASE(set5_byte_limit) {
  TestWorld w(App{});
  w.Login("a1", "alice", Platform::kWeb);
  BOOST_TEST(w.Set("a1", std::string(100, 'x').c_str()).code == 0);
  BOOST_TEST(w.Set("a1", std::string(101, 'x').c_str()).code == 70402);
  std::string han;
  for (int i = 0; i < 34; ++i) han += "\xe5\xbf\x99";  // 34 x 3 bytes = 102
  BOOST_TEST(w.Set("a1", han.c_str()).code == 70402);
}

// GET-2: a self-only query needs no tier and answers from the cache.
BOOST_AUTO_TEST_CASE(get2_self_only_without_tier) {
  TestWorld w(App{});
  w.Login("a1", "alice", Platform::kWeb);
  w.Set("a1", "busy");
  Outcome o = w.Get("a1", {Value("alice")});
  BOOST_REQUIRE((o.kind == Kind::kOk));
  BOOST_TEST(o.data.ToJson() ==
             R"({"successUserList":[{"userID":"alice","statusType":1,"customStatus":"busy"}],"failureUserList":[]})");
}

// GET-3: [self, self] needs the tier.
BOOST_AUTO_TEST_CASE(get3_self_twice_needs_tier) {
  TestWorld w(App{});
  w.Login("a1", "alice", Platform::kWeb);
  BOOST_TEST(w.Get("a1", {Value("alice"), Value("alice")}).code == 3122);
}

// GET-5: 501 IDs with self first: 500 remain, all sent, self once.
BOOST_AUTO_TEST_CASE(get5_501_ids_with_self_first) {
  TestWorld w(TestWorld::Premium());
  AddUsers(w, 600);
  w.Login("a1", "alice", Platform::kWeb);
  Outcome o = w.Call("a1", Api::kGetUserStatus, IdList("u", 1, 500, "alice"));
  BOOST_REQUIRE((o.kind == Kind::kOk));
  const Value& ok = *o.data.Find("successUserList");
  BOOST_TEST(ok.as_array().size() == 501u);
  BOOST_TEST(Count(ok, "alice") == 1u);
  BOOST_TEST(Count(ok, "u500") == 1u);
}

// GET-5: 502 IDs with self first: the first 500 of the list as given are
// sent, self included, so self is answered twice and u500 is cut.
BOOST_AUTO_TEST_CASE(get5_502_ids_with_self_first) {
  TestWorld w(TestWorld::Premium());
  AddUsers(w, 600);
  w.Login("a1", "alice", Platform::kWeb);
  Outcome o = w.Call("a1", Api::kGetUserStatus, IdList("u", 1, 501, "alice"));
  BOOST_REQUIRE((o.kind == Kind::kOk));
  const Value& ok = *o.data.Find("successUserList");
  BOOST_TEST(ok.as_array().size() == 501u);
  BOOST_TEST(Count(ok, "alice") == 2u);
  BOOST_TEST(Count(ok, "u499") == 1u);
  BOOST_TEST(Count(ok, "u500") == 0u);
}

// GET-7: unknown and non-string IDs fail with 70107, duplicates one each, in order.
BOOST_AUTO_TEST_CASE(get7_failures_and_duplicates) {
  TestWorld w(TestWorld::Premium());
  w.Login("a1", "alice", Platform::kWeb);
  Outcome o = w.Get("a1", {Value("bob"), Value("zed"), Value(42), Value("bob")});
  BOOST_REQUIRE((o.kind == Kind::kOk));
  BOOST_TEST(o.data.Find("successUserList")->as_array().size() == 2u);
  const Value::Array& fail = o.data.Find("failureUserList")->as_array();
  BOOST_REQUIRE(fail.size() == 2u);
  BOOST_TEST((*fail[0].Find("userID") == Value("zed")));
  BOOST_TEST((*fail[1].Find("userID") == Value(42)));
  BOOST_TEST(fail[1].Find("code")->as_int() == 70107);
}

// SUB-4, SUB-5: only the first subscribe_max_users are sent; self fails 70402.
BOOST_AUTO_TEST_CASE(sub4_truncation_and_sub5_self) {
  App app = TestWorld::Premium();
  app.params.subscribe_max_users = 2;
  TestWorld w(app);
  w.Login("a1", "alice", Platform::kWeb);
  Outcome o = w.Subscribe("a1", {Value("alice"), Value("bob"), Value("carol")});
  BOOST_REQUIRE((o.kind == Kind::kOk));
  BOOST_TEST(o.data.ToJson() ==
             R"({"failureUserList":[{"userID":"alice","code":70402,"message":"invalid parameter"}]})");
  BOOST_TEST(w.backend().SubscriptionsOf(w.Id("alice")).size() == 1u);  // carol was cut
}

// UNS-1, UNS-2, UNS-6: every form of "all"; null and non-lists throw.
BOOST_AUTO_TEST_CASE(uns_forms) {
  TestWorld w(TestWorld::Premium());
  w.Login("a1", "alice", Platform::kWeb);
  auto unsub = [&](std::optional<Value> args) {
    w.Subscribe("a1", {Value("bob")});
    Outcome o = w.Call("a1", Api::kUnsubscribeUserStatus, std::move(args));
    return std::make_pair(o.kind, w.backend().SubscriptionsOf(w.Id("alice")).size());
  };
  Value empty_list = Value::EmptyObject();
  empty_list.Set("userIDList", Value::EmptyArray());
  Value null_list = Value::EmptyObject();
  null_list.Set("userIDList", Value());
  BOOST_TEST((unsub(std::nullopt) == std::make_pair(Kind::kOk, size_t{0})));
  BOOST_TEST((unsub(Value::EmptyObject()) == std::make_pair(Kind::kOk, size_t{0})));
  BOOST_TEST((unsub(empty_list) == std::make_pair(Kind::kOk, size_t{0})));
  BOOST_TEST((unsub(null_list).first == Kind::kThrows));
  BOOST_TEST((unsub(Value()).first == Kind::kThrows));
}

// RL-1..3 and API-3: tier rejections are not counted, switch rejections are.
BOOST_AUTO_TEST_CASE(rl3_tier_not_counted_switch_counted) {
  App app;
  app.params.rate_count = 2;
  TestWorld w(app);
  w.Login("a1", "alice", Platform::kWeb);
  for (int i = 0; i < 5; ++i) BOOST_TEST(w.Get("a1", {Value("bob")}).code == 3122);
  app.premium = true;
  w.backend().Configure(app);
  BOOST_TEST(w.Get("a1", {Value("bob")}).code == 72001);
  BOOST_TEST(w.Get("a1", {Value("bob")}).code == 72001);
  BOOST_TEST(w.Get("a1", {Value("bob")}).code == 2996);
  // Per command: subscribe has its own budget.
  BOOST_TEST(w.Subscribe("a1", {Value("bob")}).code == 72001);
  // RL-1: a logout resets; a kick does not.
  w.Logout("a1");
  w.Login("a1", "alice", Platform::kWeb);
  BOOST_TEST(w.Get("a1", {Value("bob")}).code == 72001);
}

// API-4: a lost device's call passes the limiter, then rejects 2801; the
// self-only query still succeeds.
BOOST_AUTO_TEST_CASE(api4_lost_connection) {
  App app = TestWorld::Premium();
  app.params.rate_count = 1;
  TestWorld w(app);
  w.Login("a1", "alice", Platform::kWeb);
  w.Disconnect("a1", LossKind::kSilent);
  BOOST_TEST(w.Get("a1", {Value("bob")}).code == 2801);
  BOOST_TEST(w.Get("a1", {Value("bob")}).code == 2996);
  BOOST_TEST(w.Set("a1", "x").code == 2801);
  BOOST_TEST((w.Get("a1", {Value("alice")}).kind == Kind::kOk));
  BOOST_TEST(w.Quiet());
}

// API-4: a closed web instance is no longer held by the backend, but its
// client is still logged in: its calls are lost in the network (2801).
BOOST_AUTO_TEST_CASE(api4_closed_web_instance_gets_2801) {
  TestWorld w(TestWorld::Premium());
  w.Login("a1", "alice", Platform::kWeb);
  w.Disconnect("a1", LossKind::kClose);
  BOOST_TEST(w.Set("a1", "x").code == 2801);
  BOOST_TEST(w.Get("a1", {Value("bob")}).code == 2801);
  BOOST_TEST(w.Quiet());
}

// SES-9: steps where they mean nothing succeed and change nothing.
BOOST_AUTO_TEST_CASE(ses9_harmless_steps) {
  TestWorld w(App{});
  BOOST_TEST((w.Logout("x1").kind == Kind::kOk));
  BOOST_TEST((w.Disconnect("x1", LossKind::kClose).kind == Kind::kOk));
  BOOST_TEST((w.Reconnect("x1").kind == Kind::kOk));
  w.Login("a1", "alice", Platform::kWeb);
  BOOST_TEST((w.Login("a1", "bob", Platform::kWeb).kind == Kind::kOk));  // as any user
  BOOST_TEST((w.backend().StatusOf(w.Id("bob")) == StatusType::kUnlogined));
  BOOST_TEST(w.Quiet());
}

// SES-8: the cache follows items about oneself.
BOOST_AUTO_TEST_CASE(ses8_cache_follows_own_items) {
  TestWorld w(App{});
  w.Login("a1", "alice", Platform::kWeb);
  w.Login("a2", "alice", Platform::kAndroid);
  w.Set("a2", "busy");
  BOOST_TEST(w.Dev("a1").cached_custom() == "busy");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::sim::testing
