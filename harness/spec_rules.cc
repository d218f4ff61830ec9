#include "harness/spec_rules.h"

#include <algorithm>
#include <cctype>

namespace statussim::harness {
namespace {

// FAMILY-N: capital letters, a hyphen, digits.
bool IsRuleId(std::string_view s) {
  size_t dash = s.find('-');
  if (dash == 0 || dash == std::string_view::npos || dash + 1 == s.size()) return false;
  for (size_t i = 0; i < dash; ++i) {
    if (!std::isupper(static_cast<unsigned char>(s[i]))) return false;
  }
  for (size_t i = dash + 1; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> ParseRuleIds(std::string_view text) {
  std::vector<std::string> ids;
  bool in_section = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.starts_with("## ")) in_section = true;
    if (!in_section || !line.starts_with("- ")) continue;
    std::string_view rest = line.substr(2);
    std::string_view id = rest.substr(0, rest.find(' '));
    if (IsRuleId(id) && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.emplace_back(id);
  }
  return ids;
}

}  // namespace statussim::harness
