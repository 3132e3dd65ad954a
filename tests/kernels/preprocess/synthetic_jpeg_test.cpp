// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/synthetic_jpeg.hpp"

#include "kernels/preprocess/jpeg_codec.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

using namespace servesim::kernels;

namespace {
// The stated band: within a factor 1.5 of the class target (README.md lists measured sizes).
void check_size_band(const ImageClass& image_class, std::uint64_t seed) {
  const std::vector<std::uint8_t> jpeg = generate_synthetic_jpeg(image_class, seed);
  INFO(std::string(image_class.name) << " seed " << seed << ": " << jpeg.size() << " bytes");
  CHECK(static_cast<double>(jpeg.size()) >
        static_cast<double>(image_class.target_jpeg_bytes) / 1.5);
  CHECK(static_cast<double>(jpeg.size()) <
        static_cast<double>(image_class.target_jpeg_bytes) * 1.5);
  const JpegInfo info = read_jpeg_dimensions(jpeg);
  CHECK(info.width_px == image_class.width_px);
  CHECK(info.height_px == image_class.height_px);
  CHECK(info.subsampling == ChromaSubsampling::k420);
}
}  // namespace

TEST_CASE("the default image classes", "[unit]") {
  const auto classes = default_image_classes();
  REQUIRE(classes.size() == 3);
  CHECK(classes[0].name == "small");
  CHECK(image_class_by_name("small").width_px == 500);
  CHECK(image_class_by_name("small").height_px == 375);
  CHECK(image_class_by_name("medium").width_px == 1920);
  CHECK(image_class_by_name("medium").height_px == 1080);
  CHECK(image_class_by_name("large").width_px == 4032);
  CHECK(image_class_by_name("large").height_px == 3024);
  CHECK(image_class_by_name("large").target_jpeg_bytes == 3'000'000);
  CHECK_THROWS_WITH(image_class_by_name("huge"),
                    Catch::Contains("'huge'") && Catch::Contains("small, medium, large"));
}

TEST_CASE("synthetic JPEGs are deterministic per seed", "[unit]") {
  const auto a = generate_synthetic_jpeg(160, 120, 42);
  const auto b = generate_synthetic_jpeg(160, 120, 42);
  const auto c = generate_synthetic_jpeg(160, 120, 43);
  CHECK(a == b);
  CHECK(a != c);
  const auto& small = image_class_by_name("small");
  CHECK(generate_synthetic_jpeg(small, 5) == generate_synthetic_jpeg(small, 5));
  // Quality changes the bytes, not the picture's size.
  const auto low = generate_synthetic_jpeg(160, 120, 42, 50);
  CHECK(low.size() < a.size());
}

TEST_CASE("synthetic images are not flat", "[unit]") {
  // Photograph-like content has detail everywhere: most 8x8 blocks vary, unlike flat colour.
  const Image image = generate_synthetic_image(256, 192, 9);
  int busy_blocks = 0;
  int blocks = 0;
  for (int by = 0; by + 8 <= 192; by += 8) {
    for (int bx = 0; bx + 8 <= 256; bx += 8) {
      int lo = 255;
      int hi = 0;
      for (int y = by; y < by + 8; ++y) {
        for (int x = bx; x < bx + 8; ++x) {
          lo = std::min<int>(lo, image.at(y, x, 1));
          hi = std::max<int>(hi, image.at(y, x, 1));
        }
      }
      ++blocks;
      if (hi - lo >= 8) ++busy_blocks;
    }
  }
  CHECK(busy_blocks > blocks * 9 / 10);
}

TEST_CASE("small synthetic JPEGs land near 110 KB", "[unit]") {
  for (std::uint64_t seed : {1, 2, 3}) check_size_band(image_class_by_name("small"), seed);
}

TEST_CASE("medium and large synthetic JPEGs land near 0.5 MB and 3 MB", "[slow]") {
  check_size_band(image_class_by_name("medium"), 1);
  check_size_band(image_class_by_name("large"), 1);
}
