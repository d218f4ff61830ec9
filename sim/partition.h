// PartitionRank: one rank's share of the partitioned run of a generated world
// and workload (docs/scaling.md section 3), with no transport of its own. A
// driver (statussim_mpi over MPI, or RunPartitionedInProcess below) calls
// RunWindow on every rank, concatenates the ranks' change records in rank
// order, and hands the whole to Deliver on every rank, window after window.
//
// Invariants:
//  - Account a lives on rank HomeRank(a, P). Its instances, timers, custom
//    status and rate limiters are in this rank's Backend (local IDs in
//    increasing world ID), which holds no subscriptions and no friends: the
//    rank keeps instead, for every target, the subscribers and friends that
//    live here (a subscription is local to its subscriber's rank).
//  - Every rank replays the whole action stream of sim::Workload (its one
//    RNG and queue, drawn exactly as Workload::Step draws) and applies only
//    the actions of its own accounts: the single-process run's choices.
//  - Every event (an action, or a timer) has an EventKey whose order is the
//    order in which the single-process run executes it. A rank runs its own
//    events in key order; Deliver then replays, in key order, the window's
//    changes of every rank together with this rank's own pushes, kicks and
//    the changes of its instances' receiving state, so each device receives
//    what it receives in one process, in the same order. Deliveries never
//    feed back into state, so one exchange per window is enough.
//  - The run ends where the single-process `statussim scale` loop ends: after
//    the first action at or after the event that made the C-th change.
#ifndef STATUSSIM_SIM_PARTITION_H_
#define STATUSSIM_SIM_PARTITION_H_

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/backend.h"
#include "sim/delivery_hash.h"
#include "sim/timer_queue.h"
#include "sim/workload.h"

namespace statussim::sim {

// The home rank of account a among `ranks` (a hash of its index, which is
// its user ID "u<a>").
uint32_t HomeRank(AccountId a, uint32_t ranks);

// An event's place in the single-process order, compared word by word:
//   action number n (0-based, of the whole workload) due at t:  [t, 1, n]
//   timer due at t, the j-th scheduled by event E (0-based):   [t, 0, key(E)..., j]
// Timers due at t run before the action due at t (Workload::Step advances
// the backend first), timers due together in the order they were scheduled
// (PAR-1). Timer delays must be positive. Keys are prefix-free.
struct EventKey {
  static constexpr uint32_t kMaxWords = 12;  // timers scheduled by timers, 3 deep
  uint32_t len = 0;
  uint64_t w[kMaxWords] = {};
};
bool KeyLess(const uint64_t* a, uint32_t a_len, const uint64_t* b, uint32_t b_len);

// What a rank did, for the report.
struct PartitionStats {
  uint64_t changes = 0;        // status changes in the run, every rank's (same on all)
  uint64_t deliveries = 0;     // pushes and kicks in the run, to this rank's devices
  uint64_t local_changes = 0;  // changes of this rank's accounts (records sent)
  uint64_t local_events = 0;   // actions and timers of this rank's accounts
  uint64_t actions = 0;        // actions in the run, every account's (known at the end)
  uint64_t windows = 0;        // exchanges
  uint64_t words_sent = 0;     // 64-bit words of change records sent
  Millis end_time = 0;         // virtual time of the last event of the run
};

class PartitionRank {
 public:
  // Stops after `changes` status changes, as `statussim scale --changes`.
  PartitionRank(const WorldSpec& w, const WorkloadSpec& spec, uint64_t changes, uint32_t rank,
                uint32_t ranks);
  PartitionRank(const PartitionRank&) = delete;
  PartitionRank& operator=(const PartitionRank&) = delete;

  // This rank's share of BuildWorld: its accounts and logins, and its
  // subscribers' and friends' reverse indexes (the world's RNG streams are
  // drawn in full, the edges kept where the subscriber or friend lives here).
  void Build();
  // Runs this rank's events due before `window_end` and appends their change
  // records to *out: per change, a header word (key length | statusType << 8
  // | account << 32), the key's words, and the custom status's CustomHash.
  void RunWindow(Millis window_end, std::vector<uint64_t>* out);
  // Every rank's records of the window, concatenated: fans them out to this
  // rank's recipients. True when the run is over (the same on every rank).
  bool Deliver(std::span<const uint64_t> all);
  bool done() const { return done_; }

