// The one translation unit that defines the Boost.Test module of unit_tests.
#define BOOST_TEST_MODULE statussim
#include <boost/test/unit_test.hpp>
