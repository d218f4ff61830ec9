// SHA-256 against the FIPS 180-4 / NIST test vectors.
#include "harness/sha256.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace statussim::harness {
namespace {

BOOST_AUTO_TEST_SUITE(sha256)

BOOST_AUTO_TEST_CASE(nist_vectors) {
  BOOST_TEST(Sha256::Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(Sha256::Hex("abc") ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(Sha256::Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  BOOST_TEST(Sha256::Hex(std::string(1'000'000, 'a')) ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Lengths around the 56- and 64-byte padding boundaries, fed in pieces.
BOOST_AUTO_TEST_CASE(incremental_updates_equal_one_shot) {
  for (size_t n : {55u, 56u, 63u, 64u, 65u, 119u, 120u}) {
    const std::string data(n, 'x');
    Sha256 pieces;
    for (char c : data) pieces.Update(std::string_view(&c, 1));
    auto a = pieces.Finish();
    Sha256 whole;
    whole.Update(data);
    BOOST_TEST((a == whole.Finish()), "length " << n);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace statussim::harness
