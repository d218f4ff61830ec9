// Basic vocabulary of the model: time, status types, platforms, error codes,
// and the dense integer IDs that users and devices are interned to.
#ifndef STATUSSIM_SIM_TYPES_H_
#define STATUSSIM_SIM_TYPES_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace statussim::sim {

// Virtual time in milliseconds since the start of a simulation (PAR-1).
using Millis = int64_t;

// Dense IDs, assigned in order of first appearance, starting at 0.
using AccountId = uint32_t;
using DeviceId = uint32_t;
inline constexpr uint32_t kNoId = UINT32_MAX;

// VAL-1.
enum class StatusType : int { kUnknown = 0, kOnline = 1, kOffline = 2, kUnlogined = 3 };
std::string_view StatusTypeName(StatusType t);  // "ONLINE", ...
std::optional<StatusType> ParseStatusTypeName(std::string_view name);

// SES-1. Web and mini-program are web-like; the rest are native.
enum class Platform : uint8_t { kWeb, kMiniProgram, kAndroid, kIos, kWindows, kMac, kIpad };
inline constexpr int kPlatformCount = 7;
std::string_view PlatformName(Platform p);  // "web", "miniprogram", ...
std::optional<Platform> ParsePlatform(std::string_view name);
inline bool IsWebLike(Platform p) { return p == Platform::kWeb || p == Platform::kMiniProgram; }

// SES-6: how a connection is lost.
enum class LossKind : uint8_t { kClose, kSilent };

// VAL-3: the reason of a kick.
enum class KickType : uint8_t { kMultipleAccount, kMultipleDevice };
std::string_view KickTypeName(KickType k);  // "multipleAccount", "multipleDevice"

// The four APIs of the feature.
enum class Api : uint8_t { kSetSelfStatus, kGetUserStatus, kSubscribeUserStatus, kUnsubscribeUserStatus };
std::string_view ApiName(Api api);
std::optional<Api> ParseApi(std::string_view name);

// Error codes (VAL-4: codes are normative, messages are not).
namespace code {
inline constexpr int kOk = 0;
inline constexpr int kNetworkTimeout = 2801;     // API-4
inline constexpr int kNotLoggedIn = 2024;        // API-1: never logged in
inline constexpr int kLoggedOut = 3005;          // API-1
inline constexpr int kKickedAccount = 3003;      // API-1: kicked, multipleAccount
inline constexpr int kKickedDevice = 3002;       // API-1: kicked, multipleDevice
inline constexpr int kRateLimited = 2996;        // RL-2
inline constexpr int kNoPremium = 3122;          // GET-3, SUB-2, UNS-3
inline constexpr int kSwitchOff = 72001;         // GET-4, SUB-2, UNS-3
inline constexpr int kInvalidParameter = 70402;  // SET-5, SUB-5
inline constexpr int kUnknownUser = 70107;       // GET-7, SUB-6, UNS-5
}  // namespace code

// A default message for a code; messages are not normative (VAL-4).
std::string_view CodeMessage(int code);

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_TYPES_H_
