#include "sim/sdk_client.h"

#include <algorithm>
#include <span>

namespace statussim::sim {
namespace {

constexpr std::string_view kParamsFailed = "Params validate failed.";

// The options object's `userIDList` if it is a non-empty list (GET-1, SUB-1).
const Value* NonEmptyIdList(const std::optional<Value>& args) {
  if (!args || !args->is_object()) return nullptr;
  const Value* list = args->Find("userIDList");
  if (list == nullptr || !list->is_array() || list->as_array().empty()) return nullptr;
  return list;
}

// Whether `args` pass the parameter checks of `api` (GET-1, SUB-1, SET-1,
// UNS-2, API-3), for a planted fault that checks them before readiness.
bool ParamsValid(Api api, const std::optional<Value>& args) {
  switch (api) {
    case Api::kSetSelfStatus: {
      const Value* c = args && args->is_object() ? args->Find("customStatus") : nullptr;
      return c != nullptr && c->is_string();
    }
    case Api::kGetUserStatus:
    case Api::kSubscribeUserStatus:
      return NonEmptyIdList(args) != nullptr;
    case Api::kUnsubscribeUserStatus: {
      if (!args) return true;
      if (!args->is_object()) return false;
      const Value* list = args->Find("userIDList");
      return list == nullptr || list->is_array();
    }
  }
  return false;
}

std::span<const Value> FirstN(std::span<const Value> ids, int64_t n) {
  const auto limit = static_cast<size_t>(std::max<int64_t>(n, 0));
  return ids.size() > limit ? ids.first(limit) : ids;
}

}  // namespace

Value StatusItemValue(std::string_view user, StatusType type, std::string_view custom) {
  Value v = Value::EmptyObject();
  v.Set("userID", Value(user));
  v.Set("statusType", Value(static_cast<int>(type)));
  v.Set("customStatus", Value(custom));
  return v;
}

void SdkClient::Emit(std::string_view name, Value data) {
  // exercised: VAL-2 at every status event and VAL-1 at every item in it;
  // VAL-3 at every error and kickedOut event.
  if (name == kEventStatusUpdated) {
    backend_->Exercised(Rule::kVal2);
    for (size_t i = 0; i < data.as_array().size(); ++i) backend_->Exercised(Rule::kVal1);
  } else {
    backend_->Exercised(Rule::kVal3);
  }
  sink_->OnEvent(device_, ClientEvent{name, std::move(data)});
}

void SdkClient::SetCache(std::string value) {
  if (value != cache_) backend_->Exercised(Rule::kSes8);  // exercised: the cache changes
  cache_ = std::move(value);
}

Outcome SdkClient::Thrown(Rule rule) {
  backend_->Exercised(rule);
  backend_->Exercised(Rule::kApi3);
  return Outcome::Throws(std::string(kParamsFailed));
}

Outcome SdkClient::TierRejected(Rule rule) {
  // exercised: the API's rule, GATE-1 and RL-3 (a tier rejection is not counted).
  backend_->Exercised(rule);
  backend_->Exercised(Rule::kGate1);
  backend_->Exercised(Rule::kRl3);
  backend_->Exercised(Rule::kApi3);
  if (Has(Fault::kTierRejectionThrown)) {
    return Outcome::Throws(std::string(CodeMessage(code::kNoPremium)));
  }
  return Outcome::Error(code::kNoPremium);
}

// ---------------------------------------------------------------- steps

Outcome SdkClient::Login(std::string_view user, Platform platform) {
  if (state_ == State::kLoggedIn) {  // SES-9: changes nothing
    backend_->Exercised(Rule::kSes9);
    if (Has(Fault::kNoopLoginRenewsLoginOrder) || Has(Fault::kNoopLoginResetsBudgets) ||
        Has(Fault::kNoopLoginCancelsClear)) {
      backend_->Login(device_, *backend_->FindAccount(user_), platform);  // the planted re-login
    }
    return Outcome::Ok();
  }
  const std::optional<AccountId> account = backend_->FindAccount(user);
  if (!account) return Outcome::Error(code::kUnknownUser);  // the loader rules this out
  LoginReply reply = backend_->Login(device_, *account, platform);
  if (reply.code != code::kOk) return Outcome::Error(reply.code);
  state_ = State::kLoggedIn;
  link_up_ = true;
  user_ = std::string(user);
  SetCache(Has(Fault::kCacheNotSeededAtLogin) ? std::string() : std::move(reply.custom));  // SES-8
  return Outcome::Ok();
}

Outcome SdkClient::Logout() {
  if (state_ != State::kLoggedIn) {  // SES-9
    backend_->Exercised(Rule::kSes9);
    return Outcome::Ok();
  }
  state_ = State::kLoggedOut;
  link_up_ = true;  // SES-9 (docs/choices.md M2)
  cache_.clear();
  backend_->Logout(device_);
  return Outcome::Ok();
}

Outcome SdkClient::Disconnect(LossKind how) {
  if (state_ != State::kLoggedIn || !link_up_) {  // SES-9
    backend_->Exercised(Rule::kSes9);
    if (state_ == State::kLoggedIn && Has(Fault::kSecondDisconnectMovesNotice)) {
      backend_->Disconnect(device_, how);
    }
    return Outcome::Ok();
  }
  link_up_ = false;
  backend_->Disconnect(device_, how);
  return Outcome::Ok();
}

Outcome SdkClient::Reconnect() {
  if (state_ != State::kLoggedIn || link_up_) {  // SES-9
    backend_->Exercised(Rule::kSes9);
    return Outcome::Ok();
  }
  link_up_ = true;
  LoginReply reply = backend_->Reconnect(device_);
  if (reply.code != code::kOk) {
    // Kicked while lost: the kickedOut event came with the push; not ready now.
    state_ = State::kKicked;
    kick_ = reply.code == code::kKickedAccount ? KickType::kMultipleAccount : KickType::kMultipleDevice;
    return Outcome::Ok();
  }
  const bool changed = reply.custom != cache_;
  if ((changed && !Has(Fault::kNoSelfItemAtReconnect)) ||
      Has(Fault::kSelfItemAtEveryReconnect)) {  // SES-7: the only item for its return
    backend_->Exercised(Rule::kSes7);  // exercised: the self item
    const std::string fresh = reply.custom;
    if (!Has(Fault::kCacheNotSetAtReconnect)) SetCache(std::move(reply.custom));
    Value list = Value::EmptyArray();
    list.Push(StatusItemValue(user_, StatusType::kOnline, fresh));
    Emit(kEventStatusUpdated, std::move(list));
  }
  return Outcome::Ok();
}

// ---------------------------------------------------------------- pushes

void SdkClient::OnStatusPush(const StatusItem& item) {
  const std::string& user = backend_->AccountName(item.account);
  const std::string& custom = backend_->CustomText(item.custom);
  if (user == user_ && !Has(Fault::kCacheIgnoresPushes)) SetCache(custom);  // SES-8
  StatusType type = item.type;
  if (Has(Fault::kStatusNumbersSwapped) && type != StatusType::kOnline) {
    type = type == StatusType::kOffline ? StatusType::kUnlogined : StatusType::kOffline;
  }
  Value list = Value::EmptyArray();
  list.Push(StatusItemValue(user, type, custom));
  if (Has(Fault::kEmptyCustomStatusOmitted) && custom.empty()) {
    Value bare = Value::EmptyObject();
    bare.Set("userID", Value(user));
    bare.Set("statusType", Value(static_cast<int>(type)));
    list = Value::EmptyArray();
    list.Push(std::move(bare));
  }
  Emit(kEventStatusUpdated, std::move(list));
}

void SdkClient::OnKickedPush(KickType type) {
  state_ = State::kKicked;
  kick_ = type;
  Value data = Value::EmptyObject();
  KickType shown = type;
  if (Has(Fault::kKickedTypeSwapped)) {
    shown =
        type == KickType::kMultipleAccount ? KickType::kMultipleDevice : KickType::kMultipleAccount;
  }
  data.Set("type", Value(KickTypeName(shown)));
  Emit(kEventKickedOut, std::move(data));
}

// ---------------------------------------------------------------- calls

Outcome SdkClient::NotReady() {
  int c = code::kNotLoggedIn;
  if (state_ == State::kLoggedOut && !Has(Fault::kLoggedOutRejects2024)) c = code::kLoggedOut;
  if (state_ == State::kKicked) {
    const bool account = (kick_ == KickType::kMultipleAccount) != Has(Fault::kKickCodesSwapped);
    c = account ? code::kKickedAccount : code::kKickedDevice;
  }
  Outcome out = Outcome::Error(c);
  backend_->Exercised(Rule::kApi1);  // exercised: every not-ready rejection
  backend_->Exercised(Rule::kApi3);  // the first check of API-3
  if (Has(Fault::kNoErrorEventWhenNotReady)) return out;
  EmitError(c);  // API-2
  return out;
}

void SdkClient::EmitError(int c) {
  if (Has(Fault::kErrorEventAlways2024)) c = code::kNotLoggedIn;
  Value data = Value::EmptyObject();
  data.Set("code", Value(c));
  data.Set("message", Value(CodeMessage(c)));
  Emit(kEventError, std::move(data));
}

Outcome SdkClient::Call(Api api, const std::optional<Value>& args) {
  Outcome out = Dispatch(api, args);
  // exercised: VAL-4 at every call that resolves or rejects with a code;
  // API-2 at every call that fails (it decides whether `error` is emitted).
  if (out.kind != Outcome::Kind::kThrows) backend_->Exercised(Rule::kVal4);
  if (out.kind != Outcome::Kind::kOk) backend_->Exercised(Rule::kApi2);
  if (out.kind == Outcome::Kind::kError && state_ == State::kLoggedIn &&
      Has(Fault::kErrorEventOnEveryRejection)) {
    EmitError(out.code);
  }
  return out;
}

Outcome SdkClient::Dispatch(Api api, const std::optional<Value>& args) {
  if (Has(Fault::kParamsBeforeReady) && !ParamsValid(api, args)) {
    return Outcome::Throws(std::string(kParamsFailed));
  }
  if (state_ != State::kLoggedIn) return NotReady();  // API-1, first of API-3
  // exercised: API-3 for options that are not an object (a parameter error
  // for every API); UNS-6 for an explicit null.
  if (args && args->is_null()) backend_->Exercised(Rule::kUns6);
  switch (api) {
    case Api::kSetSelfStatus:
      return SetSelfStatus(args);
    case Api::kGetUserStatus:
      return GetUserStatus(args);
    case Api::kSubscribeUserStatus:
      return Subscribe(args);
    case Api::kUnsubscribeUserStatus:
      return Unsubscribe(args);
  }
  return Outcome::Throws(std::string(kParamsFailed));
}

Outcome SdkClient::SetSelfStatus(const std::optional<Value>& args) {
  const Value* custom = args && args->is_object() ? args->Find("customStatus") : nullptr;
  const bool number_ok = custom != nullptr && custom->is_number() && Has(Fault::kNumberAcceptedAsStatus);
  const bool missing_ok = custom == nullptr && Has(Fault::kMissingCustomStatusClears);
  if ((custom == nullptr || !custom->is_string()) && !number_ok && !missing_ok) {
    return Thrown(Rule::kSet1);  // SET-1
  }
  const std::string text = missing_ok            ? std::string()
                           : custom->is_string() ? custom->as_string()
                                                 : custom->ToJson();
  if (text.empty() && Has(Fault::kEmptySetIgnored)) {
    return Outcome::Ok(StatusItemValue(user_, StatusType::kOnline, text));
  }
  const int c = backend_->SetSelfStatus(device_, text);
  if (c != code::kOk) return Outcome::Error(c);
  SetCache(text);  // SES-8
  backend_->Exercised(Rule::kSet3);  // exercised: every set that succeeds
  backend_->Exercised(Rule::kRl1);
  if (Has(Fault::kSetResolvesEmpty)) return Outcome::Ok();
  return Outcome::Ok(StatusItemValue(user_, StatusType::kOnline, cache_));  // SET-3
}

Value SdkClient::SelfEntry() const {
  if (Has(Fault::kSelfEntryFromBackend)) {
    return StatusItemValue(user_, StatusType::kOnline,
                           backend_->CustomOf(*backend_->FindAccount(user_)));
  }
  return StatusItemValue(user_, StatusType::kOnline, cache_);
}

Value SuccessListValue(const std::vector<UserEntry>& entries) {
  Value list = Value::EmptyArray();
  for (const UserEntry& e : entries) list.Push(StatusItemValue(e.user_id, e.type, e.custom));
  return list;
}

Value FailureListValue(const std::vector<FailureEntry>& entries) {
  Value list = Value::EmptyArray();
  for (const FailureEntry& e : entries) {
    Value v = Value::EmptyObject();
    v.Set("userID", e.user_id);
    v.Set("code", Value(e.code));
    v.Set("message", Value(CodeMessage(e.code)));
    list.Push(std::move(v));
  }
  return list;
}

Outcome SdkClient::GetUserStatus(const std::optional<Value>& args) {
  const Value* list = NonEmptyIdList(args);
  if (list == nullptr && Has(Fault::kEmptyGetListSucceeds) && args && args->is_object() &&
      args->Find("userIDList") != nullptr && args->Find("userIDList")->is_array()) {
    Value result = Value::EmptyObject();
    result.Set("successUserList", Value::EmptyArray());
    result.Set("failureUserList", Value::EmptyArray());
    return Outcome::Ok(std::move(result));
  }
  if (list == nullptr) return Thrown(Rule::kGet1);  // GET-1
  const Value::Array& ids = list->as_array();
  // GET-2: the first occurrence of the caller's own ID is answered here.
  size_t self_at = ids.size();
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i].is_string() && ids[i].as_string() == user_) {
      self_at = i;
      break;
    }
  }
  const bool has_self = self_at < ids.size();
  if (has_self) backend_->Exercised(Rule::kGet2);  // exercised: self answered here
  Value success = Value::EmptyArray();
  if (has_self) success.Push(SelfEntry());
  Value::Array remaining;
  remaining.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    const bool self = ids[i].is_string() && ids[i].as_string() == user_;
    if (self && i != self_at && Has(Fault::kEverySelfAnsweredLocally)) {
      success.Push(SelfEntry());
      continue;
    }
    if (i != self_at) remaining.push_back(ids[i]);
  }
  Value result = Value::EmptyObject();
  const bool tier_first = Has(Fault::kSelfOnlyQueryNeedsTier);
  if (tier_first && !backend_->app().premium) return Outcome::Error(code::kNoPremium);
  if (has_self && remaining.empty()) {
    if (!link_up_ && Has(Fault::kLostSelfQueryRejects)) {
      return Outcome::Error(code::kNetworkTimeout);
    }
    if (Has(Fault::kSelfOnlyQueryRateLimited)) {
      // The planted fault sends an empty query through the backend's limiter.
      const QueryReply charged = backend_->GetUserStatus(device_, {});
      if (charged.code == code::kRateLimited) return Outcome::Error(charged.code);
    }
    if (!link_up_) backend_->Exercised(Rule::kApi4);  // exercised: self-only while lost
    backend_->Exercised(Rule::kRl1);  // exercised: a call with no budget (and every set)
    backend_->Exercised(Rule::kGet8);  // exercised: every query that resolves
    result.Set("successUserList", std::move(success));
    result.Set("failureUserList", Value::EmptyArray());
    return Outcome::Ok(std::move(result));  // GET-8
  }
  // exercised: GET-3 whenever IDs remain after GET-2 (the call needs the tier).
  backend_->Exercised(Rule::kGet3);
  if (!backend_->app().premium && Has(Fault::kNoTierAnswersSelfOnly)) {
    result.Set("successUserList", std::move(success));
    result.Set("failureUserList", Value::EmptyArray());
    return Outcome::Ok(std::move(result));
  }
  if (!backend_->app().premium && !Has(Fault::kTierRejectionsCounted)) {
    return TierRejected(Rule::kGet3);  // GET-3
  }
  // GET-5: past the limit, the first get_max_users of the list as given.
  const int64_t max = backend_->app().params.get_max_users;
  const size_t decided_on = Has(Fault::kTruncationCountsSelf) ? ids.size() : remaining.size();
  std::span<const Value> sent =
      static_cast<int64_t>(decided_on) > max
          ? FirstN(Has(Fault::kTruncateAfterSelfRemoved) ? std::span<const Value>(remaining)
                                                         : std::span<const Value>(ids),
                   max)
          : std::span<const Value>(remaining);
  if (static_cast<int64_t>(remaining.size()) > max) backend_->Exercised(Rule::kGet5);
  QueryReply reply = backend_->GetUserStatus(device_, sent);
  if (reply.code != code::kOk) return Outcome::Error(reply.code);
  backend_->Exercised(Rule::kGet8);
  if (Has(Fault::kQueryStatusNumbersSwapped)) {
    for (UserEntry& e : reply.success) {
      if (e.type == StatusType::kOffline) {
        e.type = StatusType::kUnlogined;
      } else if (e.type == StatusType::kUnlogined) {
        e.type = StatusType::kOffline;
      }
    }
  }
  Value backend_entries = SuccessListValue(reply.success);
  if (Has(Fault::kSelfEntryLast)) {
    Value own = std::move(success);
    success = std::move(backend_entries);
    for (Value& v : own.as_array()) success.Push(std::move(v));
  } else {
    for (Value& v : backend_entries.as_array()) success.Push(std::move(v));
  }
  if (Has(Fault::kEntriesSorted)) {
    std::stable_sort(success.as_array().begin(), success.as_array().end(),
                     [](const Value& a, const Value& b) {
                       return a.Find("userID")->as_string() < b.Find("userID")->as_string();
                     });
  }
  result.Set("successUserList", std::move(success));
  if (!reply.failure.empty() || !Has(Fault::kFailureListOmittedWhenEmpty)) {
    result.Set("failureUserList", FailureListValue(reply.failure));
  }
  return Outcome::Ok(std::move(result));
}

