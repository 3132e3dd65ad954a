// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/preprocess_reference.hpp"

#include "kernels/cuda/launch_grid.hpp"
#include "kernels/cuda/preprocess_params.hpp"

#include <stdexcept>
#include <string>

namespace servesim::kernels::cuda {
namespace {
void require_image(const char* what, const Image& src) {
  if (src.empty()) throw std::invalid_argument(std::string(what) + ": the source image is empty");
}
}  // namespace

void resize_bilinear_reference(const ResizeParams& p) {
  reference_launch(resize_grid(p),
                   [&p](int x, int y, int c) { resize_bilinear_element(p, x, y, c); });
}

void resize_area_reference(const ResizeParams& p) {
  reference_launch(resize_grid(p), [&p](int x, int y, int c) { resize_area_element(p, x, y, c); });
}

void crop_reference(const CropParams& p) {
  reference_launch(crop_grid(p), [&p](int x, int y, int c) { crop_element(p, x, y, c); });
}

void normalize_chw_reference(const NormalizeChwParams& p) {
  reference_launch(normalize_grid(p),
                   [&p](int x, int y, int c) { normalize_chw_element(p, x, y, c); });
}

Image resize_bilinear_reference(const Image& src, ImageSize size) {
  require_image("resize_bilinear_reference", src);
  Image dst(size.width_px, size.height_px, src.channels());
  resize_bilinear_reference(
      make_resize_params(src.data(), src.size(), src.channels(), dst.data(), size));
  return dst;
}

Image resize_area_reference(const Image& src, ImageSize size) {
  require_image("resize_area_reference", src);
  Image dst(size.width_px, size.height_px, src.channels());
  resize_area_reference(
      make_resize_params(src.data(), src.size(), src.channels(), dst.data(), size));
  return dst;
}

Image crop_reference(const Image& src, const CropRect& rect) {
  require_image("crop_reference", src);
  if (rect.width_px < 1 || rect.height_px < 1) {
    throw std::invalid_argument("crop_reference: crop size " + std::to_string(rect.width_px) + "x" +
                                std::to_string(rect.height_px) + " must be positive");
  }
  Image dst(rect.width_px, rect.height_px, src.channels());
  crop_reference(make_crop_params(src.data(), src.size(), src.channels(), rect, dst.data()));
  return dst;
}

TensorChw normalize_chw_reference(const Image& src, const NormalizeParams& norm) {
  require_image("normalize_chw_reference", src);
  TensorChw dst(src.channels(), src.height_px(), src.width_px());
  normalize_chw_reference(
      make_normalize_params(src.data(), src.size(), src.channels(), norm, dst.data()));
  return dst;
}

}  // namespace servesim::kernels::cuda
