#include "sim/delivery_hash.h"

namespace statussim::sim {
namespace {

uint64_t Fin(uint64_t z) {  // splitmix64's output function
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

uint64_t CustomHash(std::string_view text) {
  uint64_t h = DeliveryHash::kBasis;
  for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * DeliveryHash::kPrime;
  return h;
}

uint64_t DeliveryMix(DeviceId device, uint64_t device_hash) {
  return Fin(device_hash ^ Fin(uint64_t{device} + 1));
}

void DeliveryHash::AddLog(std::span<const LogRecord> records, const Backend& backend) {
  for (const LogRecord& r : records) {
    uint64_t custom = 0;
    if (r.account != kNoId) {
      while (custom_hashes_.size() <= r.custom) {
        custom_hashes_.push_back(
            CustomHash(backend.CustomText(static_cast<uint32_t>(custom_hashes_.size()))));
      }
      custom = custom_hashes_[r.custom];
    }
    Add(r.device, r.account, r.type, custom);
  }
}

uint64_t DeliveryHash::Combined() const {
  uint64_t sum = 0;
  for (size_t d = 0; d < per_device_.size(); ++d) {
    sum += DeliveryMix(static_cast<DeviceId>(d), per_device_[d]);
  }
  return sum;
}

}  // namespace statussim::sim
