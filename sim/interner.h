// Interner: strings to dense integer IDs, assigned in order of first
// appearance (0, 1, 2, ...). Used once at the API boundary for user IDs,
// device names and custom statuses, so the model works on integers inside.
//
// Layout: the strings in order of their IDs, and a flat open-addressing
// index (linear probing, at most half full) of 8-byte slots: 32 bits of the
// hash as a tag and the ID. Lookups compare a string only when the tag
// matches. The index is never iterated, so its order cannot leak into results.
#ifndef STATUSSIM_SIM_INTERNER_H_
#define STATUSSIM_SIM_INTERNER_H_

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace statussim::sim {

// A fast 64-bit hash of a short string (8-byte words, multiply-xorshift
// mixing). Not for adversarial input; identical on every platform.
inline uint64_t HashId(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (s.size() * 0xC2B2AE3D27D4EB4FULL);
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  }
  // The last 0..7 bytes as a little-endian word, as a memcpy of them into a
  // zeroed word would give, read with fixed-size loads (a memcpy of a
  // variable length is a library call, and a custom status is hashed at
  // every set).
  const size_t r = s.size() - i;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data() + i);
  uint64_t w = 0;
  if (r >= 4) {
    uint32_t lo;
    uint32_t hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + r - 4, 4);  // overlaps lo by 8 - r bytes: the same bytes
    w = lo | (uint64_t{hi} << (8 * (r - 4)));
  } else if (r > 0) {
    w = p[0] | (uint64_t{p[r / 2]} << (8 * (r / 2))) | (uint64_t{p[r - 1]} << (8 * (r - 1)));
  }
  h = (h ^ w) * 0x94D049BB133111EBULL;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 32);
}

class Interner {
 public:
  // The ID of `s`, adding it if new.
  uint32_t Intern(std::string_view s) {
    const uint64_t h = HashId(s);
    size_t at = Probe(s, h);
    if (!slots_.empty() && slots_[at].id != kEmpty) return slots_[at].id;
    if ((names_.size() + 1) * 2 > slots_.size()) {
      Grow();
      at = Probe(s, h);
    }
    const auto id = static_cast<uint32_t>(names_.size());
    names_.emplace_back(s);
    slots_[at] = Slot{static_cast<uint32_t>(h >> 32), id};
    return id;
  }
  std::optional<uint32_t> Find(std::string_view s) const {
    if (slots_.empty()) return std::nullopt;
    const size_t at = Probe(s, HashId(s));
    if (slots_[at].id == kEmpty) return std::nullopt;
    return slots_[at].id;
  }
  const std::string& Name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }
  // Room for n strings without growing the index.
  void Reserve(size_t n) {
    names_.reserve(n);
    if (n * 2 > slots_.size()) Rebuild(Capacity(n));
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint32_t tag = 0;       // high 32 bits of the hash
    uint32_t id = kEmpty;   // kEmpty: a free slot
  };
  static size_t Capacity(size_t n) {
    size_t cap = 16;
    while (cap < n * 2) cap *= 2;
    return cap;
  }
  // The slot holding `s`, or the free slot where it would go.
  size_t Probe(std::string_view s, uint64_t h) const {
    if (slots_.empty()) return 0;
    const size_t mask = slots_.size() - 1;
    const auto tag = static_cast<uint32_t>(h >> 32);
    for (size_t at = h & mask;; at = (at + 1) & mask) {
      const Slot slot = slots_[at];
      if (slot.id == kEmpty) return at;
      if (slot.tag == tag && names_[slot.id] == s) return at;
    }
  }
  void Grow() { Rebuild(slots_.empty() ? 16 : slots_.size() * 2); }
  void Rebuild(size_t cap) {
    slots_.assign(cap, Slot{});
    const size_t mask = cap - 1;
    for (uint32_t id = 0; id < names_.size(); ++id) {
      const uint64_t h = HashId(names_[id]);
      size_t at = h & mask;
      while (slots_[at].id != kEmpty) at = (at + 1) & mask;
      slots_[at] = Slot{static_cast<uint32_t>(h >> 32), id};
    }
  }

  std::vector<std::string> names_;
  std::vector<Slot> slots_;  // size 0 or a power of two, at most half full
};

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_INTERNER_H_
