// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/color.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <utility>
#include <vector>

using namespace servesim::kernels;

namespace {
Image rgb_row(std::vector<std::uint8_t> values) {
  const int width = static_cast<int>(values.size() / 3);
  return Image(width, 1, 3, std::move(values));
}
}  // namespace

TEST_CASE("RGB <-> BGR swaps channels 0 and 2", "[unit]") {
  const Image bgr = swap_rgb_bgr(rgb_row({1, 2, 3, 40, 50, 60}));
  CHECK(std::vector<std::uint8_t>(bgr.bytes().begin(), bgr.bytes().end()) ==
        std::vector<std::uint8_t>{3, 2, 1, 60, 50, 40});
  // Twice is the identity.
  const Image back = swap_rgb_bgr(bgr);
  CHECK(back.at(0, 1, 0) == 40);
}

TEST_CASE("RGB -> gray with BT.601 weights, rounded", "[unit]") {
  // 0.299*255 = 76.245; 0.587*255 = 149.685; 0.114*255 = 29.07; 2.99 + 11.74 + 3.42 = 18.15.
  const Image out =
      rgb_to_gray(rgb_row({255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 255, 255, 255}));
  REQUIRE(out.channels() == 1);
  CHECK(std::vector<std::uint8_t>(out.bytes().begin(), out.bytes().end()) ==
        std::vector<std::uint8_t>{76, 150, 29, 18, 255});
}

TEST_CASE("colour conversions need three channels", "[unit]") {
  const Image one(2, 2, 1);
  CHECK_THROWS_WITH(rgb_to_gray(one), Catch::Contains("1 channels"));
  CHECK_THROWS_AS(swap_rgb_bgr(one), std::invalid_argument);
}
