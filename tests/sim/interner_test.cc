// Interner and HashId: IDs in order of first appearance; the hash of a
// string's tail is the same as a memcpy of it into a zeroed word gives.
#include "sim/interner.h"

#include <boost/test/unit_test.hpp>
#include <cstring>
#include <string>

namespace statussim::sim {
namespace {

// HashId as first written (a variable-length memcpy for the tail): the
// fixed-size loads must give the same value, so that no table moves.
uint64_t HashIdByMemcpy(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (s.size() * 0xC2B2AE3D27D4EB4FULL);
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  }
  uint64_t w = 0;
  if (i < s.size()) std::memcpy(&w, s.data() + i, s.size() - i);
  h = (h ^ w) * 0x94D049BB133111EBULL;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 32);
}

BOOST_AUTO_TEST_SUITE(interner)

BOOST_AUTO_TEST_CASE(hash_of_every_tail_length_matches_a_memcpy) {
  std::string s;
  for (int n = 0; n <= 40; ++n) {
    // Bytes with the high bit set too (UTF-8), different at every position.
    for (int k = 0; k < 3; ++k) {
      std::string t = s;
      for (char& c : t) c = static_cast<char>(c * 7 + k * 31 + 1);
      BOOST_TEST(HashId(t) == HashIdByMemcpy(t), "length " << n << " variant " << k);
    }
    s.push_back(static_cast<char>(0x80 + n * 13));
  }
  BOOST_TEST(HashId("ab") != HashId("ba"));
  BOOST_TEST(HashId(std::string("a\0", 2)) != HashId("a"));  // the length is hashed
}

BOOST_AUTO_TEST_CASE(ids_in_order_of_first_appearance) {
  Interner in;
  BOOST_TEST(in.Intern("alice") == 0u);
  BOOST_TEST(in.Intern("bob") == 1u);
  BOOST_TEST(in.Intern("alice") == 0u);
  BOOST_TEST(in.Find("bob").value() == 1u);
  BOOST_TEST(!in.Find("carol").has_value());
  for (int i = 0; i < 1000; ++i) in.Intern("user" + std::to_string(i));  // through growth
  BOOST_TEST(in.Find("user999").value() == 1001u);
  BOOST_TEST(in.Name(2) == "user0");
  BOOST_TEST(in.size() == 1002u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::sim