Outcome SdkClient::Subscribe(const std::optional<Value>& args) {
  const Value* list = NonEmptyIdList(args);
  if (list == nullptr && Has(Fault::kEmptySubscribeListSucceeds) && args && args->is_object() &&
      args->Find("userIDList") != nullptr && args->Find("userIDList")->is_array()) {
    Value result = Value::EmptyObject();
    result.Set("failureUserList", Value::EmptyArray());
    return Outcome::Ok(std::move(result));
  }
  if (list == nullptr) return Thrown(Rule::kSub1);  // SUB-1
  if (!backend_->app().premium && !Has(Fault::kTierRejectionsCounted) &&
      !Has(Fault::kSubscribeNeedsNoTier)) {
    return TierRejected(Rule::kSub2);  // SUB-2
  }
  const int64_t max = Has(Fault::kNoSubscribeTruncation) ? INT64_MAX
                                                          : backend_->app().params.subscribe_max_users;
  const auto sent = FirstN(list->as_array(), max);  // SUB-4
  if (sent.size() < list->as_array().size()) backend_->Exercised(Rule::kSub4);
  ListReply reply = backend_->Subscribe(device_, sent);
  if (reply.code != code::kOk) return Outcome::Error(reply.code);
  backend_->Exercised(Rule::kSub7);  // exercised: every subscribe that resolves
  Value result = Value::EmptyObject();
  if (!reply.failure.empty() || !Has(Fault::kSubscribeFailureListOmittedWhenEmpty)) {
    result.Set("failureUserList", FailureListValue(reply.failure));  // SUB-7
  }
  return Outcome::Ok(std::move(result));
}

