#include "sim/app.h"

#include <array>

namespace statussim::sim {
namespace {

constexpr std::array<ParamInfo, 11> kParams = {{
    {"web_heartbeat_timeout", true, &Params::web_heartbeat_timeout},
    {"native_heartbeat_timeout", true, &Params::native_heartbeat_timeout},
    {"offline_expiry", true, &Params::offline_expiry},
    {"custom_status_max_bytes", false, &Params::custom_status_max_bytes},
    {"get_max_users", false, &Params::get_max_users},
    {"subscribe_max_users", false, &Params::subscribe_max_users},
    {"subscription_cap", false, &Params::subscription_cap},
    {"rate_count", false, &Params::rate_count},
    {"rate_window", true, &Params::rate_window},
    {"custom_status_clear_delay", true, &Params::custom_status_clear_delay},
    {"subscription_clear_delay", true, &Params::subscription_clear_delay},
}};

}  // namespace

std::span<const ParamInfo> AllParams() { return kParams; }

const ParamInfo* FindParam(std::string_view name) {
  for (const ParamInfo& p : kParams) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace statussim::sim
