// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/preprocess_points.hpp"

#include "calib/sweep/classification_postprocess.hpp"
#include "kernels/preprocess/crop.hpp"
#include "kernels/preprocess/jpeg_codec.hpp"
#include "kernels/preprocess/normalize.hpp"
#include "kernels/preprocess/synthetic_image.hpp"

#include <cmath>

namespace servesim::calib {
namespace {

using kernels::Image;
using kernels::ImageSize;
using kernels::ResizeMethod;

constexpr int kCropPx = 224;
constexpr int kShorterSidePx = 256;
constexpr int kLogits = 1000;
constexpr int kTopK = 5;

std::string size_text(ImageSize s) {
  return std::to_string(s.width_px) + "x" + std::to_string(s.height_px);
}

std::int64_t pixels(ImageSize s) { return static_cast<std::int64_t>(s.width_px) * s.height_px; }

CostPoint key(const std::string& op, const std::string& variant, std::int64_t input_pixels,
              std::int64_t input_bytes, std::int64_t output_bytes, const std::string& source) {
  CostPoint p;
  p.op = op;
  p.variant = variant;
  p.batch = 1;
  p.input_pixels = input_pixels;
  p.input_bytes = input_bytes;
  p.output_bytes = output_bytes;
  p.threads = 1;
  p.source = source;
  return p;
}

ImageSize target_size(ImageSize source, ResizeTarget target) {
  return target == ResizeTarget::square_224
             ? ImageSize{kCropPx, kCropPx}
             : kernels::size_for_shorter_side(source, kShorterSidePx);
}

const char* method_name(ResizeMethod method) {
  return method == ResizeMethod::kArea ? "area" : "bilinear";
}

}  // namespace

std::string resize_variant(ResizeMethod method, ResizeTarget target) {
  return std::string(method_name(method)) +
         (target == ResizeTarget::shorter_side_256 ? "_shorter256" : "");
}

std::vector<SweepPoint> decode_points(const std::vector<SweepImage>& images,
                                      const std::shared_ptr<SyntheticJpegCache>& jpegs) {
  std::vector<SweepPoint> points;
  for (const SweepImage& image : images) {
    auto jpeg = jpegs->jpeg(image);
    SweepPoint p;
    p.key = key(
        "jpeg_decode", "", image.pixels(), static_cast<std::int64_t>(jpeg->size()),
        image.pixels() * 3,
        jpegs->describe(image) + " -> RGB u8, libjpeg-turbo TurboJPEG decode into a reused buffer");
    p.label = "jpeg_decode " + image.describe();
    p.prepare = [jpeg]() -> std::function<void()> {
      auto decoder = std::make_shared<kernels::JpegDecoder>();
      auto out = std::make_shared<Image>();
      return [jpeg, decoder, out] { decoder->decode_rgb_into(*jpeg, *out, "calibration JPEG"); };
    };
    points.push_back(std::move(p));
  }
  return points;
}

std::vector<SweepPoint> resize_points(const std::vector<SweepImage>& images,
                                      const std::shared_ptr<SyntheticJpegCache>& jpegs,
                                      const std::vector<ResizeMethod>& methods,
                                      const std::vector<ResizeTarget>& targets) {
  std::vector<SweepPoint> points;
  for (ResizeMethod method : methods) {
    for (ResizeTarget target : targets) {
      for (const SweepImage& image : images) {
        const ImageSize source{image.width_px, image.height_px};
        const ImageSize out = target_size(source, target);
        auto jpeg = jpegs->jpeg(image);
        SweepPoint p;
        p.key = key("resize", resize_variant(method, target), image.pixels(), image.pixels() * 3,
                    pixels(out) * 3,
                    std::string(method_name(method)) + " resize RGB u8 " + size_text(source) +
                        " -> " + size_text(out) + " (decoded " + jpegs->describe(image) + ")");
        p.label = "resize " + p.key.variant + " " + image.describe() + " -> " + size_text(out);
        p.prepare = [jpeg, out, method]() -> std::function<void()> {
          auto src = std::make_shared<Image>(kernels::decode_jpeg_rgb(*jpeg, "calibration JPEG"));
          return [src, out, method] { kernels::resize(*src, out, method); };
        };
        points.push_back(std::move(p));
      }
    }
  }
  return points;
}

std::vector<ImageSize> standard_crop_sources() {
  return {{256, 256}, {341, 256}, {455, 256}, {683, 512}};
}

std::vector<SweepPoint> crop_points(const std::vector<ImageSize>& sources) {
  std::vector<SweepPoint> points;
  for (const ImageSize source : sources) {
    SweepPoint p;
    p.key = key("crop", "", pixels(source), pixels(source) * 3, kCropPx * kCropPx * 3,
                "centre crop RGB u8 " + size_text(source) + " -> 224x224 into a new image");
    p.label = "crop " + size_text(source) + " -> 224x224";
    p.prepare = [source]() -> std::function<void()> {
      auto src = std::make_shared<Image>(
          kernels::generate_synthetic_image(source.width_px, source.height_px, 7));
      return [src] { kernels::centre_crop(*src, {kCropPx, kCropPx}); };
    };
    points.push_back(std::move(p));
  }
  return points;
}

std::vector<ImageSize> standard_normalize_sizes() {
  return {{112, 112}, {224, 224}, {320, 320}, {640, 640}};
}

std::vector<SweepPoint> normalize_points(const std::vector<ImageSize>& sizes) {
  std::vector<SweepPoint> points;
  for (const ImageSize size : sizes) {
    SweepPoint p;
    p.key = key("normalize", "", pixels(size), pixels(size) * 3, pixels(size) * 3 * 4,
                "ImageNet normalise + HWC->CHW, RGB u8 " + size_text(size) +
                    " -> fp32 into a new tensor (as a server does per request)");
    p.label = "normalize " + size_text(size) + " fp32";
    p.prepare = [size]() -> std::function<void()> {
      auto src = std::make_shared<Image>(
          kernels::generate_synthetic_image(size.width_px, size.height_px, 11));
      auto params =
          std::make_shared<kernels::NormalizeParams>(kernels::NormalizeParams::imagenet());
      return [src, params] {
        kernels::TensorChw out;
        kernels::normalize_to_chw_into(*src, *params, out);
      };
    };
    points.push_back(std::move(p));
  }
  return points;
}

std::vector<SweepPoint> postprocess_points(const std::vector<int>& batches) {
  std::vector<SweepPoint> points;
  for (int batch : batches) {
    SweepPoint p;
    p.key = key("postprocess", "", 0, kLogits * 4, kTopK * 8,
                "softmax + top-5 of 1000 fp32 logits per item (classification reply)");
    p.key.batch = batch;
    p.label = "postprocess top-5 of 1000 batch " + std::to_string(batch);
    p.prepare = [batch]() -> std::function<void()> {
      struct State {
        std::vector<float> logits;
        std::vector<float> scratch;
        std::vector<ClassScore> top;
      };
      auto state = std::make_shared<State>();
      // Deterministic logits in [-8, 8): a fixed hash of the index, no <random>.
      for (int i = 0; i < batch * kLogits; ++i) {
        const auto h = static_cast<std::uint32_t>(i) * 2654435761u;
        state->logits.push_back(static_cast<float>(h >> 8) / static_cast<float>(1 << 24) * 16.0f -
                                8.0f);
      }
      return [state, batch] {
        for (int b = 0; b < batch; ++b) {
          softmax_top_k(std::span<const float>(state->logits)
                            .subspan(static_cast<std::size_t>(b) * kLogits, kLogits),
                        kTopK, state->scratch, state->top);
        }
      };
    };
    points.push_back(std::move(p));
  }
  return points;
}

}  // namespace servesim::calib
