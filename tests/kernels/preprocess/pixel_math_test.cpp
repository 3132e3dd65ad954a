// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/pixel_math.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

using namespace servesim::kernels;

namespace {
void check_tap(const LinearTap& tap, int index0, int index1, float weight1) {
  CHECK(tap.index0 == index0);
  CHECK(tap.index1 == index1);
  CHECK(tap.weight1 == Approx(weight1).margin(1e-6));
}
}  // namespace

TEST_CASE("linear taps use half-pixel centres and clamp at the edges", "[unit]") {
  // 2 -> 4: src = (dst + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25; the outer two clamp.
  check_tap(linear_tap(0, 2, 4), 0, 1, 0.0f);
  check_tap(linear_tap(1, 2, 4), 0, 1, 0.25f);
  check_tap(linear_tap(2, 2, 4), 0, 1, 0.75f);
  check_tap(linear_tap(3, 2, 4), 1, 1, 0.0f);
  // 4 -> 2: src = (dst + 0.5) * 2 - 0.5 = 0.5, 2.5: the mean of each pair.
  check_tap(linear_tap(0, 4, 2), 0, 1, 0.5f);
  check_tap(linear_tap(1, 4, 2), 2, 3, 0.5f);
  // 3 -> 2: src = (dst + 0.5) * 1.5 - 0.5 = 0.25, 1.75.
  check_tap(linear_tap(0, 3, 2), 0, 1, 0.25f);
  check_tap(linear_tap(1, 3, 2), 1, 2, 0.75f);
  // A one-sample axis always reads sample 0.
  check_tap(linear_tap(0, 1, 3), 0, 0, 0.0f);
  check_tap(linear_tap(2, 1, 3), 0, 0, 0.0f);
}

TEST_CASE("bilinear_coords combines the two axes", "[unit]") {
  // x: 2 -> 4, dst 1 reads src 0.25; y: 4 -> 2, dst 1 reads src 2.5.
  const BilinearCoords at = bilinear_coords(1, 1, 2, 4, 4, 2);
  check_tap(at.x, 0, 1, 0.25f);
  check_tap(at.y, 2, 3, 0.5f);
}

TEST_CASE("HWC and CHW offsets", "[unit]") {
  // (y=1, x=2, c=1) in a 4-wide RGB image: (1 * 4 + 2) * 3 + 1.
  CHECK(hwc_index(1, 2, 1, 4, 3) == 19u);
  CHECK(hwc_index(0, 0, 0, 4, 3) == 0u);
  // (c=2, y=1, x=3) in 2 x 5 planes: (2 * 2 + 1) * 5 + 3.
  CHECK(chw_index(2, 1, 3, 2, 5) == 28u);
  // Large images: no int overflow (65535 x 65535 x 4 is past 2^31).
  CHECK(hwc_index(65534, 65534, 3, 65535, 4) == (65534ull * 65535ull + 65534ull) * 4ull + 3ull);
}

TEST_CASE("bilinear sample of one channel", "[unit]") {
  // 2x2 RGB image; channel 1 holds 0, 100 / 200, 255.
  const std::uint8_t image[] = {9, 0, 9, 9, 100, 9, 9, 200, 9, 9, 255, 9};
  const BilinearCoords at{{0, 1, 0.25f}, {0, 1, 0.5f}};
  // top = 0 + 100 * 0.25 = 25, bottom = 200 + 55 * 0.25 = 213.75, mid = 119.375.
  CHECK(bilinear_sample(image, 2, 3, 1, at) == Approx(119.375f));
  CHECK(bilinear_sample(image, 2, 3, 0, at) == Approx(9.0f));
  const BilinearCoords corner{{1, 1, 0.0f}, {1, 1, 0.0f}};
  CHECK(bilinear_sample(image, 2, 3, 1, corner) == 255.0f);
}

TEST_CASE("area average weights partly covered pixels by their coverage", "[unit]") {
  // 4x4 gray -> 2x2: each output is its 2x2 block mean.
  const std::uint8_t block[] = {0,  10, 20,  30,  40,  50,  60,  70,
                                80, 90, 100, 110, 120, 130, 140, 150};
  CHECK(area_average(block, 4, 4, 1, 0, 0, 0, 2, 2) == Approx(25.0f));
  CHECK(area_average(block, 4, 4, 1, 0, 1, 0, 2, 2) == Approx(45.0f));
  CHECK(area_average(block, 4, 4, 1, 0, 0, 1, 2, 2) == Approx(105.0f));
  CHECK(area_average(block, 4, 4, 1, 0, 1, 1, 2, 2) == Approx(125.0f));
  // 3x1 -> 2x1: output 0 covers [0, 1.5): (0 * 1 + 90 * 0.5) / 1.5 = 30;
  // output 1 covers [1.5, 3): (90 * 0.5 + 30 * 1) / 1.5 = 50.
  const std::uint8_t row[] = {0, 90, 30};
  CHECK(area_average(row, 3, 1, 1, 0, 0, 0, 2, 1) == Approx(30.0f));
  CHECK(area_average(row, 3, 1, 1, 0, 1, 0, 2, 1) == Approx(50.0f));
  // Interleaved channels are averaged separately: channel 1 of a 2x1 RGB pixel pair.
  const std::uint8_t rgb[] = {1, 10, 3, 4, 30, 6};
  CHECK(area_average(rgb, 2, 1, 3, 1, 0, 0, 1, 1) == Approx(20.0f));
}

TEST_CASE("normalise one value", "[unit]") {
  CHECK(normalize_value(255.0f, 0.406f, 0.225f) == Approx((1.0 - 0.406) / 0.225));
  CHECK(normalize_value(0.0f, 0.485f, 0.229f) == Approx(-0.485 / 0.229));
  // Near zero: float cancellation leaves ~1e-7 absolute error, hence the margin.
  CHECK(normalize_value(128.0f, 0.5f, 0.25f) == Approx((128.0 / 255.0 - 0.5) / 0.25).margin(1e-6));
  CHECK(normalize_value(51.0f, 0.0f, 1.0f) == Approx(0.2));
}

TEST_CASE("RGB to gray uses BT.601 weights", "[unit]") {
  CHECK(rgb_to_gray(255, 0, 0) == Approx(76.245));
  CHECK(rgb_to_gray(0, 255, 0) == Approx(149.685));
  CHECK(rgb_to_gray(0, 0, 255) == Approx(29.07));
  CHECK(rgb_to_gray(10, 20, 30) == Approx(18.15));
  CHECK(rgb_to_gray(255, 255, 255) == Approx(255.0));
}

TEST_CASE("saturating round to a byte", "[unit]") {
  CHECK(round_saturate_u8(-3.0f) == 0);
  CHECK(round_saturate_u8(0.49f) == 0);
  CHECK(round_saturate_u8(0.5f) == 1);
  CHECK(round_saturate_u8(127.5f) == 128);
  CHECK(round_saturate_u8(149.685f) == 150);
  CHECK(round_saturate_u8(254.49f) == 254);
  CHECK(round_saturate_u8(254.5f) == 255);
  CHECK(round_saturate_u8(300.0f) == 255);
  CHECK(round_saturate_u8(std::numeric_limits<float>::infinity()) == 255);
  CHECK(round_saturate_u8(std::numeric_limits<float>::quiet_NaN()) == 0);
}
