// Matching: partial maps, multisets for the two user lists, ordered lists
// elsewhere, numbers by value, and precise mismatch paths.
#include "harness/match.h"

#include <boost/test/unit_test.hpp>

namespace statussim::harness {
namespace {

using sim::Value;

Value Entry(const char* user, int type) {
  Value v = Value::EmptyObject();
  v.Set("userID", Value(user));
  v.Set("statusType", Value(type));
  v.Set("customStatus", Value(""));
  return v;
}

Value Partial(const char* user) {
  Value v = Value::EmptyObject();
  v.Set("userID", Value(user));
  return v;
}

Value Lists(Value::Array success) {
  Value v = Value::EmptyObject();
  v.Set("successUserList", Value(std::move(success)));
  v.Set("failureUserList", Value::EmptyArray());
  return v;
}

BOOST_AUTO_TEST_SUITE(match)

BOOST_AUTO_TEST_CASE(named_keys_only) {
  Value expected = Value::EmptyObject();
  expected.Set("successUserList", Value(Value::Array{Partial("bob")}));
  BOOST_TEST(MatchData(expected, Lists({Entry("bob", 1)}), false) == "");
}

BOOST_AUTO_TEST_CASE(user_lists_are_multisets_unless_ordered) {
  Value expected = Lists({Partial("carol"), Partial("bob")});
  Value actual = Lists({Entry("bob", 1), Entry("carol", 3)});
  BOOST_TEST(MatchData(expected, actual, false) == "");
  BOOST_TEST(MatchData(expected, actual, true) ==
             "successUserList[0].userID: expected \"carol\", got \"bob\"");
}

// A partial entry that fits two actual entries must not steal the only
// match of a more specific one: the multiset match is a perfect matching.
BOOST_AUTO_TEST_CASE(multiset_needs_a_perfect_matching) {
  Value specific = Entry("bob", 2);
  Value expected = Lists({Partial("bob"), specific});
  Value actual = Lists({Entry("bob", 2), Entry("bob", 1)});
  BOOST_TEST(MatchData(expected, actual, false) == "");
  Value too_many = Lists({Entry("bob", 2), Entry("bob", 2)});
  BOOST_TEST(MatchData(Lists({Entry("bob", 2), Entry("bob", 1)}), too_many, false) != "");
}

BOOST_AUTO_TEST_CASE(sizes_and_missing_keys_are_named) {
  BOOST_TEST(MatchData(Lists({Partial("bob")}), Lists({}), false) ==
             "successUserList: expected 1 entries, got 0");
  Value expected = Value::EmptyObject();
  expected.Set("userID", Value("alice"));
  BOOST_TEST(MatchData(expected, Value::EmptyObject(), false) ==
             "userID: missing (expected \"alice\")");
}

BOOST_AUTO_TEST_CASE(numbers_by_value_strings_are_not_numbers) {
  Value expected = Value::EmptyObject();
  expected.Set("statusType", Value(1));
  Value actual = Value::EmptyObject();
  actual.Set("statusType", Value(1.0));
  BOOST_TEST(MatchData(expected, actual, false) == "");
  actual.Set("statusType", Value("1"));
  BOOST_TEST(MatchData(expected, actual, false) == "statusType: expected 1, got \"1\"");
}

BOOST_AUTO_TEST_CASE(items_match_by_kind_and_named_fields) {
  ExpectedItem kicked;
  kicked.kind = ExpectedItem::Kind::kKicked;
  kicked.fields.Set("type", Value("multipleAccount"));
  Value actual = Value::EmptyObject();
  Value data = Value::EmptyObject();
  data.Set("type", Value("multipleDevice"));
  actual.Set("kicked", data);
  BOOST_TEST(MatchItem(kicked, actual) ==
             "kicked.type: expected \"multipleAccount\", got \"multipleDevice\"");
  Value status = Value::EmptyObject();
  status.Set("status", Entry("bob", 1));
  BOOST_TEST(MatchItem(kicked, status).find("expected a kicked item") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::harness
