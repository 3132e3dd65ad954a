// SPDX-License-Identifier: Apache-2.0
// The CUDA kernels' per-element bodies, run on the CPU over the kernels' own grids, against the
// CPU kernels of kernels/preprocess: same bytes, same floats.
#include "kernels/cuda/preprocess_reference.hpp"

#include "kernels/cuda/preprocess_params.hpp"
#include "kernels/preprocess/crop.hpp"
#include "kernels/preprocess/normalize.hpp"
#include "kernels/preprocess/resize.hpp"

#include <catch2/catch.hpp>

#include "test_images.hpp"
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

using namespace servesim::kernels;
using namespace servesim::kernels::cuda;
using servesim::tests::bytes_of;
using servesim::tests::test_image;

namespace {

struct ResizeCase {
  int src_w, src_h, channels, dst_w, dst_h;
};

// Odd sizes, upscales, downscales, non-integer and integer ratios, 1-pixel and 1-row images,
// 1, 3 and 4 channels.
const ResizeCase kResizeCases[] = {
    {7, 5, 3, 23, 19},    {64, 48, 3, 17, 13}, {64, 48, 3, 32, 24}, {13, 11, 1, 13, 11},
    {1, 1, 3, 5, 4},      {9, 1, 4, 4, 1},     {31, 29, 3, 1, 1},   {500, 375, 3, 224, 224},
    {101, 57, 4, 67, 89}, {3, 200, 3, 5, 37},
};

}  // namespace

TEST_CASE("reference bilinear: 2x1 -> 4x1 computed by hand", "[unit]") {
  // Source x per output: -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1): 0, 63.75 -> 64,
  // 191.25 -> 191, 255.
  const Image src(2, 1, 1, {0, 255});
  CHECK(bytes_of(resize_bilinear_reference(src, {4, 1})) ==
        std::vector<std::uint8_t>{0, 64, 191, 255});
}

TEST_CASE("reference bilinear resize equals kernels::resize_bilinear", "[unit]") {
  std::uint64_t seed = 1;
  for (const ResizeCase& k : kResizeCases) {
    INFO(k.src_w << "x" << k.src_h << "x" << k.channels << " -> " << k.dst_w << "x" << k.dst_h);
    const Image src = test_image(k.src_w, k.src_h, k.channels, seed++);
    CHECK(bytes_of(resize_bilinear_reference(src, {k.dst_w, k.dst_h})) ==
          bytes_of(resize_bilinear(src, k.dst_w, k.dst_h)));
  }
}

TEST_CASE("reference area resize equals kernels::resize_area", "[unit]") {
  std::uint64_t seed = 100;
  for (const ResizeCase& k : kResizeCases) {
    INFO(k.src_w << "x" << k.src_h << "x" << k.channels << " -> " << k.dst_w << "x" << k.dst_h);
    const Image src = test_image(k.src_w, k.src_h, k.channels, seed++);
    CHECK(bytes_of(resize_area_reference(src, {k.dst_w, k.dst_h})) ==
          bytes_of(resize_area(src, k.dst_w, k.dst_h)));
  }
}

TEST_CASE("reference launches write only inside the output", "[unit]") {
  // Guard bytes after the output catch a grid that indexes past the image.
  const Image src = test_image(37, 23, 3, 7);
  const ImageSize out{19, 11};
  const std::size_t out_bytes = 19 * 11 * 3;
  std::vector<std::uint8_t> dst(out_bytes + 64, 0xAB);
  resize_bilinear_reference(make_resize_params(src.data(), src.size(), 3, dst.data(), out));
  resize_area_reference(make_resize_params(src.data(), src.size(), 3, dst.data(), out));
  crop_reference(make_crop_params(src.data(), src.size(), 3, {5, 6, 19, 11}, dst.data()));
  for (std::size_t i = out_bytes; i < dst.size(); ++i) REQUIRE(dst[i] == 0xAB);
  std::vector<float> planes(out_bytes + 16, -7.0F);
  const Image small = test_image(19, 11, 3, 8);
  normalize_chw_reference(make_normalize_params(small.data(), small.size(), 3,
                                                NormalizeParams::imagenet(), planes.data()));
  for (std::size_t i = out_bytes; i < planes.size(); ++i) REQUIRE(planes[i] == -7.0F);
}

TEST_CASE("reference crop equals kernels::crop", "[unit]") {
  const Image src = test_image(13, 11, 3, 3);
  for (const CropRect& rect : {CropRect{0, 0, 13, 11}, CropRect{3, 3, 7, 5}, CropRect{12, 10, 1, 1},
                               centre_crop_rect({13, 11}, {8, 6})}) {
    CHECK(bytes_of(crop_reference(src, rect)) == bytes_of(crop(src, rect)));
  }
  // The classification pipeline's crop: 341x256 -> centre 224x224.
  const Image resized = test_image(341, 256, 3, 4);
  CHECK(bytes_of(crop_reference(resized, centre_crop_rect(resized.size(), {224, 224}))) ==
        bytes_of(centre_crop(resized, {224, 224})));
}

TEST_CASE("reference normalise + HWC->CHW equals kernels::normalize_to_chw bit for bit", "[unit]") {
  struct Case {
    int w, h, channels;
  };
  for (const Case& k :
       {Case{1, 1, 3}, Case{7, 5, 3}, Case{224, 224, 3}, Case{33, 17, 1}, Case{9, 13, 4}}) {
    INFO(k.w << "x" << k.h << "x" << k.channels);
    const Image src = test_image(k.w, k.h, k.channels, 11);
    NormalizeParams norm;
    for (int c = 0; c < k.channels; ++c) {
      norm.mean.push_back(0.4F + 0.03F * static_cast<float>(c));
      norm.std_dev.push_back(0.2F + 0.01F * static_cast<float>(c));
    }
    const TensorChw got = normalize_chw_reference(src, norm);
    const TensorChw want = normalize_to_chw(src, norm);
    REQUIRE(got.element_count() == want.element_count());
    CHECK(std::memcmp(got.data(), want.data(), want.size_bytes()) == 0);
  }
  // By hand: 255 with mean 0.5, std 0.25 -> (1 - 0.5) / 0.25 = 2; 0 -> -2.
  const TensorChw t = normalize_chw_reference(Image(2, 1, 1, {255, 0}), {{0.5F}, {0.25F}});
  CHECK(t.at(0, 0, 0) == 2.0F);
  CHECK(t.at(0, 0, 1) == -2.0F);
}

TEST_CASE("kernel params reject what the CPU kernels reject", "[unit]") {
  std::uint8_t byte = 0;
  float value = 0;
  CHECK_THROWS_AS(make_resize_params(&byte, {0, 5}, 3, &byte, {2, 2}), std::invalid_argument);
  CHECK_THROWS_AS(make_resize_params(&byte, {5, 5}, 5, &byte, {2, 2}), std::invalid_argument);
  CHECK_THROWS_AS(make_resize_params(nullptr, {5, 5}, 3, &byte, {2, 2}), std::invalid_argument);
  CHECK_THROWS_WITH(make_crop_params(&byte, {10, 10}, 3, {5, 5, 6, 2}, &byte),
                    Catch::Contains("not inside the image 10x10"));
  CHECK_THROWS_WITH(
      make_normalize_params(&byte, {4, 4}, 3, NormalizeParams{{0.5F}, {0.5F}}, &value),
      Catch::Contains("give one of each per channel"));
  CHECK_THROWS_WITH(
      make_normalize_params(&byte, {4, 4}, 1, NormalizeParams{{0.5F}, {0.0F}}, &value),
      Catch::Contains("must be positive"));
}
