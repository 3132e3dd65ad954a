// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/resize.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

using namespace servesim::kernels;

namespace {
Image gray(int width_px, int height_px, std::vector<std::uint8_t> values) {
  return Image(width_px, height_px, 1, std::move(values));
}

std::vector<std::uint8_t> bytes_of(const Image& image) {
  return {image.bytes().begin(), image.bytes().end()};
}
}  // namespace

TEST_CASE("bilinear 2x2 -> 4x4, values computed by hand", "[unit]") {
  // Taps per axis (index0, index1, weight1): (0,1,0) (0,1,.25) (0,1,.75) (1,1,0).
  // Top row 0, 100 -> 0 25 75 100; bottom row 200, 40 -> 200 160 80 40;
  // rows 1 and 2 are 1/4 and 3/4 of the way down, rounded half up.
  const Image src = gray(2, 2, {0, 100, 200, 40});
  const Image out = resize_bilinear(src, 4, 4);
  REQUIRE(out.width_px() == 4);
  REQUIRE(out.height_px() == 4);
  CHECK(bytes_of(out) == std::vector<std::uint8_t>{0, 25, 75, 100,    //
                                                   50, 59, 76, 85,    // 58.75, 76.25
                                                   150, 126, 79, 55,  // 126.25, 78.75
                                                   200, 160, 80, 40});
}

TEST_CASE("bilinear 4x4 -> 2x2 averages each 2x2 block", "[unit]") {
  const Image src =
      gray(4, 4, {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150});
  CHECK(bytes_of(resize_bilinear(src, 2, 2)) == std::vector<std::uint8_t>{25, 45, 105, 125});
}

TEST_CASE("area 4x4 -> 2x2 equals the block means", "[unit]") {
  // Blocks chosen so that a bilinear 2x2 tap would give something else only if it were wrong.
  const Image src = gray(4, 4, {0, 255, 10, 10, 255, 0, 10, 10, 7, 9, 200, 0, 11, 13, 0, 0});
  // Block means: (0+255+255+0)/4 = 127.5 -> 128; 10; (7+9+11+13)/4 = 10; 200/4 = 50.
  CHECK(bytes_of(resize_area(src, 2, 2)) == std::vector<std::uint8_t>{128, 10, 10, 50});
}

TEST_CASE("area 3x3 -> 2x2 with fractional coverage", "[unit]") {
  // Each output covers 1.5 x 1.5 source pixels: weights 1 and 0.5 along each axis, / 2.25.
  // (0,0): (0 + 0.5*30 + 0.5*90 + 0.25*120) / 2.25 = 40
  // (1,0): (0.5*30 + 60 + 0.25*120 + 0.5*150) / 2.25 = 80
  // (0,1): (0.5*90 + 0.25*120 + 180 + 0.5*210) / 2.25 = 160
  // (1,1): (0.25*120 + 0.5*150 + 0.5*210 + 240) / 2.25 = 200
  const Image src = gray(3, 3, {0, 30, 60, 90, 120, 150, 180, 210, 240});
  CHECK(bytes_of(resize_area(src, 2, 2)) == std::vector<std::uint8_t>{40, 80, 160, 200});
  // A non-linear row, 3 -> 2: (0 + 45) / 1.5 = 30 and (45 + 30) / 1.5 = 50.
  CHECK(bytes_of(resize_area(gray(3, 1, {0, 90, 30}), 2, 1)) == std::vector<std::uint8_t>{30, 50});
}

TEST_CASE("resizes keep channels apart and constant images constant", "[unit]") {
  Image src(7, 5, 3);
  for (int y = 0; y < 5; ++y) {
    for (int x = 0; x < 7; ++x) {
      src.at(y, x, 0) = 10;
      src.at(y, x, 1) = 128;
      src.at(y, x, 2) = 250;
    }
  }
  for (const ResizeMethod method : {ResizeMethod::kBilinear, ResizeMethod::kArea}) {
    for (const ImageSize size : {ImageSize{3, 2}, ImageSize{16, 11}, ImageSize{7, 1}}) {
      const Image out = resize(src, size, method);
      REQUIRE(out.size() == size);
      REQUIRE(out.channels() == 3);
      for (int y = 0; y < size.height_px; ++y) {
        for (int x = 0; x < size.width_px; ++x) {
          CHECK(out.at(y, x, 0) == 10);
          CHECK(out.at(y, x, 1) == 128);
          CHECK(out.at(y, x, 2) == 250);
        }
      }
    }
  }
}

TEST_CASE("shorter-side sizes truncate the longer side like torchvision", "[unit]") {
  CHECK(size_for_shorter_side({500, 375}, 256) == ImageSize{341, 256});    // 341.33
  CHECK(size_for_shorter_side({1920, 1080}, 256) == ImageSize{455, 256});  // 455.11
  CHECK(size_for_shorter_side({4032, 3024}, 256) == ImageSize{341, 256});
  CHECK(size_for_shorter_side({375, 500}, 256) == ImageSize{256, 341});
  CHECK(size_for_shorter_side({300, 300}, 256) == ImageSize{256, 256});
  CHECK_THROWS_AS(size_for_shorter_side({0, 300}, 256), std::invalid_argument);
}

TEST_CASE("resize rejects an empty source or target", "[unit]") {
  const Image src = gray(2, 2, {1, 2, 3, 4});
  CHECK_THROWS_WITH(resize_bilinear(src, 0, 3), Catch::Contains("0x3"));
  CHECK_THROWS_AS(resize_area(Image{}, 2, 2), std::invalid_argument);
}
