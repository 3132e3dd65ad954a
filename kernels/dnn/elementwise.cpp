// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/elementwise.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <unsupported/Eigen/SpecialFunctions>

namespace servesim::kernels::dnn {
namespace {

void check_same_size(const char* op, std::int64_t a, std::int64_t b) {
  if (a != b) {
    throw std::invalid_argument(std::string(op) + ": sizes differ (" + std::to_string(a) + " vs " +
                                std::to_string(b) + " elements)");
  }
}

}  // namespace

void activation(ConstTensorView in, Activation kind, TensorView out, float alpha) {
  check_same_size("activation", in.size(), out.size());
  // Eigen array expressions: vectorised exp and erf (std::exp / std::erf stay scalar).
  const Eigen::Map<const Eigen::ArrayXf> x(in.data, in.size());
  Eigen::Map<Eigen::ArrayXf> y(out.data, out.size());
  switch (kind) {
    case Activation::kRelu:
      y = x.max(0.0F);
      break;
    case Activation::kRelu6:
      y = x.max(0.0F).min(6.0F);
      break;
    case Activation::kLeakyRelu:
      // Branch-free (max + alpha * min) rather than select(), which Eigen evaluates per element
      // with a branch: on random signs mispredictions made this layer 13x slower than on an
      // image's activations, so calibration and the live server timed different kernels.
      y = x.max(0.0F) + alpha * x.min(0.0F);
      break;
    case Activation::kSilu:
      y = x / (1.0F + (-x).exp());
      break;
    case Activation::kGelu: {
      const float inv_sqrt2 = 1.0F / std::sqrt(2.0F);
      y = 0.5F * x * (1.0F + (x * inv_sqrt2).erf());
      break;
    }
  }
}

void prelu(ConstTensorView in, const float* slope, TensorView out) {
  check_same_size("prelu", in.size(), out.size());
  const std::int64_t plane = in.plane_size();
  for (std::int64_t n = 0; n < in.n; ++n) {
    for (std::int64_t c = 0; c < in.c; ++c) {
      const float a = slope[c];
      const float* src = in.sample(n) + c * plane;
      float* dst = out.sample(n) + c * plane;
      // Branch-free, like the leaky ReLU above: timing must not depend on the signs of the data.
      for (std::int64_t i = 0; i < plane; ++i) {
        dst[i] = std::max(src[i], 0.0F) + a * std::min(src[i], 0.0F);
      }
    }
  }
}

void batchnorm(ConstTensorView in, const float* scale, const float* shift, TensorView out) {
  check_same_size("batchnorm", in.size(), out.size());
  const std::int64_t plane = in.plane_size();
  for (std::int64_t n = 0; n < in.n; ++n) {
    for (std::int64_t c = 0; c < in.c; ++c) {
      const float s = scale[c];
      const float t = shift[c];
      const float* src = in.sample(n) + c * plane;
      float* dst = out.sample(n) + c * plane;
      for (std::int64_t i = 0; i < plane; ++i) dst[i] = src[i] * s + t;
    }
  }
}

FoldedBatchNorm fold_batchnorm(const std::vector<float>& gamma, const std::vector<float>& beta,
                               const std::vector<float>& mean, const std::vector<float>& var,
                               float eps) {
  const std::size_t c = gamma.size();
  if (beta.size() != c || mean.size() != c || var.size() != c) {
    throw std::invalid_argument(
        "fold_batchnorm: gamma, beta, mean and var need one value per "
        "channel (" +
        std::to_string(c) + ")");
  }
  FoldedBatchNorm folded{std::vector<float>(c), std::vector<float>(c)};
  for (std::size_t i = 0; i < c; ++i) {
    folded.scale[i] = gamma[i] / std::sqrt(var[i] + eps);
    folded.shift[i] = beta[i] - mean[i] * folded.scale[i];
  }
  return folded;
}

void add(ConstTensorView a, ConstTensorView b, TensorView out) {
  check_same_size("add", a.size(), b.size());
  check_same_size("add", a.size(), out.size());
  const std::int64_t size = a.size();
  for (std::int64_t i = 0; i < size; ++i) out.data[i] = a.data[i] + b.data[i];
}

}  // namespace servesim::kernels::dnn
