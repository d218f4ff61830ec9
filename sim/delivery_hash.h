// DeliveryHash: a hash of what every device received, that does not depend on
// how deliveries to different devices interleave.
//
// Only the order of the items each device receives is defined (EVT), so a
// run split over several processes (sim/partition.h) delivers the same
// per-device sequences as one process but interleaves them differently; the
// log hash of FlatLog (one FNV-1a over the whole log) differs, this one not.
//
// Definition (docs/scaling.md section 3):
//  - per device d, h_d starts at the FNV-1a offset basis and folds in every
//    record delivered to d, in order, as two 64-bit words:
//      w1 = account | type << 32   (account kNoId for a kick; type as in
//                                   LogRecord: StatusType, or 16 + KickType)
//      w2 = CustomHash(custom text) (0 for a kick)
//    each as h = (h ^ w) * 1099511628211;
//  - the delivery hash is the sum modulo 2^64, over every device d of the
//    world (those that received nothing included), of Mix(d, h_d), where
//    Mix(d, h) = Fin(h ^ Fin(d + 1)) and Fin is splitmix64's output function.
// The sum is commutative, so ranks add up their own devices and reduce.
#ifndef STATUSSIM_SIM_DELIVERY_HASH_H_
#define STATUSSIM_SIM_DELIVERY_HASH_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "sim/backend.h"
#include "sim/types.h"
#include "sim/workload.h"

namespace statussim::sim {

// FNV-1a 64 over the bytes of a custom status ("" gives the offset basis).
uint64_t CustomHash(std::string_view text);
// One device's contribution to the delivery hash.
uint64_t DeliveryMix(DeviceId device, uint64_t device_hash);

class DeliveryHash {
 public:
  static constexpr uint64_t kBasis = 14695981039346656037ULL;  // FNV-1a offset basis
  static constexpr uint64_t kPrime = 1099511628211ULL;

  // For `devices` devices, indexed 0 .. devices-1.
  explicit DeliveryHash(size_t devices) : per_device_(devices, kBasis) {}

  void Add(size_t index, uint32_t account, uint32_t type, uint64_t custom_hash) {
    uint64_t h = per_device_[index];
    h = (h ^ (uint64_t{account} | uint64_t{type} << 32)) * kPrime;
    h = (h ^ custom_hash) * kPrime;
    per_device_[index] = h;
  }
  // A FlatLog's records, written by `backend` (its account and device IDs are
  // the world's, its interned customs are read back as text).
  void AddLog(std::span<const LogRecord> records, const Backend& backend);

  uint64_t device_hash(size_t index) const { return per_device_[index]; }
  size_t devices() const { return per_device_.size(); }
  // The delivery hash when index i is device i (one process).
  uint64_t Combined() const;

 private:
  std::vector<uint64_t> per_device_;
  std::vector<uint64_t> custom_hashes_;  // by interned custom id, filled on demand
};

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_DELIVERY_HASH_H_
