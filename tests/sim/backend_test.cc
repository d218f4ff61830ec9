// Backend: sessions, status, kicks, timers, subscriptions, fan-out. Each test
// names the SPEC rules it checks.
#include "sim/backend.h"

#include <boost/test/unit_test.hpp>

#include "tests/sim/test_world.h"

namespace statussim::sim::testing {
namespace {

constexpr Platform kWeb = Platform::kWeb;
constexpr Platform kAndroid = Platform::kAndroid;
constexpr Platform kIos = Platform::kIos;
constexpr StatusType kOnline = StatusType::kOnline;
constexpr StatusType kOffline = StatusType::kOffline;
constexpr StatusType kUnlogined = StatusType::kUnlogined;

BOOST_AUTO_TEST_SUITE(backend)

// STA-6, STA-2, SES-3.
BOOST_AUTO_TEST_CASE(sta_never_logged_in_then_online_then_logout) {
  TestWorld w(App{});
  BOOST_TEST((w.backend().StatusOf(w.Id("alice")) == kUnlogined));
  w.Login("a1", "alice", kWeb);
  BOOST_TEST((w.backend().StatusOf(w.Id("alice")) == kOnline));
  w.Logout("a1");
  BOOST_TEST((w.backend().StatusOf(w.Id("alice")) == kUnlogined));
}

// SES-6, STA-3: a silent native loss is noticed only after 400 s; then OFFLINE.
BOOST_AUTO_TEST_CASE(ses6_silent_native_loss_noticed_after_heartbeat) {
  TestWorld w(App{});
  w.Login("n1", "alice", kAndroid);
  w.Disconnect("n1", LossKind::kSilent);
  w.Wait(399'999);
  BOOST_TEST((w.backend().StatusOf(w.Id("alice")) == kOnline));
  w.Wait(1);
  BOOST_TEST((w.backend().StatusOf(w.Id("alice")) == kOffline));
}

// SES-6, STA-4: a web loss is noticed after 60 s and never gives OFFLINE.
BOOST_AUTO_TEST_CASE(sta4_web_silent_loss_becomes_unlogined) {
  TestWorld w(App{});
  w.Login("a1", "alice", kWeb);
  w.Disconnect("a1", LossKind::kSilent);
  w.Wait(59'999);
  BOOST_TEST((w.backend().StatusOf(w.Id("alice")) == kOnline));
  w.Wait(1);
  BOOST_TEST((w.backend().StatusOf(w.Id("alice")) == kUnlogined));
}

// STA-5: a lost native instance expires after offline_expiry.
BOOST_AUTO_TEST_CASE(sta5_offline_expires) {
  App app;
  app.params.offline_expiry = 10'000;
  TestWorld w(app);
  w.Login("n1", "alice", kIos);
  w.Disconnect("n1", LossKind::kClose);
  BOOST_TEST((w.backend().StatusOf(w.Id("alice")) == kOffline));
  w.Wait(9'999);
  BOOST_TEST((w.backend().StatusOf(w.Id("alice")) == kOffline));
  w.Wait(1);
  BOOST_TEST((w.backend().StatusOf(w.Id("alice")) == kUnlogined));
}

// SES-4: a second web login kicks the first (multipleAccount); the kicked
// instance is then not ready (API-1 3003) and emits error (API-2).
BOOST_AUTO_TEST_CASE(ses4_second_web_login_kicks_first) {
  TestWorld w(App{});
  w.Login("a1", "alice", kWeb);
  w.Login("a2", "alice", Platform::kMiniProgram);
  BOOST_TEST(w.Take("a1") == Strings{"kicked multipleAccount"}, boost::test_tools::per_element());
  BOOST_TEST(w.Take("a2").empty());
  Outcome o = w.Set("a1", "x");
  BOOST_TEST((o.kind == Outcome::Kind::kError && o.code == 3003));
  BOOST_TEST(w.Take("a1") == Strings{"error 3003"}, boost::test_tools::per_element());
}

// SES-4 with web_max_instances 2: the earliest latest login goes first; a
// lost, unnoticed instance counts and is told when it reconnects.
BOOST_AUTO_TEST_CASE(ses4_limit_two_kicks_earliest_and_lost_is_told_later) {
  App app;
  app.console.web_max_instances = 2;
  TestWorld w(app);
  w.Login("a1", "alice", kWeb);
  w.Login("a2", "alice", kWeb);
  w.Disconnect("a1", LossKind::kSilent);
  w.Login("a3", "alice", kWeb);  // a1 (lost, still counted) is the earliest
  BOOST_TEST(w.Take("a1").empty());
  BOOST_TEST(w.Take("a2").empty());
  w.Reconnect("a1");
  BOOST_TEST(w.Take("a1") == Strings{"kicked multipleAccount"}, boost::test_tools::per_element());
  BOOST_TEST(w.Set("a1", "x").code == 3003);
  w.Take("a1");
  BOOST_TEST(w.Set("a2", "y").code == 0);
}

// SES-5: one native instance per platform; different platforms coexist; a
// kicked lost instance stops counting at once, also for OFFLINE.
BOOST_AUTO_TEST_CASE(ses5_native_kick_per_platform) {
  TestWorld w(App{});
  w.Login("n1", "alice", kAndroid);
  w.Login("i1", "alice", kIos);
  BOOST_TEST(w.Quiet());
  w.Disconnect("n1", LossKind::kClose);  // OFFLINE holder, but i1 counts
  w.Login("n2", "alice", kAndroid);      // kicks the lost n1
  w.Logout("i1");
  w.Logout("n2");
  BOOST_TEST((w.backend().StatusOf(w.Id("alice")) == kUnlogined));  // n1 no longer holds OFFLINE
  w.Reconnect("n1");
  BOOST_TEST(w.Take("n1") == Strings{"kicked multipleDevice"}, boost::test_tools::per_element());
  BOOST_TEST(w.Set("n1", "x").code == 3002);
}

// SET-6, EVT-1: a set reaches every connected own instance, the caller too;
// unchanged it reaches nobody else (STA-7).
BOOST_AUTO_TEST_CASE(set6_own_instances_and_unchanged_value) {
  TestWorld w(TestWorld::Premium());
  w.Login("a1", "alice", kWeb);
  w.Login("a2", "alice", kAndroid);
  w.Login("b1", "bob", kWeb);
  BOOST_TEST(w.Subscribe("b1", {Value("alice")}).kind == Outcome::Kind::kOk);
  w.Set("a1", "busy");
  BOOST_TEST(w.Take("a1") == Strings{"status alice 1 busy"}, boost::test_tools::per_element());
  BOOST_TEST(w.Take("a2") == Strings{"status alice 1 busy"}, boost::test_tools::per_element());
  BOOST_TEST(w.Take("b1") == Strings{"status alice 1 busy"}, boost::test_tools::per_element());
  w.Set("a2", "busy");
  BOOST_TEST(w.Take("a1").size() == 1u);
  BOOST_TEST(w.Take("a2").size() == 1u);
  BOOST_TEST(w.Take("b1").empty());
}

// EVT-4: a subscribed friend receives one item, not two. EVT-3 needs GATE-3.
BOOST_AUTO_TEST_CASE(evt4_subscribed_friend_gets_one_item) {
  App app = TestWorld::Premium();
  app.console.friend_status_notify = true;
  TestWorld w(app);
  w.Friends("alice", "bob");
  w.Login("a1", "alice", kWeb);
  w.Login("b1", "bob", kWeb);
  w.Login("c1", "carol", kWeb);
  w.Subscribe("b1", {Value("alice")});
  w.Set("a1", "x");
  BOOST_TEST(w.Take("b1") == Strings{"status alice 1 x"}, boost::test_tools::per_element());
  BOOST_TEST(w.Take("c1").empty());
}

// EVT-3, GATE-3: friends are notified only with friend_status_notify.
BOOST_AUTO_TEST_CASE(evt3_friend_needs_friend_switch) {
  TestWorld w(TestWorld::Premium());
  w.Friends("alice", "bob");
  w.Login("a1", "alice", kWeb);
  w.Login("b1", "bob", kWeb);
  w.Set("a1", "x");
  BOOST_TEST(w.Take("b1").empty());
  App app = TestWorld::Premium();
  app.console.friend_status_notify = true;
  w.backend().Configure(app);
  w.Set("a1", "y");
  BOOST_TEST(w.Take("b1") == Strings{"status alice 1 y"}, boost::test_tools::per_element());
}

// GATE-4, GATE-2: a switch turned off stops pushes at once; subscriptions are
// kept and resume when it is turned on again.
BOOST_AUTO_TEST_CASE(gate4_switch_off_and_on_again) {
  TestWorld w(TestWorld::Premium());
  w.Login("a1", "alice", kWeb);
  w.Login("b1", "bob", kWeb);
  w.Subscribe("b1", {Value("alice")});
  App off = TestWorld::Premium();
  off.console.status_query_and_notify = false;
  w.backend().Configure(off);
  w.Set("a1", "x");
  BOOST_TEST(w.Take("b1").empty());
  BOOST_TEST(w.Get("b1", {Value("alice")}).code == 72001);
  w.backend().Configure(TestWorld::Premium());
  w.Set("a1", "y");
  BOOST_TEST(w.Take("b1") == Strings{"status alice 1 y"}, boost::test_tools::per_element());
}

// SUB-9: eviction at a small cap, earliest first; re-subscribe makes newest.
BOOST_AUTO_TEST_CASE(sub9_eviction_at_small_cap) {
  App app = TestWorld::Premium();
  app.params.subscription_cap = 2;
  TestWorld w(app, {"alice", "bob", "carol", "dave"});
  w.Login("a1", "alice", kWeb);
  w.Subscribe("a1", {Value("bob"), Value("carol")});
  w.Subscribe("a1", {Value("bob")});   // bob newest: order carol, bob
  w.Subscribe("a1", {Value("dave")});  // evicts carol
  auto subs = w.backend().SubscriptionsOf(w.Id("alice"));
  BOOST_TEST((std::vector<AccountId>(subs.begin(), subs.end()) ==
              std::vector<AccountId>{w.Id("bob"), w.Id("dave")}));
  BOOST_TEST(w.backend().SubscribersOf(w.Id("carol")).empty());
  BOOST_TEST(w.backend().SubscribersOf(w.Id("dave")).size() == 1u);
}

// SUB-9, GATE-4: lowering the cap evicts nothing until the next subscribe.
BOOST_AUTO_TEST_CASE(sub9_lowered_cap_applies_at_next_subscribe) {
  TestWorld w(TestWorld::Premium(), {"alice", "bob", "carol", "dave"});
  w.Login("a1", "alice", kWeb);
  w.Subscribe("a1", {Value("bob"), Value("carol"), Value("dave")});
  App app = TestWorld::Premium();
  app.params.subscription_cap = 1;
  w.backend().Configure(app);
  BOOST_TEST(w.backend().SubscriptionsOf(w.Id("alice")).size() == 3u);
  w.Subscribe("a1", {Value("carol")});  // re-add: evicts down to the cap
  auto subs = w.backend().SubscriptionsOf(w.Id("alice"));
  BOOST_TEST(subs.size() == 1u);
  BOOST_TEST(subs[0] == w.Id("carol"));
}

// CLR-1: web last: the custom status is cleared 30 s later, as a change.
BOOST_AUTO_TEST_CASE(clr1_web_last_clears_after_delay) {
  TestWorld w(TestWorld::Premium());
  w.Login("a1", "alice", kWeb);
  w.Login("b1", "bob", kWeb);
  w.Subscribe("b1", {Value("alice")});
  w.Set("a1", "busy");
  w.Take("a1");
  w.Take("b1");
  w.Logout("a1");
  BOOST_TEST(w.Take("b1") == Strings{"status alice 3 busy"}, boost::test_tools::per_element());
  w.Wait(29'999);
  BOOST_TEST(w.backend().CustomOf(w.Id("alice")) == "busy");
  w.Wait(1);
  BOOST_TEST(w.Take("b1") == Strings{"status alice 3 "}, boost::test_tools::per_element());
}

// CLR-3: a login inside the delay cancels the clear.
BOOST_AUTO_TEST_CASE(clr3_login_inside_delay_cancels_clear) {
  TestWorld w(App{});
  w.Login("a1", "alice", kWeb);
  w.Set("a1", "busy");
  w.Logout("a1");
  w.Wait(29'999);
  w.Login("a2", "alice", kAndroid);
  w.Wait(10'000);
  BOOST_TEST(w.backend().CustomOf(w.Id("alice")) == "busy");
  BOOST_TEST(w.backend().pending_timers() == 0u);
}

// CLR-2: native last: OFFLINE and '' in one change.
BOOST_AUTO_TEST_CASE(clr2_native_last_one_change) {
  TestWorld w(TestWorld::Premium());
  w.Login("n1", "alice", kAndroid);
  w.Login("b1", "bob", kWeb);
  w.Subscribe("b1", {Value("alice")});
  w.Set("n1", "busy");
  w.Take("n1");
  w.Take("b1");
  w.Disconnect("n1", LossKind::kClose);
  BOOST_TEST(w.Take("b1") == Strings{"status alice 2 "}, boost::test_tools::per_element());
}

// CLR-1 with a native still OFFLINE: web last, the clear comes later.
BOOST_AUTO_TEST_CASE(clr1_web_last_while_native_offline) {
  TestWorld w(TestWorld::Premium());
  w.Login("n1", "alice", kAndroid);
  w.Login("a1", "alice", kWeb);
  w.Set("a1", "busy");
  w.Disconnect("n1", LossKind::kClose);  // a1 still counts: no clear
  w.Logout("a1");                        // a1 is last: OFFLINE, clear in 30 s
  BOOST_TEST((w.backend().StatusOf(w.Id("alice")) == kOffline));
  BOOST_TEST(w.backend().CustomOf(w.Id("alice")) == "busy");
  w.Wait(30'000);
  BOOST_TEST(w.backend().CustomOf(w.Id("alice")) == "");
  BOOST_TEST((w.backend().StatusOf(w.Id("alice")) == kOffline));
}

// CLR-4: the subscription list is emptied 30 s after a logout that leaves no
// counting instance; losses never empty it; a second logout keeps the deadline.
BOOST_AUTO_TEST_CASE(clr4_subscriptions_emptied_after_logout) {
  TestWorld w(TestWorld::Premium());
  w.Login("b1", "bob", kWeb);
  w.Login("b2", "bob", kAndroid);
  w.Subscribe("b1", {Value("alice")});
  w.Disconnect("b2", LossKind::kClose);  // native OFFLINE holder
  w.Logout("b1");                        // no counting instance: deadline at 30 s
  w.Wait(10'000);
  w.Logout("b2");  // second such logout: the deadline stays
  w.Wait(19'999);
  BOOST_TEST(w.backend().SubscriptionsOf(w.Id("bob")).size() == 1u);
  w.Wait(1);
  BOOST_TEST(w.backend().SubscriptionsOf(w.Id("bob")).empty());
  BOOST_TEST(w.backend().SubscribersOf(w.Id("alice")).empty());
}

BOOST_AUTO_TEST_CASE(clr4_losses_never_empty_the_list) {
  TestWorld w(TestWorld::Premium());
  w.Login("b1", "bob", kWeb);
  w.Subscribe("b1", {Value("alice")});
  w.Disconnect("b1", LossKind::kClose);
  w.Wait(100'000);
  BOOST_TEST(w.backend().SubscriptionsOf(w.Id("bob")).size() == 1u);
}

// PAR-1: a timer due now runs at the end of the step as its own operation.
BOOST_AUTO_TEST_CASE(par1_zero_delay_is_a_separate_change) {
  App app = TestWorld::Premium();
  app.params.custom_status_clear_delay = 0;
  TestWorld w(app);
  w.Login("a1", "alice", kWeb);
  w.Login("b1", "bob", kWeb);
  w.Subscribe("b1", {Value("alice")});
  w.Set("a1", "busy");
  w.Take("b1");
  w.Logout("a1");
  BOOST_TEST(w.Take("b1") == (Strings{"status alice 3 busy", "status alice 3 "}),
             boost::test_tools::per_element());
}

// EVT-5: a lost instance receives nothing from its disconnect on.
BOOST_AUTO_TEST_CASE(evt5_lost_instance_receives_nothing) {
  TestWorld w(TestWorld::Premium());
  w.Login("a1", "alice", kWeb);
  w.Login("b1", "bob", kWeb);
  w.Subscribe("b1", {Value("alice")});
  w.Disconnect("b1", LossKind::kSilent);
  w.Set("a1", "x");
  BOOST_TEST(w.Take("b1").empty());
}

// EVT-1: the instance whose login caused the change receives nothing for it.
BOOST_AUTO_TEST_CASE(evt1_login_change_not_pushed_to_its_cause) {
  TestWorld w(TestWorld::Premium());
  w.Login("b1", "bob", kWeb);
  w.Subscribe("b1", {Value("alice")});
  w.Login("a1", "alice", kWeb);
  BOOST_TEST(w.Take("a1").empty());
  BOOST_TEST(w.Take("b1") == Strings{"status alice 1 "}, boost::test_tools::per_element());
}

// SES-7: reconnect after the custom status changed: one self item.
BOOST_AUTO_TEST_CASE(ses7_reconnect_self_item) {
  TestWorld w(App{});
  w.Login("a1", "alice", kWeb);
  w.Login("n1", "alice", kAndroid);
  w.Disconnect("n1", LossKind::kSilent);
  w.Set("a1", "busy");
  w.Take("a1");
  BOOST_TEST(w.Take("n1").empty());
  w.Reconnect("n1");
  BOOST_TEST(w.Take("n1") == Strings{"status alice 1 busy"}, boost::test_tools::per_element());
  w.Disconnect("n1", LossKind::kSilent);
  w.Reconnect("n1");
  BOOST_TEST(w.Take("n1").empty());  // unchanged: nothing
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::sim::testing

namespace statussim::sim::testing {
namespace {

// Records every push in the order the backend hands them out.
class OrderSink : public PushSink {
 public:
  std::vector<std::string> log;
  Backend* backend = nullptr;  // when set, items name their account and custom status
  void OnStatus(DeviceId device, const StatusItem& item) override {
    std::string entry = "status d" + std::to_string(device);
    if (backend != nullptr) {
      entry += " " + backend->AccountName(item.account) + " '" + backend->CustomText(item.custom) + "'";
    }
    log.push_back(entry);
  }
  void OnKicked(DeviceId device, KickType) override { log.push_back("kicked d" + std::to_string(device)); }
};

BOOST_AUTO_TEST_SUITE(backend_order)

// docs/choices.md M9, EVT-6: same-instant deliveries of one change come out as
// own instances (login order), subscribers (subscription order), then friends
// not yet reached (declaration order), every time.
BOOST_AUTO_TEST_CASE(evt6_documented_push_order) {
  for (int run = 0; run < 3; ++run) {
    OrderSink sink;
    App app = TestWorld::Premium();
    app.console.friend_status_notify = true;
    Backend b(app, &sink);
    const AccountId alice = b.AddAccount("alice");
    const AccountId bob = b.AddAccount("bob");
    const AccountId carol = b.AddAccount("carol");
    const AccountId dave = b.AddAccount("dave");
    b.AddFriends(alice, dave);
    b.AddFriends(alice, bob);
    b.Login(0, alice, Platform::kAndroid);
    b.Login(1, alice, Platform::kWeb);
    b.Login(2, carol, Platform::kWeb);
    b.Login(3, bob, Platform::kWeb);
    b.Login(4, dave, Platform::kWeb);
    b.SubscribeAccount(carol, alice);
    b.SubscribeAccount(bob, alice);  // bob: subscriber and friend, reached once
    sink.log.clear();
    BOOST_TEST(b.SetSelfStatus(1, "x") == 0);
    BOOST_TEST(sink.log == (std::vector<std::string>{"status d0", "status d1", "status d2",
                                                     "status d3", "status d4"}),
               boost::test_tools::per_element());
  }
}

// PAR-1: two clears due at the same instant run in the order they were set,
// each its own change.
BOOST_AUTO_TEST_CASE(par1_same_instant_timers_in_set_order) {
  OrderSink sink;
  Backend b(TestWorld::Premium(), &sink);
  sink.backend = &b;
  const AccountId alice = b.AddAccount("alice");
  const AccountId bob = b.AddAccount("bob");
  const AccountId watcher = b.AddAccount("watcher");
  b.Login(0, alice, Platform::kWeb);
  b.Login(1, bob, Platform::kWeb);
  b.Login(2, watcher, Platform::kWeb);
  b.SubscribeAccount(watcher, alice);
  b.SubscribeAccount(watcher, bob);
  b.SetSelfStatus(1, "b");
  b.SetSelfStatus(0, "a");
  b.Logout(1);  // bob's clear is set first, at t=0 for t=30000
  b.Logout(0);  // then alice's, for the same instant
  sink.log.clear();
  b.AdvanceTo(30'000);
  BOOST_TEST(sink.log == (std::vector<std::string>{"status d2 bob ''", "status d2 alice ''"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::sim::testing
