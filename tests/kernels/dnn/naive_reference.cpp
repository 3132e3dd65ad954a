// SPDX-License-Identifier: Apache-2.0
#include "naive_reference.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace servesim::tests {

std::vector<float> random_values(std::size_t count, unsigned seed) {
  std::vector<float> v(count);
  std::uint32_t state = seed * 2654435761U + 12345U;
  for (float& x : v) {
    state = state * 1664525U + 1013904223U;  // LCG: plenty for test data
    x = static_cast<float>(state >> 8) / 8388608.0F - 1.0F;
  }
  return v;
}

Tensor random_tensor(std::int64_t n, std::int64_t c, std::int64_t h, std::int64_t w,
                     unsigned seed) {
  Tensor t(n, c, h, w);
  const std::vector<float> v = random_values(static_cast<std::size_t>(t.size()), seed);
  std::copy(v.begin(), v.end(), t.data());
  return t;
}

Tensor naive_conv(const Tensor& in, std::int64_t out_channels, int kernel, int stride, int padding,
                  int groups, const std::vector<float>& weight, const std::vector<float>& bias) {
  const auto v = in.view();
  const std::int64_t out_h = (v.h + 2 * padding - kernel) / stride + 1;
  const std::int64_t out_w = (v.w + 2 * padding - kernel) / stride + 1;
  const std::int64_t cin_g = v.c / groups;
  const std::int64_t cout_g = out_channels / groups;
  Tensor out(v.n, out_channels, out_h, out_w);
  for (std::int64_t n = 0; n < v.n; ++n) {
    for (std::int64_t o = 0; o < out_channels; ++o) {
      const std::int64_t g = o / cout_g;
      for (std::int64_t y = 0; y < out_h; ++y) {
        for (std::int64_t x = 0; x < out_w; ++x) {
          double acc = bias.empty() ? 0.0 : bias[o];
          for (std::int64_t i = 0; i < cin_g; ++i) {
            for (int ky = 0; ky < kernel; ++ky) {
              for (int kx = 0; kx < kernel; ++kx) {
                const std::int64_t iy = y * stride - padding + ky;
                const std::int64_t ix = x * stride - padding + kx;
                if (iy < 0 || iy >= v.h || ix < 0 || ix >= v.w) continue;
                const float w = weight[((o * cin_g + i) * kernel + ky) * kernel + kx];
                acc += static_cast<double>(w) * in.at(n, g * cin_g + i, iy, ix);
              }
            }
          }
          out.at(n, o, y, x) = static_cast<float>(acc);
        }
      }
    }
  }
  return out;
}

namespace {

template <class F>
Tensor naive_pool(const Tensor& in, int kernel, int stride, int padding, F reduce) {
  const auto v = in.view();
  const std::int64_t out_h = (v.h + 2 * padding - kernel) / stride + 1;
  const std::int64_t out_w = (v.w + 2 * padding - kernel) / stride + 1;
  Tensor out(v.n, v.c, out_h, out_w);
  for (std::int64_t n = 0; n < v.n; ++n) {
    for (std::int64_t c = 0; c < v.c; ++c) {
      for (std::int64_t y = 0; y < out_h; ++y) {
        for (std::int64_t x = 0; x < out_w; ++x) {
          std::vector<float> window;  // values inside the image
          for (int ky = 0; ky < kernel; ++ky) {
            for (int kx = 0; kx < kernel; ++kx) {
              const std::int64_t iy = y * stride - padding + ky;
              const std::int64_t ix = x * stride - padding + kx;
              if (iy >= 0 && iy < v.h && ix >= 0 && ix < v.w) window.push_back(in.at(n, c, iy, ix));
            }
          }
          out.at(n, c, y, x) = reduce(window, kernel * kernel);
        }
      }
    }
  }
  return out;
}

}  // namespace

Tensor naive_maxpool(const Tensor& in, int kernel, int stride, int padding) {
  return naive_pool(in, kernel, stride, padding, [](const std::vector<float>& w, int) {
    return *std::max_element(w.begin(), w.end());
  });
}

Tensor naive_avgpool(const Tensor& in, int kernel, int stride, int padding) {
  return naive_pool(in, kernel, stride, padding, [](const std::vector<float>& w, int area) {
    double sum = 0.0;
    for (const float x : w) sum += x;
    return static_cast<float>(sum / area);  // padded taps count as zeros
  });
}

std::vector<float> naive_linear(const std::vector<float>& in, std::int64_t rows,
                                std::int64_t in_features, std::int64_t out_features,
                                const std::vector<float>& weight, const std::vector<float>& bias) {
  std::vector<float> out(static_cast<std::size_t>(rows * out_features));
  for (std::int64_t r = 0; r < rows; ++r) {
    for (std::int64_t o = 0; o < out_features; ++o) {
      double acc = bias.empty() ? 0.0 : bias[o];
      for (std::int64_t i = 0; i < in_features; ++i) {
        acc += static_cast<double>(in[r * in_features + i]) * weight[o * in_features + i];
      }
      out[r * out_features + o] = static_cast<float>(acc);
    }
  }
  return out;
}

std::vector<float> naive_attention(const std::vector<float>& x, std::int64_t tokens,
                                   std::int64_t dim, int heads, const std::vector<float>& wqkv,
                                   const std::vector<float>& bqkv, const std::vector<float>& wproj,
                                   const std::vector<float>& bproj) {
  const std::vector<float> qkv = naive_linear(x, tokens, dim, 3 * dim, wqkv, bqkv);
  const std::int64_t hd = dim / heads;
  const auto q = [&](std::int64_t t, std::int64_t j) { return qkv[t * 3 * dim + j]; };
  const auto k = [&](std::int64_t t, std::int64_t j) { return qkv[t * 3 * dim + dim + j]; };
  const auto v = [&](std::int64_t t, std::int64_t j) { return qkv[t * 3 * dim + 2 * dim + j]; };
  std::vector<float> context(static_cast<std::size_t>(tokens * dim));
  for (int h = 0; h < heads; ++h) {
    for (std::int64_t i = 0; i < tokens; ++i) {
      std::vector<double> p(static_cast<std::size_t>(tokens));
      double top = -std::numeric_limits<double>::infinity();
      for (std::int64_t j = 0; j < tokens; ++j) {
        double dot = 0.0;
        for (std::int64_t e = 0; e < hd; ++e) dot += q(i, h * hd + e) * k(j, h * hd + e);
        p[j] = dot / std::sqrt(static_cast<double>(hd));
        top = std::max(top, p[j]);
      }
      double sum = 0.0;
      for (double& s : p) sum += (s = std::exp(s - top));
      for (std::int64_t e = 0; e < hd; ++e) {
        double acc = 0.0;
        for (std::int64_t j = 0; j < tokens; ++j) acc += p[j] / sum * v(j, h * hd + e);
        context[i * dim + h * hd + e] = static_cast<float>(acc);
      }
    }
  }
  return naive_linear(context, tokens, dim, dim, wproj, bproj);
}

float max_abs_diff(const float* a, const float* b, std::int64_t size) {
  float worst = 0.0F;
  for (std::int64_t i = 0; i < size; ++i) {
    const float d = std::abs(a[i] - b[i]);
    if (std::isnan(d)) return std::numeric_limits<float>::infinity();
    worst = std::max(worst, d);
  }
  return worst;
}

}  // namespace servesim::tests
