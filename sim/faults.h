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
