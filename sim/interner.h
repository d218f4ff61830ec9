// Interner: strings to dense integer IDs, assigned in order of first
// appearance (0, 1, 2, ...). Used once at the API boundary for user IDs,
// device names and custom statuses, so the model works on integers inside.
#ifndef STATUSSIM_SIM_INTERNER_H_
#define STATUSSIM_SIM_INTERNER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace statussim::sim {

class Interner {
 public:
  // The ID of `s`, adding it if new.
  uint32_t Intern(std::string_view s) {
    auto it = index_.find(s);
    if (it != index_.end()) return it->second;
    auto id = static_cast<uint32_t>(names_.size());
    names_.emplace_back(s);
    index_.emplace(names_.back(), id);
    return id;
  }
  std::optional<uint32_t> Find(std::string_view s) const {
    auto it = index_.find(s);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  const std::string& Name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string> names_;
  // Lookup only; never iterated, so its order cannot leak into results.
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> index_;
};

}  // namespace statussim::sim

#endif  // STATUSSIM_SIM_INTERNER_H_
