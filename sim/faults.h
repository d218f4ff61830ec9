// Faults: planted bugs for the mutation check of the suite (`statussim
// mutate`). A model built with a fault behaves like the reference except in
// one realistic way, tied to one SPEC rule; a scenario suite that lets such a
// mutant pass is missing a scenario. The reference model is Fault::kNone, and
// a fault is only ever a read of one field: no cost when none is set.
#ifndef STATUSSIM_SIM_FAULTS_H_
#define STATUSSIM_SIM_FAULTS_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace statussim::sim {

enum class Fault : uint8_t {
  kNone,
  // Client half (SdkClient).
  kNoErrorEventWhenNotReady,   // API-2
  kKickCodesSwapped,           // API-1
  kNumberAcceptedAsStatus,     // SET-1
  kSelfOnlyQueryNeedsTier,     // GET-2
  kEverySelfAnsweredLocally,   // GET-3
  kTruncateAfterSelfRemoved,   // GET-5
  kNoSubscribeTruncation,      // SUB-4
  kEmptyListUnsubscribeThrows,  // UNS-1
  kNullListUnsubscribesAll,    // UNS-6
  kNoSelfItemAtReconnect,      // SES-7
  kSelfItemAtEveryReconnect,   // SES-7
  kCacheIgnoresPushes,         // SES-8
  kFailureListOmittedWhenEmpty,  // GET-8
  kStatusNumbersSwapped,       // VAL-1
  kLengthInCharacters,         // SET-5
  kQueryStatusNumbersSwapped,    // VAL-1
  kEmptyCustomStatusOmitted,     // VAL-2
  kKickedTypeSwapped,            // VAL-3
  kErrorEventAlways2024,         // VAL-3
  kTierRejectionThrown,          // VAL-4
  kLoggedOutRejects2024,         // API-1
  kErrorEventOnEveryRejection,   // API-2
  kParamsBeforeReady,            // API-3
  kNonObjectOptionsUnsubscribeAll, // API-3
  kLostSelfQueryRejects,         // API-4
  kMissingCustomStatusClears,    // SET-1
  kSetResolvesEmpty,             // SET-3
  kEmptySetIgnored,              // SET-4
  kSelfEntryFromBackend,         // GET-2
  kSelfEntryLast,                // GET-2
  kNoTierAnswersSelfOnly,        // GET-3
  kTruncationCountsSelf,         // GET-5
  kEntriesSorted,                // GET-7
  kEmptyGetListSucceeds,         // GET-1
  kEmptySubscribeListSucceeds,   // SUB-1
  kSubscribeFailureListOmittedWhenEmpty, // SUB-7
  kNoOptionsUnsubscribeThrows,   // UNS-1
  kStringListUnsubscribesAll,    // UNS-2
  kUnsubscribeAllNeedsNoTier,    // UNS-3
  kNoUnsubscribeTruncation,      // UNS-4
  kNullOptionsUnsubscribeAll,    // UNS-6
  kCacheNotSeededAtLogin,        // SES-8
  kCacheNotSetAtReconnect,       // SES-8
  kSelfOnlyQueryRateLimited,     // RL-1
  kSubscribeNeedsNoTier,         // SUB-2
  kEmptyOptionsUnsubscribeThrows, // UNS-1
  // Backend half.
  kLostCallsSkipLimiter,       // API-4
  kWindowBoundaryInclusive,    // RL-2
  kRejectedCallsNotCounted,    // RL-2
  kTierRejectionsCounted,      // RL-3
  kLogoutKeepsBudgets,         // RL-1
  kQueryIgnoresSwitch,         // GET-4
  kFriendsWithoutFriendSwitch,  // GATE-3
  kPushesIgnoreTier,           // GATE-1
  kSubscribedFriendGetsTwo,    // EVT-4
  kLostInstancesReceive,       // EVT-5
  kCauseReceivesOwnChange,     // EVT-1
  kUnchangedSetReachesSubscribers,  // SET-6
  kSetNotPushedToCaller,       // SET-6
  kWebKickNewestFirst,         // SES-4
  kNativeKickAcrossPlatforms,  // SES-5
  kSilentLossNoticedAtOnce,    // SES-6
  kWebLossGivesOffline,        // STA-4
  kNativeNeverExpires,         // STA-5
  kNeverOffline,               // STA-3
  kLoginKeepsClearTimer,       // CLR-3
  kNativeLastClearsLater,      // CLR-2
  kLossEmptiesSubscriptions,   // CLR-4
  kSecondLogoutMovesDeadline,  // CLR-4
  kEvictNewest,                // SUB-9
  kResubscribeKeepsPlace,      // SUB-9
  kSelfSubscriptionAllowed,    // SUB-5
  kUnknownUserAsUnlogined,     // GET-7
  kDuplicatesCollapsed,        // GET-7
  kZeroDelayClearMerged,       // PAR-1
  kLoweredCapEvictsAtOnce,     // GATE-4
  kStatusFromLatestInstance,     // STA-1
  kOfflineHolderBeatsOnline,     // STA-2
  kLoggedOutIsOffline,           // STA-3
  kWebNoticeGivesOffline,        // STA-4
  kExpiryFromNotice,             // STA-5
  kExpiryBeforeNotice,           // STA-5
  kFirstExpiryEndsOffline,       // STA-5
  kNeverLoggedInIsUnknown,       // STA-6
  kTypeOnlyCompared,             // STA-7
  kMiniprogramIsNative,          // SES-1
  kIpadSharesIosSlot,            // SES-1
  kLogoutKicksOtherWebInstances, // SES-2
  kLogoutCountsUntilNotice,      // SES-3
  kLostWebNotCountedForLimit,    // SES-4
  kReconnectRenewsLoginOrder,    // SES-4
  kWebLimitPlusOne,              // SES-4
  kKickedLostReconnects,         // SES-5
  kKickedHolderKeepsOffline,     // SES-5
  kKickedLostKeepsCounting,      // SES-5
  kCloseLossNoticedLater,        // SES-6
  kNativeUsesWebHeartbeat,       // SES-6
  kFreshReconnectSkipsLimits,    // SES-7
  kNoopLoginRenewsLoginOrder,    // SES-9
  kNoopLoginResetsBudgets,       // SES-9
  kNoopLoginCancelsClear,        // SES-9
  kLostLogoutCountsUntilNotice,  // SES-9
  kSecondDisconnectMovesNotice,  // SES-9
  kSetNeedsSwitch,               // SET-2
  kLengthLimitOffByOne,          // SET-5
  kUnchangedSetNotPushed,        // SET-6
  kNonStringIdsDropped,          // GET-7
  kGetUsesSubscribeBudget,       // GET-6
  kSubscribeIgnoresSwitch,       // SUB-2
  kSubscribeNotRateLimited,      // SUB-3
  kSelfFailsWholeSubscribe,      // SUB-5
  kUnknownSubscribeIgnored,      // SUB-6
  kFriendsOutsideTheCap,         // SUB-8
  kCapOffByOne,                  // SUB-9
  kFailingDuplicatesCollapsed,   // SUB-9
  kOneSubscriberInstanceNotified, // SUB-10
  kUnsubscribeSelfFails,         // UNS-5
  kUnknownUnsubscribeIgnored,    // UNS-5
  kBudgetPerAccount,             // RL-1
  kOneBudgetForAllCommands,      // RL-1
  kKickResetsBudgets,            // RL-1
  kWindowAlignedToClock,         // RL-2
  kRateCountOffByOne,            // RL-2
  kSwitchRejectionsNotCounted,   // RL-3
  kPushesIgnoreSwitch,           // GATE-2
  kSwitchOffDropsSubscriptions,  // GATE-4
  kConfigureMovesTimers,         // GATE-4
  kLoweredWebLimitKicksAtOnce,   // GATE-4
  kOwnPushesNeedTier,            // EVT-1
  kUnsubscribeKeepsPushes,       // EVT-2
  kFriendshipOneWay,             // EVT-3
  kPushesQueuedForLost,          // EVT-5
  kItemCarriesOldCustom,         // EVT-6
  kOfflineHolderBlocksClear,     // CLR-1
  kClearDelayFromDisconnect,     // CLR-1
  kNativeClearIsSecondChange,    // CLR-2
  kReconnectKeepsClearTimer,     // CLR-3
  kLoginKeepsSubscriptionDeadline, // CLR-4
  kReconnectKeepsSubscriptionDeadline, // CLR-4
  kCancelledDeadlineBlocksNext,  // CLR-4
  kReloginKeepsFirstDeadline,    // CLR-4
  kUnheldLogoutSetsDeadline,     // CLR-4
  kOfflineHolderBlocksEmptying,  // CLR-4
  kSameInstantTimersReversed,    // PAR-1
  kDueNowTimerWaits,             // PAR-1
  kSameInstantTimersMerged,      // STA-7
  kReconnectGetsOwnChange,       // SES-7
  kSetRateLimited,               // SET-2
  kEvictionSparesSameCall,       // SUB-9
  kUnsubscribeNotRateLimited,    // UNS-4
  kUnsubscribeIgnoresSwitch,     // UNS-3
  kFailedSubscribeEvicts,        // GATE-4
  kEmptyClearIsAChange,          // CLR-1
  kNativeLoginKeepsClear,        // CLR-3
  kHolderLogoutSetsNoDeadline,   // CLR-4
  // A parameter the model ignores (PAR-2): it keeps SPEC's default.
  kIgnoresWebHeartbeatTimeout,   // PAR-2
  kIgnoresNativeHeartbeatTimeout, // PAR-2
  kIgnoresOfflineExpiry,         // PAR-2
  kIgnoresCustomStatusMaxBytes,  // PAR-2
  kIgnoresGetMaxUsers,           // PAR-2
  kIgnoresSubscribeMaxUsers,     // PAR-2
  kIgnoresSubscriptionCap,       // PAR-2
  kIgnoresRateCount,             // PAR-2
  kIgnoresRateWindow,            // PAR-2
  kIgnoresCustomStatusClearDelay, // PAR-2
  kIgnoresSubscriptionClearDelay, // PAR-2
  kIgnoresWebMaxInstances,       // PAR-2
};

struct FaultInfo {
  Fault fault;
  std::string_view name;         // kebab-case, for the command line and reports
  std::string_view rule;         // the SPEC rule it breaks
  std::string_view description;  // the planted bug, in a few words
};

// Every fault but kNone, in declaration order.
std::span<const FaultInfo> AllFaults();
const FaultInfo* FindFault(std::string_view name);

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_FAULTS_H_
