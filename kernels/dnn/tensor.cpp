// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/tensor.hpp"

#include <stdexcept>
#include <string>

namespace servesim::kernels::dnn {

Tensor::Tensor(std::int64_t n, std::int64_t c, std::int64_t h, std::int64_t w, float value)
    : n_(n), c_(c), h_(h), w_(w) {
  if (n < 0 || c < 0 || h < 0 || w < 0) {
    throw std::invalid_argument("Tensor: negative dimension in " + std::to_string(n) + "x" +
                                std::to_string(c) + "x" + std::to_string(h) + "x" +
                                std::to_string(w));
  }
  data_.assign(static_cast<std::size_t>(n * c * h * w), value);
}

}  // namespace servesim::kernels::dnn
