#include "sim/sdk_client.h"

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
  sink_->OnEvent(device_, ClientEvent{name, std::move(data)});
}

// ---------------------------------------------------------------- steps

Outcome SdkClient::Login(std::string_view user, Platform platform) {
  if (state_ == State::kLoggedIn) {
    Hit(backend_->rule_hits(), Rule::kSes9);  // changes nothing
    return Outcome::Ok();
  }
  const std::optional<AccountId> account = backend_->FindAccount(user);
  if (!account) return Outcome::Error(code::kUnknownUser);  // the loader rules this out
  LoginReply reply = backend_->Login(device_, *account, platform);
  if (reply.code != code::kOk) return Outcome::Error(reply.code);
  state_ = State::kLoggedIn;
  link_up_ = true;
  user_ = std::string(user);
  Hit(backend_->rule_hits(), Rule::kSes8);
  cache_ = std::move(reply.custom);
  return Outcome::Ok();
}

Outcome SdkClient::Logout() {
  if (state_ != State::kLoggedIn) {
    Hit(backend_->rule_hits(), Rule::kSes9);
    return Outcome::Ok();
  }
  state_ = State::kLoggedOut;
  link_up_ = true;  // SES-9 (docs/choices.md M2)
  cache_.clear();
  backend_->Logout(device_);
  return Outcome::Ok();
}

Outcome SdkClient::Disconnect(LossKind how) {
  if (state_ != State::kLoggedIn || !link_up_) {
    Hit(backend_->rule_hits(), Rule::kSes9);
    return Outcome::Ok();
  }
  link_up_ = false;
  backend_->Disconnect(device_, how);
  return Outcome::Ok();
}

Outcome SdkClient::Reconnect() {
  if (state_ != State::kLoggedIn || link_up_) {
    Hit(backend_->rule_hits(), Rule::kSes9);
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
    Hit(backend_->rule_hits(), Rule::kSes7);
    Hit(backend_->rule_hits(), Rule::kSes8);
    Hit(backend_->rule_hits(), Rule::kVal2);
    cache_ = std::move(reply.custom);
    Value list = Value::EmptyArray();
    list.Push(StatusItemValue(user_, StatusType::kOnline, cache_));
    Emit(kEventStatusUpdated, std::move(list));
  }
  return Outcome::Ok();
}

// ---------------------------------------------------------------- pushes

void SdkClient::OnStatusPush(const StatusItem& item) {
  const std::string& user = backend_->AccountName(item.account);
  const std::string& custom = backend_->CustomText(item.custom);
  if (user == user_ && !Has(Fault::kCacheIgnoresPushes)) {
    Hit(backend_->rule_hits(), Rule::kSes8);
    cache_ = custom;
  }
  StatusType type = item.type;
  if (Has(Fault::kStatusNumbersSwapped) && type != StatusType::kOnline) {
    type = type == StatusType::kOffline ? StatusType::kUnlogined : StatusType::kOffline;
  }
  Hit(backend_->rule_hits(), Rule::kVal1);
  Hit(backend_->rule_hits(), Rule::kVal2);
  Value list = Value::EmptyArray();
  list.Push(StatusItemValue(user, type, custom));
  Emit(kEventStatusUpdated, std::move(list));
}

void SdkClient::OnKickedPush(KickType type) {
  state_ = State::kKicked;
  kick_ = type;
  Hit(backend_->rule_hits(), Rule::kVal3);
  Value data = Value::EmptyObject();
  data.Set("type", Value(KickTypeName(type)));
  Emit(kEventKickedOut, std::move(data));
}

// ---------------------------------------------------------------- calls

Outcome SdkClient::NotReady() {
  int c = code::kNotLoggedIn;
  if (state_ == State::kLoggedOut) c = code::kLoggedOut;
  if (state_ == State::kKicked) {
    const bool account = (kick_ == KickType::kMultipleAccount) != Has(Fault::kKickCodesSwapped);
    c = account ? code::kKickedAccount : code::kKickedDevice;
  }
  Hit(backend_->rule_hits(), Rule::kApi1);
  Outcome out = Outcome::Error(c);
  if (Has(Fault::kNoErrorEventWhenNotReady)) return out;
  Hit(backend_->rule_hits(), Rule::kApi2);
  Hit(backend_->rule_hits(), Rule::kVal3);
  Value data = Value::EmptyObject();  // API-2
  data.Set("code", Value(c));
  data.Set("message", Value(out.message));
  Emit(kEventError, std::move(data));
  return out;
}

