// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/image.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <vector>

using namespace servesim::kernels;

TEST_CASE("Image and TensorChw check their shapes", "[unit]") {
  CHECK_THROWS_WITH(Image(0, 5, 3), Catch::Contains("0x5"));
  CHECK_THROWS_WITH(Image(4, 4, 5), Catch::Contains("5 channels"));
  CHECK_THROWS_WITH(Image(2, 2, 3, std::vector<std::uint8_t>(11)),
                    Catch::Contains("needs 12 bytes, got 11"));
  CHECK_THROWS_AS(TensorChw(3, 0, 2), std::invalid_argument);
  Image image(8, 8, 3);
  image.reset(2, 3, 1);
  CHECK(image.size() == ImageSize{2, 3});
  CHECK(image.size_bytes() == 6u);
  CHECK_THROWS_AS(image.reset(70000, 1, 1), std::invalid_argument);
  CHECK(image.size() == ImageSize{2, 3});  // unchanged after a refused reset
}
