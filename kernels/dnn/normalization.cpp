// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/normalization.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace servesim::kernels::dnn {
namespace {

std::int64_t rows_of(const char* op, ConstTensorView in, std::int64_t features, TensorView out) {
  if (features < 1 || in.size() % features != 0 || out.size() != in.size()) {
    throw std::invalid_argument(std::string(op) + ": " + std::to_string(in.size()) +
                                " input values are not rows of " + std::to_string(features) +
                                " features, or the output size differs");
  }
  return in.size() / features;
}

}  // namespace

void layernorm(ConstTensorView in, std::int64_t features, const float* gamma, const float* beta,
               TensorView out, float eps) {
  const std::int64_t rows = rows_of("layernorm", in, features, out);
  for (std::int64_t r = 0; r < rows; ++r) {
    const float* x = in.data + r * features;
    float* y = out.data + r * features;
    double sum = 0.0;
    for (std::int64_t i = 0; i < features; ++i) sum += x[i];
    const double mean = sum / static_cast<double>(features);
    double sq = 0.0;
    for (std::int64_t i = 0; i < features; ++i) sq += (x[i] - mean) * (x[i] - mean);
    const auto inv_std =
        static_cast<float>(1.0 / std::sqrt(sq / static_cast<double>(features) + eps));
    const auto m = static_cast<float>(mean);
    for (std::int64_t i = 0; i < features; ++i) y[i] = (x[i] - m) * inv_std * gamma[i] + beta[i];
  }
}

void softmax_rows_inplace(float* data, std::int64_t rows, std::int64_t cols, float scale) {
  for (std::int64_t r = 0; r < rows; ++r) {
    // Eigen arrays for a vectorised exp.
    Eigen::Map<Eigen::ArrayXf> x(data + r * cols, cols);
    const float top = x.maxCoeff() * scale;  // scale > 0: the max commutes with scaling
    x = (x * scale - top).exp();
    x *= 1.0F / x.sum();
  }
}

void softmax(ConstTensorView in, std::int64_t features, TensorView out) {
  const std::int64_t rows = rows_of("softmax", in, features, out);
  if (out.data != in.data) std::copy(in.data, in.data + in.size(), out.data);
  softmax_rows_inplace(out.data, rows, features);
}

}  // namespace servesim::kernels::dnn