Outcome SdkClient::Call(Api api, const std::optional<Value>& args) {
  if (state_ != State::kLoggedIn) {
    Hit(backend_->rule_hits(), Rule::kApi3);  // first of the checks
    Hit(backend_->rule_hits(), Rule::kVal4);  // rejects with a code
    return NotReady();
  }
  // API-3: options that are not an object are a parameter error for every API.
  if (args && !args->is_object()) Hit(backend_->rule_hits(), Rule::kApi3);
  Outcome out = [&] {
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
  }();
  // API-3: a check stopped the call; the later ones had no effect. API-2:
  // and it emits no `error`.
  if (out.kind != Outcome::Kind::kOk) Hit(backend_->rule_hits(), Rule::kApi3);
  if (out.kind != Outcome::Kind::kOk) Hit(backend_->rule_hits(), Rule::kApi2);
  // VAL-4: resolved with data or rejected with a code (not a thrown error).
  if (out.kind != Outcome::Kind::kThrows) Hit(backend_->rule_hits(), Rule::kVal4);
  return out;
}

Outcome SdkClient::SetSelfStatus(const std::optional<Value>& args) {
  const Value* custom = args && args->is_object() ? args->Find("customStatus") : nullptr;
  const bool number_ok = custom != nullptr && custom->is_number() && Has(Fault::kNumberAcceptedAsStatus);
  if ((custom == nullptr || !custom->is_string()) && !number_ok) {
    Hit(backend_->rule_hits(), Rule::kSet1);
    return Outcome::Throws(std::string(kParamsFailed));
  }
  const std::string text = custom->is_string() ? custom->as_string() : custom->ToJson();
  const int c = backend_->SetSelfStatus(device_, text);
  if (c != code::kOk) return Outcome::Error(c);
  Hit(backend_->rule_hits(), Rule::kSes8);
  Hit(backend_->rule_hits(), Rule::kSet3);
  cache_ = text;
  return Outcome::Ok(StatusItemValue(user_, StatusType::kOnline, cache_));
}

Value SdkClient::SelfEntry() const {
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
  Hit(backend_->rule_hits(), Rule::kGet1);  // the parameter check, passed or not
  if (list == nullptr) return Outcome::Throws(std::string(kParamsFailed));
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
  if (has_self) Hit(backend_->rule_hits(), Rule::kGet2);
  if (has_self && remaining.empty()) {
    Hit(backend_->rule_hits(), Rule::kApi3);                 // the shortcut skips every later check
    Hit(backend_->rule_hits(), Rule::kRl1);                  // and has no budget
    if (!link_up_) Hit(backend_->rule_hits(), Rule::kApi4);  // succeeds while lost
    Hit(backend_->rule_hits(), Rule::kGet8);
    result.Set("successUserList", std::move(success));
    result.Set("failureUserList", Value::EmptyArray());
    return Outcome::Ok(std::move(result));
  }
  if (!backend_->app().premium && !Has(Fault::kTierRejectionsCounted)) {
    Hit(backend_->rule_hits(), Rule::kGet3);
    Hit(backend_->rule_hits(), Rule::kGate1);
    Hit(backend_->rule_hits(), Rule::kRl3);  // not counted
    return Outcome::Error(code::kNoPremium);
  }
  // GET-5: past the limit, the first get_max_users of the list as given.
  const int64_t max = backend_->app().params.get_max_users;
  std::span<const Value> sent = static_cast<int64_t>(remaining.size()) > max
                                    ? FirstN(Has(Fault::kTruncateAfterSelfRemoved)
                                                 ? std::span<const Value>(remaining)
                                                 : std::span<const Value>(ids),
                                             max)
                                    : std::span<const Value>(remaining);
  if (static_cast<int64_t>(remaining.size()) > max) Hit(backend_->rule_hits(), Rule::kGet5);
  if (static_cast<int64_t>(remaining.size()) > max) Hit(backend_->rule_hits(), Rule::kPar2);
  QueryReply reply = backend_->GetUserStatus(device_, sent);
  if (reply.code != code::kOk) return Outcome::Error(reply.code);
  Hit(backend_->rule_hits(), Rule::kGet8);
  Value backend_entries = SuccessListValue(reply.success);
  for (Value& v : backend_entries.as_array()) success.Push(std::move(v));
  result.Set("successUserList", std::move(success));
  if (!reply.failure.empty() || !Has(Fault::kFailureListOmittedWhenEmpty)) {
    result.Set("failureUserList", FailureListValue(reply.failure));
  }
  return Outcome::Ok(std::move(result));
}

