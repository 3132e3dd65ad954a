// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/synthetic_image.hpp"

#include "kernels/preprocess/pixel_math.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace servesim::kernels {
namespace {
constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;
constexpr float kTwoPi = 6.2831853f;

std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Uniform in [-1, 1) from the top 24 bits of a hash.
float signed_unit(std::uint64_t hash) {
  return static_cast<float>(hash >> 40) * (2.0f / 16777216.0f) - 1.0f;
}

// splitmix64: our own sequence, so scenes do not depend on the standard library.
class SceneRng {
 public:
  explicit SceneRng(std::uint64_t seed) : state_(mix64(seed ^ 0x5ce7e5eedULL)) {}
  std::uint64_t next() { return mix64(state_ += kGolden); }
  float uniform(float lo, float hi) {
    return lo + (hi - lo) * static_cast<float>(next() >> 40) * (1.0f / 16777216.0f);
  }
  bool chance(float p) { return uniform(0.0f, 1.0f) < p; }

 private:
  std::uint64_t state_;
};

// One octave of value noise: random values on a square lattice of `cell_px` pixels, blended
// with a smoothstep. Rows are produced in order; each lattice row is hashed once.
class NoiseOctave {
 public:
  NoiseOctave(int width_px, float cell_px, float amplitude, std::uint64_t key, SceneRng& rng)
      : cell_px_(cell_px), amplitude_(amplitude), key_(key) {
    offset_x_ = rng.uniform(0.0f, 256.0f) * cell_px;
    offset_y_ = rng.uniform(0.0f, 256.0f) * cell_px;
    cell_of_x_.resize(static_cast<std::size_t>(width_px));
    frac_of_x_.resize(static_cast<std::size_t>(width_px));
    for (int x = 0; x < width_px; ++x) {
      const float gx = (static_cast<float>(x) + offset_x_) / cell_px_;
      const auto cell = static_cast<long long>(gx);
      cell_of_x_[x] = static_cast<int>(cell);
      frac_of_x_[x] = smoothstep(gx - static_cast<float>(cell));
    }
    first_cell_x_ = cell_of_x_.front();
    const std::size_t lattice_width =
        static_cast<std::size_t>(cell_of_x_.back() - first_cell_x_) + 2;
    row0_.resize(lattice_width);
    row1_.resize(lattice_width);
  }

  void add_row(int y, float* row) {
    const float gy = (static_cast<float>(y) + offset_y_) / cell_px_;
    const auto cell_y = static_cast<long long>(gy);
    const float fy = smoothstep(gy - static_cast<float>(cell_y));
    if (cell_y != cached_cell_y_) load_lattice_rows(cell_y);
    const std::size_t width = cell_of_x_.size();
    for (std::size_t x = 0; x < width; ++x) {
      const auto i = static_cast<std::size_t>(cell_of_x_[x] - first_cell_x_);
      const float fx = frac_of_x_[x];
      const float top = row0_[i] + (row0_[i + 1] - row0_[i]) * fx;
      const float bottom = row1_[i] + (row1_[i + 1] - row1_[i]) * fx;
      row[x] += amplitude_ * (top + (bottom - top) * fy);
    }
  }

 private:
  static float smoothstep(float t) { return t * t * (3.0f - 2.0f * t); }

  float lattice(long long ix, long long iy) const {
    return signed_unit(mix64(key_ + static_cast<std::uint64_t>(ix) * kGolden +
                             static_cast<std::uint64_t>(iy) * 0xc2b2ae3d27d4eb4fULL));
  }

  void load_lattice_rows(long long cell_y) {
    for (std::size_t i = 0; i < row0_.size(); ++i) {
      const long long ix = first_cell_x_ + static_cast<long long>(i);
      row0_[i] = lattice(ix, cell_y);
      row1_[i] = lattice(ix, cell_y + 1);
    }
    cached_cell_y_ = cell_y;
  }

  float cell_px_;
  float amplitude_;
  std::uint64_t key_;
  float offset_x_ = 0.0f;
  float offset_y_ = 0.0f;
  long long first_cell_x_ = 0;
  long long cached_cell_y_ = std::numeric_limits<long long>::min();
  std::vector<int> cell_of_x_;
  std::vector<float> frac_of_x_;
  std::vector<float> row0_;
  std::vector<float> row1_;
};

// A sum of octaves from `first_cell_px` down, halving the cell each time.
class FractalNoise {
 public:
  FractalNoise(int width_px, float first_cell_px, float min_cell_px, int max_octaves,
               float amplitude, float persistence, SceneRng& rng) {
    float cell = first_cell_px;
    for (int k = 0; k < max_octaves && cell >= min_cell_px; ++k) {
      octaves_.emplace_back(width_px, cell, amplitude, rng.next(), rng);
      cell *= 0.5f;
      amplitude *= persistence;
    }
  }
  void row(int y, std::vector<float>& out) {
    std::fill(out.begin(), out.end(), 0.0f);
    for (NoiseOctave& octave : octaves_) octave.add_row(y, out.data());
  }

