// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/pipeline.hpp"

#include "kernels/preprocess/crop.hpp"

#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>

namespace servesim::kernels {
namespace {
using Clock = std::chrono::steady_clock;

std::int64_t elapsed_ns(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(to - from).count();
}
}  // namespace

ClassificationPipeline::ClassificationPipeline(ClassificationPreprocess config)
    : config_(std::move(config)) {
  if (config_.crop_px < 1 || config_.crop_px > config_.resize_shorter_side_px) {
    throw std::invalid_argument(
        "ClassificationPipeline: crop_px " + std::to_string(config_.crop_px) + " must be in 1.." +
        std::to_string(config_.resize_shorter_side_px) + " (resize_shorter_side_px)");
  }
  if (config_.normalize.mean.size() != 3 || config_.normalize.std_dev.size() != 3) {
    throw std::invalid_argument(
        "ClassificationPipeline: normalize needs 3 means and 3 std_devs (RGB)");
  }
}

PreprocessResult ClassificationPipeline::run(std::span<const std::uint8_t> jpeg,
                                             std::string_view source_name) {
  PreprocessResult result;
  run_into(jpeg, result, source_name);
  return result;
}

void ClassificationPipeline::run_into(std::span<const std::uint8_t> jpeg, PreprocessResult& result,
                                      std::string_view source_name) {
  const Clock::time_point t0 = Clock::now();
  decoder_.decode_rgb_into(jpeg, decoded_, source_name);
  const Clock::time_point t1 = Clock::now();
  result.decoded_size = decoded_.size();
  result.resized_size = size_for_shorter_side(decoded_.size(), config_.resize_shorter_side_px);
  const Image resized = resize(decoded_, result.resized_size, config_.resize_method);
  const Clock::time_point t2 = Clock::now();
  const Image cropped = centre_crop(resized, {config_.crop_px, config_.crop_px});
  const Clock::time_point t3 = Clock::now();
  normalize_to_chw_into(cropped, config_.normalize, result.tensor);
  const Clock::time_point t4 = Clock::now();
  result.timings = PreprocessTimings{elapsed_ns(t0, t1), elapsed_ns(t1, t2), elapsed_ns(t2, t3),
                                     elapsed_ns(t3, t4)};
}

PreprocessResult preprocess_for_classification(std::span<const std::uint8_t> jpeg,
                                               const ClassificationPreprocess& config) {
  ClassificationPipeline pipeline(config);
  return pipeline.run(jpeg);
}

}  // namespace servesim::kernels
