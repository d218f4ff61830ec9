#include "sim/faults.h"

#include <array>

namespace statussim::sim {
namespace {

using F = Fault;
constexpr std::array kFaults = {
    FaultInfo{F::kNoErrorEventWhenNotReady, "no-error-event-when-not-ready", "API-2", "a not-ready rejection emits no error event"},
    FaultInfo{F::kKickCodesSwapped, "kick-codes-swapped", "API-1", "3003 and 3002 swapped"},
    FaultInfo{F::kNumberAcceptedAsStatus, "number-accepted-as-status", "SET-1", "a number customStatus is sent as text instead of throwing"},
    FaultInfo{F::kSelfOnlyQueryNeedsTier, "self-only-query-needs-tier", "GET-2", "the self-only query checks the tier"},
    FaultInfo{F::kEverySelfAnsweredLocally, "every-self-answered-locally", "GET-3", "every occurrence of self is answered by the client"},
    FaultInfo{F::kTruncateAfterSelfRemoved, "truncate-after-self-removed", "GET-5", "truncation takes the list without self"},
    FaultInfo{F::kNoSubscribeTruncation, "no-subscribe-truncation", "SUB-4", "subscribe sends every ID"},
    FaultInfo{F::kEmptyListUnsubscribeThrows, "empty-list-unsubscribe-throws", "UNS-1", "userIDList [] throws instead of unsubscribing all"},
    FaultInfo{F::kNullListUnsubscribesAll, "null-list-unsubscribes-all", "UNS-6", "userIDList null unsubscribes all instead of throwing"},
    FaultInfo{F::kNoSelfItemAtReconnect, "no-self-item-at-reconnect", "SES-7", "no synthetic self item after a reconnect"},
    FaultInfo{F::kSelfItemAtEveryReconnect, "self-item-at-every-reconnect", "SES-7", "a self item after every reconnect, changed or not"},
    FaultInfo{F::kCacheIgnoresPushes, "cache-ignores-pushes", "SES-8", "the own-status cache ignores received items"},
    FaultInfo{F::kFailureListOmittedWhenEmpty, "failure-list-omitted-when-empty", "GET-8", "an empty failureUserList is left out"},
    FaultInfo{F::kStatusNumbersSwapped, "status-numbers-swapped", "VAL-1", "OFFLINE and UNLOGINED numbers swapped in items"},
    FaultInfo{F::kLengthInCharacters, "length-in-characters", "SET-5", "the length limit counts characters, not UTF-8 bytes"},
    FaultInfo{F::kLostCallsSkipLimiter, "lost-calls-skip-limiter", "API-4", "calls on a lost connection are not counted"},
    FaultInfo{F::kWindowBoundaryInclusive, "window-boundary-inclusive", "RL-2", "a new window starts at start + window, not after"},
    FaultInfo{F::kRejectedCallsNotCounted, "rejected-calls-not-counted", "RL-2", "2996 rejections do not count"},
    FaultInfo{F::kTierRejectionsCounted, "tier-rejections-counted", "RL-3", "3122 rejections count"},
    FaultInfo{F::kLogoutKeepsBudgets, "logout-keeps-budgets", "RL-1", "a logout does not reset the budgets"},
    FaultInfo{F::kQueryIgnoresSwitch, "query-ignores-switch", "GET-4", "queries work with the switch off"},
    FaultInfo{F::kFriendsWithoutFriendSwitch, "friends-without-friend-switch", "GATE-3", "friends are notified without friend_status_notify"},
    FaultInfo{F::kPushesIgnoreTier, "pushes-ignore-tier", "GATE-1", "subscribers are notified without the premium tier"},
    FaultInfo{F::kSubscribedFriendGetsTwo, "subscribed-friend-gets-two", "EVT-4", "a subscribed friend receives two items per change"},
    FaultInfo{F::kLostInstancesReceive, "lost-instances-receive", "EVT-5", "lost, unnoticed instances still receive pushes"},
    FaultInfo{F::kCauseReceivesOwnChange, "cause-receives-own-change", "EVT-1", "the logging-in instance receives its own change"},
    FaultInfo{F::kUnchangedSetReachesSubscribers, "unchanged-set-reaches-subscribers", "SET-6", "an unchanged set is pushed to subscribers"},
    FaultInfo{F::kSetNotPushedToCaller, "set-not-pushed-to-caller", "SET-6", "the caller does not receive its own set"},
    FaultInfo{F::kWebKickNewestFirst, "web-kick-newest-first", "SES-4", "the web limit kicks the latest other login first"},
    FaultInfo{F::kNativeKickAcrossPlatforms, "native-kick-across-platforms", "SES-5", "a native login kicks every other native platform"},
    FaultInfo{F::kSilentLossNoticedAtOnce, "silent-loss-noticed-at-once", "SES-6", "a silent loss is noticed at once"},
    FaultInfo{F::kWebLossGivesOffline, "web-loss-gives-offline", "STA-4", "a closed web instance makes the account OFFLINE"},
    FaultInfo{F::kNativeNeverExpires, "native-never-expires", "STA-5", "a lost native instance never expires"},
    FaultInfo{F::kNeverOffline, "never-offline", "STA-3", "accounts with a lost native instance are UNLOGINED"},
    FaultInfo{F::kLoginKeepsClearTimer, "login-keeps-clear-timer", "CLR-3", "a login does not cancel the custom status clear"},
    FaultInfo{F::kNativeLastClearsLater, "native-last-clears-later", "CLR-2", "a native last instance clears after the delay too"},
    FaultInfo{F::kLossEmptiesSubscriptions, "loss-empties-subscriptions", "CLR-4", "a loss also empties the subscription list"},
    FaultInfo{F::kSecondLogoutMovesDeadline, "second-logout-moves-deadline", "CLR-4", "a second logout moves the emptying deadline"},
    FaultInfo{F::kEvictNewest, "evict-newest", "SUB-9", "past the cap the newest other subscription is evicted"},
    FaultInfo{F::kResubscribeKeepsPlace, "resubscribe-keeps-place", "SUB-9", "a re-subscribe keeps its old place"},
    FaultInfo{F::kSelfSubscriptionAllowed, "self-subscription-allowed", "SUB-5", "subscribing to oneself succeeds"},
    FaultInfo{F::kUnknownUserAsUnlogined, "unknown-user-as-unlogined", "GET-7", "an unknown user is answered as UNLOGINED"},
    FaultInfo{F::kDuplicatesCollapsed, "duplicates-collapsed", "GET-7", "a repeated ID gets one entry"},
    FaultInfo{F::kZeroDelayClearMerged, "zero-delay-clear-merged", "PAR-1", "a clear due now is merged into the step's change"},
    FaultInfo{F::kLoweredCapEvictsAtOnce, "lowered-cap-evicts-at-once", "GATE-4", "lowering the cap evicts at once"},
};

}  // namespace

std::span<const FaultInfo> AllFaults() { return kFaults; }

const FaultInfo* FindFault(std::string_view name) {
  for (const FaultInfo& f : kFaults) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace statussim::sim
