// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/linear.hpp"

#include <Eigen/Core>

#include <stdexcept>
#include <string>

namespace servesim::kernels::dnn {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void linear_rows(const float* in, std::int64_t rows, std::int64_t in_features,
                 std::int64_t out_features, const float* weight, const float* bias, float* out) {
  const Eigen::Map<const RowMatrix> x(in, rows, in_features);
  const Eigen::Map<const RowMatrix> w(weight, out_features, in_features);
  Eigen::Map<RowMatrix> y(out, rows, out_features);
  y.noalias() = x * w.transpose();
  if (bias != nullptr) {
    y.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(bias, out_features);
  }
}

void linear(ConstTensorView in, std::int64_t in_features, std::int64_t out_features,
            const float* weight, const float* bias, TensorView out) {
  if (in_features < 1 || out_features < 1 || in.size() % in_features != 0) {
    throw std::invalid_argument("linear: input of " + std::to_string(in.size()) +
                                " values is not a whole number of " + std::to_string(in_features) +
                                "-feature rows");
  }
  const std::int64_t rows = in.size() / in_features;
  if (out.size() != rows * out_features) {
    throw std::invalid_argument("linear: output holds " + std::to_string(out.size()) +
                                " values, expected " + std::to_string(rows) + " rows x " +
                                std::to_string(out_features));
  }
  linear_rows(in.data, rows, in_features, out_features, weight, bias, out.data);
}

}  // namespace servesim::kernels::dnn
