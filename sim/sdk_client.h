// SdkClient: the reference SDK, one instance on one device (the client half
// of SPEC.md).
//
// It keeps the device's login state, its own-status cache (SES-8) and the
// link state, checks readiness (API-1, API-2), parameters (thrown errors),
// answers the self-only query itself (GET-2), checks the tier (3122), truncates
// lists (GET-5, SUB-4, UNS-4), then asks the Backend. Pushes from the backend
// come in through OnStatusPush / OnKickedPush and leave as events to the
// EventSink the caller provides.
#ifndef STATUSSIM_SIM_SDK_CLIENT_H_
#define STATUSSIM_SIM_SDK_CLIENT_H_

#include <optional>
#include <string>
#include <string_view>

#include "sim/backend.h"
#include "sim/types.h"
#include "sim/value.h"

namespace statussim::sim {

// The outcome of one SDK call, as an application sees it (VAL-4).
struct Outcome {
  enum class Kind { kOk, kError, kThrows };
  Kind kind = Kind::kOk;
  Value data = Value::EmptyObject();  // kOk: the resolved data
  int code = 0;                       // kError
  std::string message;                // kError: the message; kThrows: the thrown text

  static Outcome Ok(Value data = Value::EmptyObject()) { return Outcome{Kind::kOk, std::move(data), 0, ""}; }
  static Outcome Error(int c) { return Outcome{Kind::kError, Value(), c, std::string(CodeMessage(c))}; }
  static Outcome Throws(std::string m) { return Outcome{Kind::kThrows, Value(), 0, std::move(m)}; }
};

// An event the SDK emits (VAL-2, VAL-3): `name` is onUserStatusUpdated (data:
// a list of {userID, statusType, customStatus}), error (data: {code, message})
// or kickedOut (data: {type}).
struct ClientEvent {
  std::string_view name;
  Value data;
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void OnEvent(DeviceId device, const ClientEvent& event) = 0;
};

inline constexpr std::string_view kEventStatusUpdated = "onUserStatusUpdated";
inline constexpr std::string_view kEventError = "error";
inline constexpr std::string_view kEventKickedOut = "kickedOut";

class SdkClient {
 public:
  SdkClient(Backend* backend, DeviceId device, EventSink* sink)
      : backend_(backend), device_(device), sink_(sink) {}
  virtual ~SdkClient() = default;

  // Steps. They succeed (SES-9); the backend does the session work.
  virtual Outcome Login(std::string_view user, Platform platform);
  virtual Outcome Logout();
  virtual Outcome Disconnect(LossKind how);
  virtual Outcome Reconnect();
  // One of the four API calls; `args` nullopt = no argument (undefined).
  virtual Outcome Call(Api api, const std::optional<Value>& args);

  // Pushes from the backend.
  virtual void OnStatusPush(const StatusItem& item);
  virtual void OnKickedPush(KickType type);

  DeviceId device() const { return device_; }
  bool logged_in() const { return state_ == State::kLoggedIn; }
  const std::string& cached_custom() const { return cache_; }

 protected:
  enum class State { kNever, kLoggedIn, kLoggedOut, kKicked };

  virtual Outcome SetSelfStatus(const std::optional<Value>& args);
  virtual Outcome GetUserStatus(const std::optional<Value>& args);
  virtual Outcome Subscribe(const std::optional<Value>& args);
  virtual Outcome Unsubscribe(const std::optional<Value>& args);
  // API-1, API-2: the not-ready rejection, with its `error` event.
  Outcome NotReady();
  // Call's work, before VAL-4 is counted (sim/exercise.h).
  Outcome Dispatch(Api api, const std::optional<Value>& args);
  // A parameter error (`rule` names the API's, for the rule exercise).
  Outcome Thrown(Rule rule);
  // A tier rejection 3122 (`rule` names the API's).
  Outcome TierRejected(Rule rule);
  // Emits `error {code, message}` (API-2).
  void EmitError(int code);
  // Writes the own-status cache (SES-8).
  void SetCache(std::string value);
  bool Has(Fault f) const { return backend_->Has(f); }
  Value SelfEntry() const;  // GET-2: {self, ONLINE, cached}
  void Emit(std::string_view name, Value data);

  Backend* backend_;
  DeviceId device_;
  EventSink* sink_;
  State state_ = State::kNever;
  KickType kick_ = KickType::kMultipleAccount;
  bool link_up_ = true;
  std::string user_;
  std::string cache_;  // SES-8
};

// Renders a status item the way the SDK delivers it.
Value StatusItemValue(std::string_view user, StatusType type, std::string_view custom);
// A backend's per-user results as the SDK resolves them: successUserList
// entries {userID, statusType, customStatus}; failureUserList entries
// {userID, code, message}.
Value SuccessListValue(const std::vector<UserEntry>& entries);
Value FailureListValue(const std::vector<FailureEntry>& entries);

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_SDK_CLIENT_H_