  // This rank's part of the delivery hash (sim/delivery_hash.h): the sum
  // over its devices; the ranks' parts add up to the whole.
  uint64_t DeliveryHashPart() const;
  const PartitionStats& stats() const { return stats_; }
  uint32_t local_accounts() const { return static_cast<uint32_t>(global_of_.size()); }

 private:
  enum Action : uint8_t { kSet, kLogout, kLose, kLogin, kReconnect };
  enum ItemKind : uint8_t { kPush, kKick, kReceive, kStopReceive, kClear };
  // A pushed item, a kick or a state change on this rank, in the order made.
  struct Item {
    uint32_t event = 0;  // index into events_
    ItemKind kind = kPush;
    uint32_t index = 0;        // local device, or local account (kClear)
    uint32_t account = kNoId;  // world account pushed (kPush)
    uint32_t type = 0;         // as LogRecord::type
    uint64_t custom = 0;       // CustomHash (kPush)
  };
  class Sink : public PushSink {
   public:
    explicit Sink(PartitionRank* rank) : rank_(rank) {}
    void OnStatus(DeviceId device, const StatusItem& item) override;
    void OnStatusBatch(std::span<const DeviceId> devices, const StatusItem& item) override;
    void OnKicked(DeviceId device, KickType type) override;

   private:
    PartitionRank* rank_;
  };

  void BuildFriends();
  void BuildSubscriptions();
  void RunAction(std::vector<uint64_t>* out);
  void RunTimer(std::vector<uint64_t>* out);
  // Opens a local event (its key set by the caller) / closes it: timers it
  // scheduled, receiving-state changes, its change record.
  void BeginEvent(const EventKey& key);
  void EndEvent(uint32_t local, bool cleared, std::vector<uint64_t>* out);
  void Record(const Item& item);  // during the build: hashed at once
  void Apply(const Item& item);
  void FanOut(const uint64_t* record);
  void Reach(uint32_t local, uint32_t account, uint32_t type, uint64_t custom);
  uint64_t CustomHashOf(uint32_t interned);
  uint32_t LocalDevice(uint32_t local, uint32_t slot) const {
    return local * world_.devices_per_account + slot;
  }

  WorldSpec world_;
  WorkloadSpec spec_;
  uint64_t target_;
  uint32_t rank_;
  uint32_t ranks_;
  Sink sink_{this};
  Backend backend_;
  bool building_ = false;

  std::vector<uint32_t> local_of_;   // per world account: local index, or kNoId
  std::vector<uint32_t> global_of_;  // per local account: world account
  // Reverse indexes (CSR) per world target: local subscribers, local friends.
  std::vector<uint64_t> sub_begin_, friend_begin_;
  std::vector<uint32_t> subs_, friends_;

  // State as of the event Deliver has reached.
  std::vector<uint8_t> receives_;  // per local device
  std::vector<uint8_t> cleared_;   // per local account: its subscriptions emptied (CLR-4)
  std::vector<uint32_t> epochs_;   // per local account: the last change that reached it (EVT-4)
  uint32_t epoch_ = 0;
  DeliveryHash hash_;

  // The workload's action stream, replayed (as sim::Workload).
  Rng rng_;
  TimerQueue actions_;
  std::vector<uint8_t> device_state_;  // Workload's DeviceState per world device
  std::vector<std::string> customs_;
  uint64_t next_action_ = 0;  // the number of the next action replayed

  // Phase 1 state.
  std::vector<uint8_t> live_receives_;                // per local device, as the backend is now
  std::unordered_map<TimerId, EventKey> timer_keys_;  // pending timers: key without the due
  std::vector<uint64_t> custom_hashes_;               // by the backend's interned custom id
  TimerId timers_before_ = 0;
  uint64_t changes_before_ = 0;

  // The window.
  std::vector<EventKey> events_;  // this rank's, in key order
  std::vector<Item> items_;
  std::vector<uint64_t> window_actions_;  // [due, ordinal] of every action replayed

  // The end.
  bool end_pending_ = false;  // the C-th change was seen: stop after the next action
  bool has_end_ = false;
  EventKey end_key_;
  bool done_ = false;
  PartitionStats stats_;
};

// All ranks in one process, one after the other (tests, and a check without
// MPI): the delivery hash, and the ranks' stats summed into *total if given.
uint64_t RunPartitionedInProcess(const WorldSpec& w, const WorkloadSpec& spec, uint64_t changes,
                                 uint32_t ranks, Millis window, PartitionStats* total = nullptr);

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_PARTITION_H_
