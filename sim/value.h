// Value: a small dynamic value (null, bool, integer, double, string, array,
// object) for the arguments and results of the SDK API.
//
// The SDK API is JavaScript-shaped: options objects, lists that may hold
// non-strings, results with `successUserList` and `failureUserList`. The model
// takes and returns such values without knowing YAML or JSON; the harness
// converts its inputs into Values and compares Values. "undefined" (a missing
// key or argument) is std::optional<Value>{} at the call sites, never a Value.
//
// Objects keep insertion order (stable rendering); lookups are linear, which
// is right for the handful of keys an options object has.
#ifndef STATUSSIM_SIM_VALUE_H_
#define STATUSSIM_SIM_VALUE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace statussim::sim {

class Value {
 public:
  using Array = std::vector<Value>;
  using Member = std::pair<std::string, Value>;
  using Object = std::vector<Member>;
  enum class Kind { kNull, kBool, kInt, kDouble, kString, kArray, kObject };

  Value() = default;  // null
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  Value(int i) : v_(static_cast<int64_t>(i)) {}
  Value(int64_t i) : v_(i) {}
  Value(double d) : v_(d) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(Array a) : v_(std::move(a)) {}
  Value(Object o) : v_(std::move(o)) {}

  static Value EmptyArray() { return Value(Array{}); }
  static Value EmptyObject() { return Value(Object{}); }

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_bool() const { return kind() == Kind::kBool; }
  bool is_int() const { return kind() == Kind::kInt; }
  bool is_double() const { return kind() == Kind::kDouble; }
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_object() const { return kind() == Kind::kObject; }

  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_double() const { return std::get<double>(v_); }
  // The number as a double, for comparing an integer with a double.
  double as_number() const { return is_int() ? static_cast<double>(as_int()) : as_double(); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // Object access. Find returns nullptr when the key is absent (or this is
  // not an object). Set replaces an existing key or appends a new one.
  const Value* Find(std::string_view key) const;
  Value* Find(std::string_view key);
  Value& Set(std::string key, Value value);
  // Array append.
  void Push(Value value) { as_array().push_back(std::move(value)); }

  // Deep equality. Integers and doubles compare by numeric value; objects
  // compare as sets of keys (order ignored).
  friend bool operator==(const Value& a, const Value& b);

  // Compact JSON text: {"a":1,"b":[true,null]}. Strings are escaped as JSON
  // does; doubles use the shortest form that round-trips.
  std::string ToJson() const;
  void AppendJson(std::string* out) const;
  // Same, with object keys sorted (byte order) at every level: the canonical
  // form, equal for equal Values whatever their key order.
  std::string ToCanonicalJson() const;
  void AppendJson(std::string* out, bool sort_keys) const;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Array, Object> v_;
};

// Appends `s` as a JSON string literal (with quotes) to `out`.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_VALUE_H_
