// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/dnn/aligned_buffer.hpp"

#include <cstdint>
#include <type_traits>

namespace servesim::kernels::dnn {

/// A non-owning NCHW float tensor: `data` points at n*c*h*w contiguous values. Token tensors
/// use c = 1, h = tokens, w = dim (see kernels/zoo/layer_spec.hpp).
template <class T>
struct BasicTensorView {
  T* data = nullptr;
  std::int64_t n = 0;
  std::int64_t c = 0;
  std::int64_t h = 0;
  std::int64_t w = 0;

  std::int64_t sample_size() const { return c * h * w; }
  std::int64_t plane_size() const { return h * w; }
  std::int64_t size() const { return n * c * h * w; }
  T* sample(std::int64_t i) const { return data + i * sample_size(); }
  T& at(std::int64_t in, std::int64_t ic, std::int64_t ih, std::int64_t iw) const {
    return data[((in * c + ic) * h + ih) * w + iw];
  }
  /// A mutable view converts to a read-only one.
  operator BasicTensorView<const T>() const requires(!std::is_const_v<T>) {
    return {data, n, c, h, w};
  }
};

using TensorView = BasicTensorView<float>;
using ConstTensorView = BasicTensorView<const float>;

inline ConstTensorView as_const(const TensorView& v) { return {v.data, v.n, v.c, v.h, v.w}; }

/// An owning NCHW float tensor.
class Tensor {
 public:
  Tensor() = default;
  Tensor(std::int64_t n, std::int64_t c, std::int64_t h, std::int64_t w, float value = 0.0F);

  TensorView view() { return {data_.data(), n_, c_, h_, w_}; }
  ConstTensorView view() const { return {data_.data(), n_, c_, h_, w_}; }
  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  std::int64_t size() const { return static_cast<std::int64_t>(data_.size()); }
  float& at(std::int64_t in, std::int64_t ic, std::int64_t ih, std::int64_t iw) {
    return view().at(in, ic, ih, iw);
  }
  float at(std::int64_t in, std::int64_t ic, std::int64_t ih, std::int64_t iw) const {
    return view().at(in, ic, ih, iw);
  }

 private:
  std::int64_t n_ = 0;
  std::int64_t c_ = 0;
  std::int64_t h_ = 0;
  std::int64_t w_ = 0;
  FloatBuffer data_;
};

}  // namespace servesim::kernels::dnn
