// Workload: a deterministic synthetic world and a stream of status changes on
// the virtual clock, for `statussim scale` and the benchmarks in bench/.
//
// Invariants:
//  - Everything is a function of the spec and the seed: the generator uses
//    its own xoshiro256** (seeded by splitmix64) and bounded-integer helper,
//    never a std::*_distribution (their algorithms differ between standard
//    libraries, ECOSYSTEM.md 1.5 item 11).
//  - Account i is named "u<i>" and owns devices i*D .. i*D+D-1. Device j of
//    an account logs in on platform j: web first, then the native platforms
//    (web-like devices beyond those: web_max_instances is raised so that the
//    generated logins never kick each other).
//  - The workload is a hold model: one pending action per account on a
//    TimerQueue; an action fires, advances the backend to its instant (its
//    own timers run first: notices, expiries, clears), acts, and schedules
//    the account's next action.
#ifndef STATUSSIM_SIM_WORKLOAD_H_
#define STATUSSIM_SIM_WORKLOAD_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/backend.h"
#include "sim/timer_queue.h"

namespace statussim::sim {

// xoshiro256** seeded through splitmix64 (Blackman and Vigna).
class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t Next();
  // Uniform in [0, n), n > 0: Lemire's multiply-shift with rejection.
  uint64_t Below(uint64_t n);

 private:
  uint64_t s_[4];
};

// splitmix64's output function: a seed for a derived stream.
uint64_t SplitMix64(uint64_t* state);

struct WorldSpec {
  uint32_t accounts = 1000;                // N accounts, "u0" .. "u<N-1>"
  uint32_t subscriptions_per_account = 0;  // K random targets each (SUB-9 applies)
  uint32_t devices_per_account = 2;        // D devices each, all logged in
  uint32_t friends_per_account = 0;        // about F mutual friends each
  uint64_t seed = 1;                       // of every random choice
};

// The account name of index i ("u<i>").
std::string WorldAccountName(uint32_t i);
// The device of account i, slot j.
inline DeviceId WorldDevice(const WorldSpec& w, uint32_t account, uint32_t slot) {
  return account * w.devices_per_account + slot;
}
// Premium, both console switches on, raised web instance limit and
// subscription cap (at least K), SPEC defaults otherwise.
App WorldApp(const WorldSpec& w);
// The platform of device slot j.
Platform WorldPlatform(uint32_t slot);

// Builds the world into an empty backend made with WorldApp(w): accounts,
// logins, friends, then subscriptions (in that order, each from its own
// stream derived from the seed). `progress`, if set, is called with a
// fraction in [0, 1] now and then.
using Progress = std::function<void(double)>;
void BuildWorld(Backend* backend, const WorldSpec& w, const Progress& progress = nullptr);
// BuildWorld's last phase alone: K random subscriptions of every account
// (for a world built with K = 0 and otherwise the same spec).
void AddWorldSubscriptions(Backend* backend, const WorldSpec& w,
                           const Progress& progress = nullptr);

// One pushed item or kick in a flat log.
struct LogRecord {
  DeviceId device = kNoId;
  AccountId account = kNoId;  // kNoId for a kick
  uint32_t type = 0;          // StatusType, or 16 + KickType for a kick
  uint32_t custom = 0;        // interned custom status
};

// A PushSink appending to one flat log; Drain folds the log into a running
// FNV-1a hash (64-bit words) and empties it. The log is a plain growable
// buffer: a fan-out batch is written with no per-record capacity check.
class FlatLog : public PushSink {
 public:
  void OnStatus(DeviceId device, const StatusItem& item) override {
    Append(1)[0] = LogRecord{device, item.account, static_cast<uint32_t>(item.type), item.custom};
  }
  void OnStatusBatch(std::span<const DeviceId> devices, const StatusItem& item) override {
    LogRecord* out = Append(devices.size());
    const auto type = static_cast<uint32_t>(item.type);
    for (size_t i = 0; i < devices.size(); ++i) {
      out[i] = LogRecord{devices[i], item.account, type, item.custom};
    }
  }
  void OnKicked(DeviceId device, KickType type) override {
    Append(1)[0] = LogRecord{device, kNoId, 16u + static_cast<uint32_t>(type), 0};
  }
  bool TakesSplitBatches() const override { return true; }  // it only appends
  void Drain();
  void Clear() { size_ = 0; }
  std::span<const LogRecord> records() const { return {buffer_.get(), size_}; }
  uint64_t delivered() const { return delivered_ + size_; }  // drained + pending
  uint64_t hash() const { return hash_; }  // of everything drained so far

 private:
  // Room for n more records at the end; returns where they go.
  LogRecord* Append(size_t n);

  std::unique_ptr<LogRecord[]> buffer_;
  size_t size_ = 0;
  size_t capacity_ = 0;
  uint64_t delivered_ = 0;
  uint64_t hash_ = 14695981039346656037ULL;  // FNV-1a offset basis
};

struct WorkloadSpec {
  Millis mean_gap = 60'000;  // mean virtual time between two actions of one account
  uint32_t custom_pool = 64;  // distinct custom statuses the actions pick from
  uint32_t set_percent = 80;  // actions that set a custom status (the rest: log out/in, lose/regain)
};

// The stream of actions over a built world.
class Workload {
 public:
  Workload(Backend* backend, const WorldSpec& w, const WorkloadSpec& spec);
  // Runs the next action (and the backend timers due before it).
  void Step();
  uint64_t actions() const { return actions_; }
  Millis now() const { return backend_->now(); }

 private:
  enum DeviceState : uint8_t { kIn, kOut, kLinkDown };  // as the workload left it
  Backend* backend_;
  WorldSpec world_;
  WorkloadSpec spec_;
  Rng rng_;
  TimerQueue queue_;                   // one pending action per account
  std::vector<uint8_t> state_;         // DeviceState per device
  std::vector<std::string> customs_;   // the pool
  uint64_t actions_ = 0;
};

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_WORKLOAD_H_
