// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/crop.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace servesim::kernels;

TEST_CASE("centre crop offsets for even and odd margins", "[unit]") {
  // Even margins split evenly: 10x8 -> 4x4 leaves 3 left, 2 top.
  CHECK(centre_crop_rect({10, 8}, {4, 4}) == CropRect{3, 2, 4, 4});
  // Odd margins round down: 5 -> 2 leaves 1 on the left and 2 on the right.
  CHECK(centre_crop_rect({5, 5}, {2, 2}) == CropRect{1, 1, 2, 2});
  CHECK(centre_crop_rect({7, 6}, {4, 3}) == CropRect{1, 1, 4, 3});
  // The classification case: 341x256 -> 224: (117 / 2, 32 / 2).
  CHECK(centre_crop_rect({341, 256}, {224, 224}) == CropRect{58, 16, 224, 224});
  CHECK(centre_crop_rect({224, 224}, {224, 224}) == CropRect{0, 0, 224, 224});
}

TEST_CASE("crop copies the right pixels", "[unit]") {
  Image src(6, 4, 3);
  for (int y = 0; y < 4; ++y) {
    for (int x = 0; x < 6; ++x) {
      for (int c = 0; c < 3; ++c) src.at(y, x, c) = static_cast<std::uint8_t>(100 * c + 10 * y + x);
    }
  }
  const Image out = centre_crop(src, {3, 2});  // left 1, top 1
  REQUIRE(out.size() == ImageSize{3, 2});
  CHECK(out.at(0, 0, 0) == 11);
  CHECK(out.at(0, 2, 1) == 113);
  CHECK(out.at(1, 0, 2) == 221);
  CHECK(out.at(1, 2, 0) == 23);
}

TEST_CASE("crop rejects rectangles outside the image", "[unit]") {
  CHECK_THROWS_WITH(centre_crop_rect({200, 300}, {224, 224}),
                    Catch::Contains("larger than the image 200x300"));
  CHECK_THROWS_AS(centre_crop_rect({200, 300}, {0, 10}), std::invalid_argument);
  const Image src(4, 4, 1);
  CHECK_THROWS_WITH(crop(src, CropRect{2, 0, 3, 2}), Catch::Contains("not inside the image 4x4"));
  CHECK_THROWS_AS(crop(src, CropRect{-1, 0, 2, 2}), std::invalid_argument);
}
