// Value: the dynamic value the SDK API takes and returns.
#include "sim/value.h"

#include <boost/test/unit_test.hpp>

namespace statussim::sim {
namespace {

BOOST_AUTO_TEST_SUITE(value)

BOOST_AUTO_TEST_CASE(numbers_compare_by_value_and_kinds_do_not_mix) {
  BOOST_TEST((Value(1) == Value(1.0)));
  BOOST_TEST(!(Value(1) == Value(2)));
  BOOST_TEST(!(Value("1") == Value(1)));
  BOOST_TEST(!(Value(nullptr) == Value(false)));
}

BOOST_AUTO_TEST_CASE(objects_compare_as_sets_of_keys) {
  Value a = Value::EmptyObject();
  a.Set("x", Value(1));
  a.Set("y", Value("z"));
  Value b = Value::EmptyObject();
  b.Set("y", Value("z"));
  b.Set("x", Value(1));
  BOOST_TEST((a == b));
  b.Set("x", Value(2));  // replaces, does not append
  BOOST_TEST(b.as_object().size() == 2u);
  BOOST_TEST(!(a == b));
}

BOOST_AUTO_TEST_CASE(json_rendering_escapes_and_keeps_insertion_order) {
  Value v = Value::EmptyObject();
  v.Set("b", Value("q\"\n\x01"));
  v.Set("a", Value(Value::Array{Value(true), Value(nullptr), Value(1.5), Value(-3)}));
  BOOST_TEST(v.ToJson() == R"({"b":"q\"\n\u0001","a":[true,null,1.5,-3]})");
}

BOOST_AUTO_TEST_CASE(find_on_non_object_is_null) {
  BOOST_TEST(Value(3).Find("x") == nullptr);
  BOOST_TEST(Value::EmptyObject().Find("x") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::sim
