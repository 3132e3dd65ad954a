// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/image.hpp"
#include "kernels/preprocess/jpeg_codec.hpp"
#include "kernels/preprocess/normalize.hpp"
#include "kernels/preprocess/resize.hpp"

#include <cstdint>
#include <span>
#include <string_view>

namespace servesim::kernels {

/// The classic ImageNet classification preprocessing (torchvision's Resize(256),
/// CenterCrop(224), ToTensor, Normalize(ImageNet)).
struct ClassificationPreprocess {
  int resize_shorter_side_px = 256;
  int crop_px = 224;
  ResizeMethod resize_method = ResizeMethod::kBilinear;
  NormalizeParams normalize = NormalizeParams::imagenet();
};

/// Wall time of each step of one run, steady_clock nanoseconds.
struct PreprocessTimings {
  std::int64_t decode_ns = 0;
  std::int64_t resize_ns = 0;
  std::int64_t crop_ns = 0;
  std::int64_t normalize_ns = 0;  ///< normalisation and the HWC -> CHW layout change together
  std::int64_t total_ns() const noexcept { return decode_ns + resize_ns + crop_ns + normalize_ns; }
};

/// The tensor and what happened on the way.
struct PreprocessResult {
  TensorChw tensor;  ///< 3 x crop_px x crop_px
  ImageSize decoded_size;
  ImageSize resized_size;
  PreprocessTimings timings;
};

/// decode -> resize shorter side -> centre crop -> normalise, with one decoder reused across
/// calls (as a server worker thread would). Not thread-safe: one per thread.
class ClassificationPipeline {
 public:
  /// Throws std::invalid_argument if crop_px is not in 1..resize_shorter_side_px or the
  /// normalisation does not have 3 channels.
  explicit ClassificationPipeline(ClassificationPreprocess config = {});

  /// Throws std::runtime_error (naming `source_name`) for data that does not decode.
  PreprocessResult run(std::span<const std::uint8_t> jpeg,
                       std::string_view source_name = "JPEG buffer");
  /// The same into `result`, reusing its tensor's allocation. The decoded image is kept in a
  /// buffer owned by the pipeline in both forms, so repeated runs skip the big allocation.
  void run_into(std::span<const std::uint8_t> jpeg, PreprocessResult& result,
                std::string_view source_name = "JPEG buffer");

  const ClassificationPreprocess& config() const noexcept { return config_; }

 private:
  ClassificationPreprocess config_;
  JpegDecoder decoder_;
  Image decoded_;  // reused across runs
};

/// One-shot form of ClassificationPipeline::run.
PreprocessResult preprocess_for_classification(std::span<const std::uint8_t> jpeg,
                                               const ClassificationPreprocess& config = {});

}  // namespace servesim::kernels
