#include "harness/scenario.h"

namespace statussim::harness {

void AppPatch::ApplyTo(sim::App* app) const {
  if (premium) app->premium = *premium;
  if (status_query_and_notify) app->console.status_query_and_notify = *status_query_and_notify;
  if (friend_status_notify) app->console.friend_status_notify = *friend_status_notify;
  if (web_max_instances) app->console.web_max_instances = *web_max_instances;
  for (const auto& [name, value] : params) {
    if (const sim::ParamInfo* info = sim::FindParam(name)) app->params.*(info->field) = value;
  }
}

}  // namespace statussim::harness
