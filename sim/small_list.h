// SmallIdList: an ordered list of 32-bit IDs that keeps up to two of them
// inline (16 bytes in all) and moves to the heap beyond that. An account's
// held instances are almost always one or two, so the fan-out reads them
// from the account's own cache line instead of chasing a pointer.
//
// Invariants: cap_ == 0 means inline storage (size_ <= 2); otherwise heap_
// holds cap_ >= size_ slots. Order is insertion order; Erase keeps it.
#ifndef STATUSSIM_SIM_SMALL_LIST_H_
#define STATUSSIM_SIM_SMALL_LIST_H_

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace statussim::sim {

class SmallIdList {
 public:
  SmallIdList() = default;
  SmallIdList(const SmallIdList& o) { CopyFrom(o); }
  SmallIdList(SmallIdList&& o) noexcept { Steal(o); }
  SmallIdList& operator=(const SmallIdList& o) {
    if (this != &o) {
      Free();
      CopyFrom(o);
    }
    return *this;
  }
  SmallIdList& operator=(SmallIdList&& o) noexcept {
    if (this != &o) {
      Free();
      Steal(o);
    }
    return *this;
  }
  ~SmallIdList() { Free(); }

  const uint32_t* begin() const { return data(); }
  const uint32_t* end() const { return data() + size_; }
  const uint32_t* data() const { return cap_ == 0 ? inline_ : heap_; }
  uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  void push_back(uint32_t id) {
    if (cap_ == 0 && size_ < kInline) {
      inline_[size_++] = id;
      return;
    }
    if (cap_ == 0 || size_ == cap_) Reallocate(cap_ == 0 ? 2 * kInline : 2 * cap_);
    heap_[size_++] = id;
  }
  // Removes the first occurrence of `id`; the caller knows it is there.
  void Erase(uint32_t id) {
    uint32_t* p = cap_ == 0 ? inline_ : heap_;
    uint32_t* at = std::find(p, p + size_, id);
    if (at == p + size_) std::abort();  // a broken invariant of the caller
    std::memmove(at, at + 1, static_cast<size_t>(p + size_ - at - 1) * sizeof(uint32_t));
    --size_;
  }

 private:
  static constexpr uint32_t kInline = 2;
  void Reallocate(uint32_t cap) {
    auto* p = static_cast<uint32_t*>(std::malloc(cap * sizeof(uint32_t)));
    if (p == nullptr) std::abort();
    std::memcpy(p, data(), size_ * sizeof(uint32_t));
    Free();
    heap_ = p;
    cap_ = cap;
  }
  void Free() {
    if (cap_ != 0) std::free(heap_);
    cap_ = 0;
  }
  void CopyFrom(const SmallIdList& o) {
    size_ = 0;
    cap_ = 0;
    if (o.cap_ != 0) Reallocate(o.cap_);
    std::memcpy(cap_ == 0 ? inline_ : heap_, o.data(), o.size_ * sizeof(uint32_t));
    size_ = o.size_;
  }
  void Steal(SmallIdList& o) {
    size_ = o.size_;
    cap_ = o.cap_;
    if (cap_ == 0) {
      std::memcpy(inline_, o.inline_, sizeof(inline_));
    } else {
      heap_ = o.heap_;
    }
    o.size_ = 0;
    o.cap_ = 0;
  }

  uint32_t size_ = 0;
  uint32_t cap_ = 0;  // 0: inline
  union {
    uint32_t inline_[kInline] = {0, 0};
    uint32_t* heap_;
  };
};

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_SMALL_LIST_H_
