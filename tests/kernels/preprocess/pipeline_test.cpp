// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/pipeline.hpp"

#include "kernels/preprocess/jpeg_codec.hpp"
#include "kernels/preprocess/synthetic_jpeg.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>

using namespace servesim::kernels;

namespace {
// ImageNet extremes: byte 0 on R (mean 0.485, std 0.229), byte 255 on B (0.406, 0.225).
constexpr double kImagenetMin = (0.0 - 0.485) / 0.229;  // -2.1179
constexpr double kImagenetMax = (1.0 - 0.406) / 0.225;  // 2.6400
}  // namespace

TEST_CASE("the classification pipeline makes a 3x224x224 tensor", "[unit]") {
  const auto jpeg = generate_synthetic_jpeg(image_class_by_name("small"), 1);
  ClassificationPipeline pipeline;
  const PreprocessResult result = pipeline.run(jpeg, "small-1.jpg");
  CHECK(result.decoded_size == ImageSize{500, 375});
  CHECK(result.resized_size == ImageSize{341, 256});
  REQUIRE(result.tensor.channels() == 3);
  REQUIRE(result.tensor.height_px() == 224);
  REQUIRE(result.tensor.width_px() == 224);
  const auto values = result.tensor.values();
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  CHECK(*lo >= kImagenetMin - 1e-4);
  CHECK(*hi <= kImagenetMax + 1e-4);
  // Busy content spans most of the range.
  CHECK(*hi - *lo > 3.0f);
  CHECK(result.timings.decode_ns > 0);
  CHECK(result.timings.resize_ns > 0);
  CHECK(result.timings.normalize_ns > 0);
  CHECK(result.timings.total_ns() == result.timings.decode_ns + result.timings.resize_ns +
                                         result.timings.crop_ns + result.timings.normalize_ns);
  // A reused pipeline, and a reused result, give the same tensor.
  const PreprocessResult again = pipeline.run(jpeg);
  CHECK(std::equal(values.begin(), values.end(), again.tensor.values().begin()));
  PreprocessResult reused;
  pipeline.run_into(generate_synthetic_jpeg(640, 480, 2), reused);
  pipeline.run_into(jpeg, reused);
  CHECK(reused.decoded_size == ImageSize{500, 375});
  CHECK(std::equal(values.begin(), values.end(), reused.tensor.values().begin()));
}

TEST_CASE("a flat colour comes out as its normalised value everywhere", "[unit]") {
  // Independent of the pipeline code: (200/255 - 0.485)/0.229 etc., within one JPEG level.
  Image flat(320, 200, 3);
  for (int y = 0; y < 200; ++y) {
    for (int x = 0; x < 320; ++x) {
      flat.at(y, x, 0) = 200;
      flat.at(y, x, 1) = 100;
      flat.at(y, x, 2) = 50;
    }
  }
  const auto jpeg = encode_jpeg(flat, 100, ChromaSubsampling::k444);
  for (const ResizeMethod method : {ResizeMethod::kBilinear, ResizeMethod::kArea}) {
    ClassificationPreprocess config;
    config.resize_method = method;
    const PreprocessResult result = preprocess_for_classification(jpeg, config);
    CHECK(result.resized_size == ImageSize{409, 256});  // 256 * 320 / 200 = 409.6
    const double expected[3] = {(200 / 255.0 - 0.485) / 0.229, (100 / 255.0 - 0.456) / 0.224,
                                (50 / 255.0 - 0.406) / 0.225};
    const double one_level[3] = {1 / 255.0 / 0.229, 1 / 255.0 / 0.224, 1 / 255.0 / 0.225};
    for (int c = 0; c < 3; ++c) {
      for (int y = 0; y < 224; y += 37) {
        for (int x = 0; x < 224; x += 41) {
          CHECK(result.tensor.at(c, y, x) == Approx(expected[c]).margin(one_level[c] * 1.01));
        }
      }
    }
  }
}

TEST_CASE("the pipeline rejects bad settings and bad data", "[unit]") {
  ClassificationPreprocess too_big;
  too_big.crop_px = 300;
  CHECK_THROWS_WITH(ClassificationPipeline(too_big), Catch::Contains("crop_px 300"));
  ClassificationPreprocess gray_stats;
  gray_stats.normalize = NormalizeParams{{0.5f}, {0.5f}};
  CHECK_THROWS_AS(ClassificationPipeline(gray_stats), std::invalid_argument);
  ClassificationPipeline pipeline;
  const std::vector<std::uint8_t> garbage(64, 0x42);
  CHECK_THROWS_WITH(pipeline.run(garbage, "req-9"),
                    Catch::Contains("req-9") && Catch::Contains("Not a JPEG file"));
}
