// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/normalize.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace servesim::kernels;

TEST_CASE("HWC bytes land in CHW planes", "[unit]") {
  // 3 wide, 2 high, RGB: byte value encodes (y, x, c) so every position is distinct.
  Image src(3, 2, 3);
  for (int y = 0; y < 2; ++y) {
    for (int x = 0; x < 3; ++x) {
      for (int c = 0; c < 3; ++c) src.at(y, x, c) = static_cast<std::uint8_t>(100 * c + 10 * y + x);
    }
  }
  // mean 0, std 1: values are byte / 255, so the layout is the only thing tested.
  const TensorChw out = normalize_to_chw(src, NormalizeParams{{0, 0, 0}, {1, 1, 1}});
  REQUIRE(out.channels() == 3);
  REQUIRE(out.height_px() == 2);
  REQUIRE(out.width_px() == 3);
  const float* v = out.data();
  // Plane c starts at c * 6; within it, row-major 3 wide.
  CHECK(v[0] == Approx(0 / 255.0));         // c0 y0 x0
  CHECK(v[2] == Approx(2 / 255.0));         // c0 y0 x2
  CHECK(v[3] == Approx(10 / 255.0));        // c0 y1 x0
  CHECK(v[6] == Approx(100 / 255.0));       // c1 y0 x0
  CHECK(v[6 + 5] == Approx(112 / 255.0));   // c1 y1 x2
  CHECK(v[12 + 4] == Approx(211 / 255.0));  // c2 y1 x1
  CHECK(out.at(2, 1, 1) == Approx(211 / 255.0));
  // Into a reused tensor of another shape: reshaped, same values.
  TensorChw reused(1, 7, 7);
  normalize_to_chw_into(src, NormalizeParams{{0, 0, 0}, {1, 1, 1}}, reused);
  REQUIRE(reused.channels() == 3);
  REQUIRE(reused.element_count() == 18u);
  CHECK(reused.data()[16] == Approx(211 / 255.0));
}

TEST_CASE("ImageNet normalisation values", "[unit]") {
  Image src(1, 1, 3);
  src.at(0, 0, 0) = 255;
  src.at(0, 0, 1) = 0;
  src.at(0, 0, 2) = 128;
  const TensorChw out = normalize_to_chw(src, NormalizeParams::imagenet());
  CHECK(out.at(0, 0, 0) == Approx((1.0 - 0.485) / 0.229));            // 2.2489
  CHECK(out.at(1, 0, 0) == Approx((0.0 - 0.456) / 0.224));            // -2.0357
  CHECK(out.at(2, 0, 0) == Approx((128.0 / 255.0 - 0.406) / 0.225));  // 0.4265
}

TEST_CASE("normalisation parameters must match the image", "[unit]") {
  const Image rgb(2, 2, 3);
  CHECK_THROWS_WITH(normalize_to_chw(rgb, NormalizeParams{{0.5f}, {0.5f}}),
                    Catch::Contains("3 channels") && Catch::Contains("1 means"));
  CHECK_THROWS_WITH(normalize_to_chw(rgb, NormalizeParams{{0, 0, 0}, {1, 0, 1}}),
                    Catch::Contains("std_dev[1]"));
  CHECK_THROWS_AS(normalize_to_chw(Image{}, NormalizeParams::imagenet()), std::invalid_argument);
  // A failed call leaves a reused tensor as it was.
  TensorChw reused(1, 2, 2);
  CHECK_THROWS(normalize_to_chw_into(rgb, NormalizeParams{{0.5f}, {0.5f}}, reused));
  CHECK(reused.channels() == 1);
  // One channel works with one mean and std.
  const Image one(1, 1, 1);
  CHECK(normalize_to_chw(one, NormalizeParams{{0.5f}, {0.5f}}).at(0, 0, 0) == Approx(-1.0));
}