 private:
  std::vector<NoiseOctave> octaves_;
};

// A filled object with its own colour, lighting, texture and (sometimes) stripes.
struct Shape {
  bool ellipse = true;
  float cx = 0, cy = 0, rx = 1, ry = 1;
  float luma = 128, cb = 0, cr = 0;
  float shade = 0;         // luma change from left edge to right edge / 2
  float texture_gain = 1;  // multiplies the fine noise
  float stripe_amp = 0;    // periodic pattern (fabric, blinds, bricks)
  float stripe_kx = 0, stripe_ky = 0, stripe_phase = 0;

  // The pixel columns [first, last] that row y covers, false if none.
  bool span(int y, int width_px, int& first, int& last) const {
    const float dy = (static_cast<float>(y) + 0.5f - cy) / ry;
    if (dy <= -1.0f || dy >= 1.0f) return false;
    const float half = ellipse ? rx * std::sqrt(1.0f - dy * dy) : rx;
    first = std::max(0, static_cast<int>(std::ceil(cx - half - 0.5f)));
    last = std::min(width_px - 1, static_cast<int>(std::floor(cx + half - 0.5f)));
    return first <= last;
  }
};

struct Background {
  float horizon_y = 0, horizon_tilt = 0;
  float sky_top_luma = 0, sky_bottom_luma = 0, sky_cb = 0, sky_cr = 0;
  float ground_top_luma = 0, ground_bottom_luma = 0, ground_cb = 0, ground_cr = 0;
};

std::vector<Shape> make_shapes(int width_px, int height_px, float scale_px, int count,
                               SceneRng& rng) {
  std::vector<Shape> shapes(static_cast<std::size_t>(std::max(0, count)));
  for (Shape& s : shapes) {
    s.ellipse = rng.chance(0.55f);
    s.cx = rng.uniform(-0.1f, 1.1f) * static_cast<float>(width_px);
    s.cy = rng.uniform(-0.1f, 1.1f) * static_cast<float>(height_px);
    const float size =
        scale_px * std::pow(rng.uniform(0.0f, 1.0f), 1.6f) * 0.35f + scale_px * 0.02f;
    s.rx = size * rng.uniform(0.5f, 1.5f);
    s.ry = size * rng.uniform(0.5f, 1.5f);
    s.luma = rng.uniform(25.0f, 230.0f);
    s.cb = rng.uniform(-50.0f, 50.0f);
    s.cr = rng.uniform(-50.0f, 50.0f);
    s.shade = rng.uniform(-35.0f, 35.0f);
    s.texture_gain = rng.uniform(0.2f, 1.6f);
    if (rng.chance(0.3f)) {
      const float period_px = scale_px * rng.uniform(0.008f, 0.05f);
      const float angle = rng.uniform(0.0f, kTwoPi);
      s.stripe_amp = rng.uniform(8.0f, 30.0f);
      s.stripe_kx = kTwoPi / period_px * std::cos(angle);
      s.stripe_ky = kTwoPi / period_px * std::sin(angle);
      s.stripe_phase = rng.uniform(0.0f, kTwoPi);
    }
  }
  // Large shapes first: small ones end up in front, like foreground details.
  std::stable_sort(shapes.begin(), shapes.end(),
                   [](const Shape& a, const Shape& b) { return a.rx * a.ry > b.rx * b.ry; });
  return shapes;
}

Background make_background(int width_px, int height_px, SceneRng& rng) {
  Background bg;
  bg.horizon_y = rng.uniform(0.3f, 0.65f) * static_cast<float>(height_px);
  bg.horizon_tilt =
      rng.uniform(-0.15f, 0.15f) * static_cast<float>(height_px) / static_cast<float>(width_px);
  bg.sky_top_luma = rng.uniform(90.0f, 200.0f);
  bg.sky_bottom_luma = bg.sky_top_luma + rng.uniform(10.0f, 50.0f);
  bg.sky_cb = rng.uniform(0.0f, 40.0f);
  bg.sky_cr = rng.uniform(-25.0f, 5.0f);
  bg.ground_top_luma = rng.uniform(50.0f, 150.0f);
  bg.ground_bottom_luma = bg.ground_top_luma + rng.uniform(-40.0f, 20.0f);
  bg.ground_cb = rng.uniform(-35.0f, 10.0f);
  bg.ground_cr = rng.uniform(-20.0f, 25.0f);
  return bg;
}
}  // namespace

