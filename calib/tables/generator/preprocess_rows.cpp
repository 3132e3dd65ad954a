// SPDX-License-Identifier: Apache-2.0
#include "calib/tables/generator/preprocess_rows.hpp"

#include <cstdint>
#include <cstdio>

namespace servesim::calib::defaults {
namespace {

constexpr std::int64_t kResizeOutPixels = 224 * 224;
constexpr std::int64_t kImageSizes[] = {640 * 480, 1280 * 720, 1920 * 1080, 2560 * 1600,
                                        3840 * 2160};
constexpr std::int64_t kNormalizeSizes[] = {112 * 112, 224 * 224, 640 * 640};
constexpr int kGpuBatches[] = {1, 8, 32, 128};
constexpr int kCpuBatches[] = {1, 8, 32};
constexpr double kNormalizeBytesPerPixel = 3 * (1 + 4);  // u8 RGB in, fp32 RGB out

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

double sm_ghz(const GpuSpec& gpu) { return gpu.sms * gpu.boost_mhz * 1e-3; }

CostRow pixel_row(const std::string& op, int batch, std::int64_t pixels, std::int64_t output_bytes,
                  double ms, std::string source) {
  CostRow row;
  row.op = op;
  row.variant = op == "resize" ? "bilinear" : "";
  row.batch = batch;
  row.input_pixels = pixels;
  row.output_bytes = output_bytes;
  row.mean_ns = ms * 1e6;
  row.source = std::move(source);
  return row;
}

CostRow postprocess_row(int batch, double ms, std::string source) {
  CostRow row;
  row.op = "postprocess";
  row.batch = batch;
  row.mean_ns = ms * 1e6;
  row.source = std::move(source);
  return row;
}

}  // namespace

double i9_decode_ms(double pixels) {
  const std::vector<PixelTiming>& t = preprocess_figures().cpu_decode;
  std::size_t hi = 1;
  while (hi + 1 < t.size() && static_cast<double>(t[hi].pixels) < pixels) ++hi;
  const PixelTiming& a = t[hi - 1];
  const PixelTiming& b = t[hi];
  const double slope = (b.ms - a.ms) / static_cast<double>(b.pixels - a.pixels);
  return a.ms + slope * (pixels - static_cast<double>(a.pixels));
}

double xeon_core_factor() {
  const PreprocessFigures& p = preprocess_figures();
  // Pillow's own overhead over raw libjpeg-turbo, measured on one machine (torchcodec table).
  const double pil_over_turbo = p.cpu_decode_pil_ms_1080p / p.cpu_decode.back().ms;
  const double xeon_ms = static_cast<double>(p.xeon_decode_pixels) /
                         (p.xeon_decode_mpx_per_s * 1e6) * 1e3 / pil_over_turbo;
  return xeon_ms / i9_decode_ms(static_cast<double>(p.xeon_decode_pixels));
}

std::vector<CostRow> gpu_preprocess_rows(const GpuSpec& gpu) {
  const PreprocessFigures& p = preprocess_figures();
  const Assumptions& as = kAssumptions;
  std::vector<CostRow> rows;

  // Decode: call(B, px) = a + B * b * px / p0, from the A100 batched and unbatched figures; the
  // per-image term scales with SMs x clock (nvJPEG's GPU stages run on the CUDA cores).
  const double b_a100 =
      (p.gpu_decode_batched_ms - p.gpu_decode_unbatched_ms) / (p.gpu_decode_batch - 1);
  const double a_ms = p.gpu_decode_unbatched_ms - b_a100;
  const double speed = sm_ghz(gpu) / sm_ghz(gpu_spec("a100"));
  const double b_ms = b_a100 / speed;
  const auto p0 = static_cast<double>(p.gpu_decode_pixels);
  const std::string decode_method =
      "derived: a + B*b*pixels/" + std::to_string(p.gpu_decode_pixels) +
      ", a=" + format("%.4g", a_ms) + "ms b=" + format("%.4g", b_a100) +
      "ms on a100 (batched vs unbatched nvJPEG, " + p.gpu_decode_source +
      "), b divided by SMs*clock relative to a100 = " + format("%.4f", speed);
  std::vector<std::int64_t> decode_sizes(std::begin(kImageSizes), std::end(kImageSizes));
  decode_sizes.push_back(p.gpu_decode_pixels);
  std::vector<int> decode_batches(std::begin(kGpuBatches), std::end(kGpuBatches));
  decode_batches.push_back(p.gpu_decode_batch);
  for (int batch : decode_batches) {
    for (std::int64_t px : decode_sizes) {
      const double ms = a_ms + batch * b_ms * static_cast<double>(px) / p0;
      const bool published = gpu.device == "a100" && px == p.gpu_decode_pixels &&
                             (batch == 1 || batch == p.gpu_decode_batch);
      rows.push_back(pixel_row("jpeg_decode", batch, px, px * 3, ms,
                               published ? p.gpu_decode_source : decode_method));
    }
  }

  // Resize and normalize: memory-bound kernels at the datasheet bandwidth plus a launch.
  const double bytes_per_ms = gpu.memory_gbytes_per_s * 1e6;
  const std::string launch = format("%.4g", as.kernel_launch_us) + "us launch (assumed)";
  for (int batch : kGpuBatches) {
    for (std::int64_t px : kImageSizes) {
      const double bytes = static_cast<double>((px + kResizeOutPixels) * 3);
      rows.push_back(pixel_row("resize", batch, px, kResizeOutPixels * 3,
                               as.kernel_launch_us * 1e-3 + batch * bytes / bytes_per_ms,
                               "derived: " + launch + " + B*(pixels+224*224)*3 bytes / " +
                                   format("%.0f", gpu.memory_gbytes_per_s) + " GB/s (" +
                                   gpu.spec_source + ")"));
    }
    for (std::int64_t px : kNormalizeSizes) {
      rows.push_back(pixel_row(
          "normalize", batch, px, px * 12,
          as.kernel_launch_us * 1e-3 +
              batch * static_cast<double>(px) * kNormalizeBytesPerPixel / bytes_per_ms,
          "derived: " + launch + " + B*pixels*15 bytes / " +
              format("%.0f", gpu.memory_gbytes_per_s) + " GB/s (" + gpu.spec_source + ")"));
    }
    rows.push_back(postprocess_row(batch, as.postprocess_us * 1e-3,
                                   "derived: assumed " + format("%.4g", as.postprocess_us) +
                                       "us per call (one small kernel and a sync)"));
  }
  return rows;
}

std::vector<CostRow> cpu_preprocess_rows(const CpuSpec& cpu) {
  const PreprocessFigures& p = preprocess_figures();
  const Assumptions& as = kAssumptions;
  const bool xeon = cpu.device == "xeon-8480";
  const double factor = xeon_core_factor();
  const std::string factor_text = format("%.4f", factor);
  std::vector<CostRow> rows;

  std::vector<std::int64_t> decode_sizes;
  for (const PixelTiming& t : p.cpu_decode) decode_sizes.push_back(t.pixels);
  decode_sizes.push_back(2560 * 1600);
  decode_sizes.push_back(3840 * 2160);
  for (int batch : kCpuBatches) {
    for (std::int64_t px : decode_sizes) {
      const double i9_ms = i9_decode_ms(static_cast<double>(px));
      const bool figure = px <= p.cpu_decode.back().pixels;
      std::string source = "derived: B x batch-1 time (one core decodes a batch in turn); ";
      source += figure ? "batch-1 time from " + p.cpu_decode_source
                       : "batch-1 time extends the last two figures of " + p.cpu_decode_source;
      if (xeon) {
        source += "; x " + factor_text + " Xeon/i9 core factor (README)";
      } else if (batch == 1 && figure) {
        source = p.cpu_decode_source;
      }
      rows.push_back(pixel_row("jpeg_decode", batch, px, px * 3,
                               batch * i9_ms * (xeon ? factor : 1.0), source));
    }
  }

  const double xeon_ms_per_px = p.xeon_resize.ms / static_cast<double>(p.xeon_resize.pixels);
  for (int batch : kCpuBatches) {
    for (std::int64_t px : kImageSizes) {
      const double ms = batch * static_cast<double>(px) * xeon_ms_per_px / (xeon ? 1.0 : factor);
      std::string source = "derived: B*pixels*" + format("%.5g", xeon_ms_per_px * 1e6) +
                           "ns (Pillow bilinear, Skylake Xeon core, " + p.xeon_resize_source + ")";
      if (!xeon) source += " / " + factor_text + " Xeon/i9 core factor (README)";
      if (xeon && batch == 1 && px == p.xeon_resize.pixels) source = p.xeon_resize_source;
      rows.push_back(pixel_row("resize", batch, px, kResizeOutPixels * 3, ms, source));
    }
    const double ns_per_px = kNormalizeBytesPerPixel / as.cpu_stream_gbytes_per_s;
    for (std::int64_t px : kNormalizeSizes) {
      rows.push_back(pixel_row(
          "normalize", batch, px, px * 12, batch * static_cast<double>(px) * ns_per_px * 1e-6,
          "derived: B*pixels*15 bytes at an assumed " + format("%.4g", as.cpu_stream_gbytes_per_s) +
              " GB/s per core (no published figure)"));
    }
    rows.push_back(postprocess_row(batch, batch * as.postprocess_us * 1e-3,
                                   "derived: assumed " + format("%.4g", as.postprocess_us) +
                                       "us per item (top-k or box decode on one core)"));
  }
  return rows;
}

}  // namespace servesim::calib::defaults
