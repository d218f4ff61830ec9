// Status and Result<T>: expected failures as values (STYLE.md "Errors").
// A message says where and why, e.g. "scenarios/a.yaml:3:5: unknown key 'foo'".
#ifndef STATUSSIM_HARNESS_STATUS_H_
#define STATUSSIM_HARNESS_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace statussim::harness {

class Status {
 public:
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }
  bool ok() const { return !message_.has_value(); }
  // The reason; empty when ok().
  const std::string& message() const {
    static const std::string kEmpty;
    return message_ ? *message_ : kEmpty;
  }

 private:
  Status() = default;
  explicit Status(std::string message) : message_(std::move(message)) {}
  std::optional<std::string> message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status error) : error_(std::move(error)) { assert(!error_.ok()); }  // NOLINT
  bool ok() const { return value_.has_value(); }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const Status& status() const { return error_; }
  const std::string& message() const { return error_.message(); }

 private:
  std::optional<T> value_;
  Status error_ = Status::Ok();
};

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_STATUS_H_