Image generate_synthetic_image(int width_px, int height_px, std::uint64_t seed,
                               const SyntheticSceneOptions& options) {
  Image image(width_px, height_px, 3);  // validates the size
  SceneRng rng(seed);
  const float scale_px = static_cast<float>(std::min(width_px, height_px));
  const Background bg = make_background(width_px, height_px, rng);
  const std::vector<Shape> shapes =
      make_shapes(width_px, height_px, scale_px, options.shape_count, rng);

  // Coarse octaves (lighting, big blobs) and fine ones (texture) are kept apart so that each
  // surface can scale its own texture. Octaves stop at a 1.5 px cell: finer is grain's job.
  const float first_cell_px = scale_px / 3.0f;
  const float p = options.texture_persistence;
  FractalNoise coarse(width_px, first_cell_px, 1.5f, 3, options.texture_amplitude, p, rng);
  const float finest_cell_px = std::max(1.0f, scale_px * options.finest_cell_fraction);
  FractalNoise fine(width_px, first_cell_px / 8.0f, finest_cell_px, 32,
                    options.texture_amplitude * p * p * p, p, rng);
  FractalNoise chroma_b(width_px, first_cell_px, 1.5f, 4, 14.0f, 0.6f, rng);
  FractalNoise chroma_r(width_px, first_cell_px, 1.5f, 4, 14.0f, 0.6f, rng);
  const std::uint64_t grain_key = rng.next();

  const auto width = static_cast<std::size_t>(width_px);
  std::vector<float> coarse_row(width), fine_row(width), cb_row(width), cr_row(width);
  std::vector<int> owner(width);
  std::uint8_t* out = image.data();
  for (int y = 0; y < height_px; ++y) {
    coarse.row(y, coarse_row);
    fine.row(y, fine_row);
    chroma_b.row(y, cb_row);
    chroma_r.row(y, cr_row);
    std::fill(owner.begin(), owner.end(), -1);
    for (std::size_t i = 0; i < shapes.size(); ++i) {
      int first = 0;
      int last = 0;
      if (shapes[i].span(y, width_px, first, last)) {
        std::fill(owner.begin() + first, owner.begin() + last + 1, static_cast<int>(i));
      }
    }
    const std::uint64_t row_key = mix64(grain_key + static_cast<std::uint64_t>(y) * kGolden);
    const auto fy = static_cast<float>(y);
    for (int x = 0; x < width_px; ++x) {
      const auto fx = static_cast<float>(x);
      float luma = 0, cb = 0, cr = 0, gain = 1;
      if (owner[x] < 0) {
        const float horizon = bg.horizon_y + bg.horizon_tilt * (fx - 0.5f * width_px);
        if (fy < horizon) {
          const float t = fy / std::max(horizon, 1.0f);
          luma = bg.sky_top_luma + (bg.sky_bottom_luma - bg.sky_top_luma) * t;
          cb = bg.sky_cb;
          cr = bg.sky_cr;
          gain = 0.25f;
        } else {
          const float t = (fy - horizon) / std::max(static_cast<float>(height_px) - horizon, 1.0f);
          luma = bg.ground_top_luma + (bg.ground_bottom_luma - bg.ground_top_luma) * t;
          cb = bg.ground_cb;
          cr = bg.ground_cr;
        }
      } else {
        const Shape& s = shapes[static_cast<std::size_t>(owner[x])];
        luma = s.luma + s.shade * (fx - s.cx) / s.rx;
        if (s.stripe_amp != 0.0f) {
          luma += s.stripe_amp * std::sin(s.stripe_kx * fx + s.stripe_ky * fy + s.stripe_phase);
        }
        cb = s.cb;
        cr = s.cr;
        gain = s.texture_gain;
      }
      const std::uint64_t grain = mix64(row_key + static_cast<std::uint64_t>(x));
      luma += coarse_row[x] + gain * fine_row[x];
      // A soft shoulder instead of hard clipping keeps texture in highlights and shadows, as a
      // camera's tone curve does; grain goes on after it, as sensor noise would.
      luma = 128.0f + 127.0f * std::tanh((luma - 128.0f) / 127.0f);
      luma += options.grain_amplitude * signed_unit(grain);
      cb += cb_row[x];
      cr += cr_row[x];
      // Full-range BT.601 YCbCr -> RGB, the inverse of what the JPEG encoder applies.
      std::uint8_t* px = out + hwc_index(y, x, 0, width_px, 3);
      px[0] = round_saturate_u8(luma + 1.402f * cr);
      px[1] = round_saturate_u8(luma - 0.344136f * cb - 0.714136f * cr);
      px[2] = round_saturate_u8(luma + 1.772f * cb);
    }
  }
  return image;
}

}  // namespace servesim::kernels