Outcome SdkClient::Unsubscribe(const std::optional<Value>& args) {
  // UNS-1, UNS-2, UNS-6: absent args, {}, an absent or empty list: all.
  const Value* list = nullptr;
  // exercised: UNS-6 when the options or the list are left out (undefined)
  // or null.
  if (!args) backend_->Exercised(Rule::kUns6);
  if (!args && Has(Fault::kNoOptionsUnsubscribeThrows)) return Thrown(Rule::kUns1);
  const bool all_anyway = args && ((args->is_null() && Has(Fault::kNullOptionsUnsubscribeAll)) ||
                                   ((args->is_string() || args->is_number() || args->is_array()) &&
                                    Has(Fault::kNonObjectOptionsUnsubscribeAll)));
  if (args && !all_anyway) {
    if (!args->is_object()) return Thrown(Rule::kUns2);
    list = args->Find("userIDList");
    if (list != nullptr && list->is_string() && Has(Fault::kStringListUnsubscribesAll)) {
      list = nullptr;
    }
    if (list == nullptr) backend_->Exercised(Rule::kUns6);
    if (list == nullptr && Has(Fault::kEmptyOptionsUnsubscribeThrows)) return Thrown(Rule::kUns1);
    if (list != nullptr && list->is_null()) backend_->Exercised(Rule::kUns6);
    if (list != nullptr && list->is_null() && Has(Fault::kNullListUnsubscribesAll)) list = nullptr;
    if (list != nullptr && !list->is_array()) return Thrown(Rule::kUns2);
    if (list != nullptr && list->as_array().empty() && Has(Fault::kEmptyListUnsubscribeThrows)) {
      return Thrown(Rule::kUns1);
    }
  }
  const bool all = list == nullptr || list->as_array().empty();
  if (!backend_->app().premium && !Has(Fault::kTierRejectionsCounted) &&
      !(all && Has(Fault::kUnsubscribeAllNeedsNoTier))) {
    return TierRejected(Rule::kUns3);  // UNS-3
  }
  ListReply reply;
  if (all) {
    backend_->Exercised(Rule::kUns1);  // exercised: every unsubscribe-all
    reply = backend_->UnsubscribeAll(device_);
  } else {
    const int64_t max = Has(Fault::kNoUnsubscribeTruncation)
                            ? INT64_MAX
                            : backend_->app().params.subscribe_max_users;
    const auto sent = FirstN(list->as_array(), max);  // UNS-4
    if (sent.size() < list->as_array().size()) backend_->Exercised(Rule::kUns4);
    reply = backend_->Unsubscribe(device_, sent);
  }
  if (reply.code != code::kOk) return Outcome::Error(reply.code);
  backend_->Exercised(Rule::kUns5);  // exercised: every unsubscribe that resolves
  Value result = Value::EmptyObject();
  result.Set("failureUserList", FailureListValue(reply.failure));  // UNS-5
  return Outcome::Ok(std::move(result));
}

}  // namespace statussim::sim
