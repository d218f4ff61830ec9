// SHA-256 (FIPS 180-4), for trace digests. Small and dependency-free.
#ifndef STATUSSIM_HARNESS_SHA256_H_
#define STATUSSIM_HARNESS_SHA256_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace statussim::harness {

class Sha256 {
 public:
  Sha256();
  void Update(std::string_view data);
  std::array<uint8_t, 32> Finish();
  // Lower-case hex of the digest of `data`.
  static std::string Hex(std::string_view data);

 private:
  void Block(const uint8_t* p);
  std::array<uint32_t, 8> h_;
  std::array<uint8_t, 64> buf_{};
  size_t buf_len_ = 0;
  uint64_t total_ = 0;
};

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_SHA256_H_
