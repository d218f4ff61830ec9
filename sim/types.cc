#include "sim/types.h"

#include <array>

namespace statussim::sim {
namespace {

constexpr std::array<std::string_view, 4> kStatusNames = {"UNKNOWN", "ONLINE", "OFFLINE",
                                                          "UNLOGINED"};
constexpr std::array<std::string_view, kPlatformCount> kPlatformNames = {
    "web", "miniprogram", "android", "ios", "windows", "mac", "ipad"};
constexpr std::array<std::string_view, 4> kApiNames = {
    "setSelfStatus", "getUserStatus", "subscribeUserStatus", "unsubscribeUserStatus"};

}  // namespace

std::string_view StatusTypeName(StatusType t) { return kStatusNames.at(static_cast<size_t>(t)); }

std::optional<StatusType> ParseStatusTypeName(std::string_view name) {
  for (size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == name) return static_cast<StatusType>(i);
  }
  return std::nullopt;
}

std::string_view PlatformName(Platform p) { return kPlatformNames.at(static_cast<size_t>(p)); }

std::optional<Platform> ParsePlatform(std::string_view name) {
  for (size_t i = 0; i < kPlatformNames.size(); ++i) {
    if (kPlatformNames[i] == name) return static_cast<Platform>(i);
  }
  return std::nullopt;
}

std::string_view KickTypeName(KickType k) {
  return k == KickType::kMultipleAccount ? "multipleAccount" : "multipleDevice";
}

std::string_view ApiName(Api api) { return kApiNames.at(static_cast<size_t>(api)); }

std::optional<Api> ParseApi(std::string_view name) {
  for (size_t i = 0; i < kApiNames.size(); ++i) {
    if (kApiNames[i] == name) return static_cast<Api>(i);
  }
  return std::nullopt;
}

std::string_view CodeMessage(int c) {
  switch (c) {
    case code::kOk:
      return "ok";
    case code::kNetworkTimeout:
      return "request timed out: the connection is lost";
    case code::kNotLoggedIn:
      return "not logged in";
    case code::kLoggedOut:
      return "logged out";
    case code::kKickedAccount:
      return "kicked out: logged in on another web instance (multipleAccount)";
    case code::kKickedDevice:
      return "kicked out: logged in on another device of the same platform (multipleDevice)";
    case code::kRateLimited:
      return "too many requests";
    case code::kNoPremium:
      return "this feature needs the premium edition";
    case code::kSwitchOff:
      return "user status query and notification is turned off in the console";
    case code::kInvalidParameter:
      return "invalid parameter";
    case code::kUnknownUser:
      return "the user does not exist";
    default:
      return "error";
  }
}

}  // namespace statussim::sim