Outcome SdkClient::Subscribe(const std::optional<Value>& args) {
  const Value* list = NonEmptyIdList(args);
  if (list == nullptr) {
    Hit(backend_->rule_hits(), Rule::kSub1);
    return Outcome::Throws(std::string(kParamsFailed));
  }
  if (!backend_->app().premium && !Has(Fault::kTierRejectionsCounted)) {
    Hit(backend_->rule_hits(), Rule::kSub2);
    Hit(backend_->rule_hits(), Rule::kGate1);
    Hit(backend_->rule_hits(), Rule::kRl3);  // not counted
    return Outcome::Error(code::kNoPremium);
  }
  const int64_t max = Has(Fault::kNoSubscribeTruncation) ? INT64_MAX
                                                          : backend_->app().params.subscribe_max_users;
  const auto sent = FirstN(list->as_array(), max);  // SUB-4
  if (sent.size() < list->as_array().size()) Hit(backend_->rule_hits(), Rule::kSub4);
  if (sent.size() < list->as_array().size()) Hit(backend_->rule_hits(), Rule::kPar2);
  ListReply reply = backend_->Subscribe(device_, sent);
  if (reply.code != code::kOk) return Outcome::Error(reply.code);
  Hit(backend_->rule_hits(), Rule::kSub7);
  Value result = Value::EmptyObject();
  result.Set("failureUserList", FailureListValue(reply.failure));  // SUB-7
  return Outcome::Ok(std::move(result));
}

Outcome SdkClient::Unsubscribe(const std::optional<Value>& args) {
  // UNS-1, UNS-2, UNS-6: absent args, {}, an absent or empty list: all.
  const Value* list = nullptr;
  if (args) {
    if (args->is_null()) Hit(backend_->rule_hits(), Rule::kUns6);
    if (!args->is_object()) return Outcome::Throws(std::string(kParamsFailed));
    list = args->Find("userIDList");
    if (list != nullptr && list->is_null()) Hit(backend_->rule_hits(), Rule::kUns6);
    // UNS-1: null is not one of the forms of unsubscribe-all.
    if (list != nullptr && list->is_null()) Hit(backend_->rule_hits(), Rule::kUns1);
    if (list != nullptr && list->is_null() && Has(Fault::kNullListUnsubscribesAll)) list = nullptr;
    if (list != nullptr && !list->is_array()) {
      Hit(backend_->rule_hits(), Rule::kUns2);
      return Outcome::Throws(std::string(kParamsFailed));
    }
    if (list != nullptr && list->as_array().empty() && Has(Fault::kEmptyListUnsubscribeThrows)) {
      return Outcome::Throws(std::string(kParamsFailed));
    }
  }
  if (!backend_->app().premium && !Has(Fault::kTierRejectionsCounted)) {
    Hit(backend_->rule_hits(), Rule::kUns3);
    Hit(backend_->rule_hits(), Rule::kGate1);
    Hit(backend_->rule_hits(), Rule::kRl3);  // not counted
    return Outcome::Error(code::kNoPremium);
  }
  ListReply reply;
  // UNS-6: an absent args or key is undefined.
  if (list == nullptr) Hit(backend_->rule_hits(), Rule::kUns6);
  if (list == nullptr || list->as_array().empty()) {
    reply = backend_->UnsubscribeAll(device_);
  } else {
    const auto sent = FirstN(list->as_array(), backend_->app().params.subscribe_max_users);  // UNS-4
    if (sent.size() < list->as_array().size()) Hit(backend_->rule_hits(), Rule::kUns4);
    if (sent.size() < list->as_array().size()) Hit(backend_->rule_hits(), Rule::kPar2);
    reply = backend_->Unsubscribe(device_, sent);
  }
  if (reply.code != code::kOk) return Outcome::Error(reply.code);
  Hit(backend_->rule_hits(), Rule::kUns5);
  Value result = Value::EmptyObject();
  result.Set("failureUserList", FailureListValue(reply.failure));
  return Outcome::Ok(std::move(result));
}

}  // namespace statussim::sim
