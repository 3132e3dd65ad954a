// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/image.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace servesim::kernels {

/// Chroma subsampling of a JPEG (the TurboJPEG TJSAMP_* values that matter here).
enum class ChromaSubsampling { k444, k422, k420, kGray, kOther };

/// What a JPEG header says, read without decoding the image.
struct JpegInfo {
  int width_px = 0;
  int height_px = 0;
  ChromaSubsampling subsampling = ChromaSubsampling::k420;
};

/// Owns one TurboJPEG decompressor (libjpeg-turbo 2.x API). Reuse one per thread: creating the
/// handle costs allocations that a server would not pay per image. Not thread-safe.
///
/// Decoding is strict: libjpeg-turbo warnings (for example "Premature end of JPEG file" for a
/// truncated upload) are errors too, because a server that silently fills the missing rows with
/// grey would classify garbage. Errors are std::runtime_error whose message names the source,
/// its size and libjpeg-turbo's own text (tjGetErrorStr2).
class JpegDecoder {
 public:
  /// Refuses headers above this many pixels before allocating (a 16 kpx x 16 kpx image).
  static constexpr std::int64_t kMaxPixels = 16384LL * 16384LL;

  JpegDecoder();
  ~JpegDecoder();
  JpegDecoder(JpegDecoder&&) noexcept;
  JpegDecoder& operator=(JpegDecoder&&) noexcept;
  JpegDecoder(const JpegDecoder&) = delete;
  JpegDecoder& operator=(const JpegDecoder&) = delete;

  /// Dimensions and subsampling from the header. `source_name` (a file name, a request id)
  /// only goes into error messages.
  JpegInfo read_header(std::span<const std::uint8_t> jpeg,
                       std::string_view source_name = "JPEG buffer");
  /// Full decode to 8-bit RGB, HWC. Gray JPEGs come out as R = G = B.
  Image decode_rgb(std::span<const std::uint8_t> jpeg,
                   std::string_view source_name = "JPEG buffer");
  /// The same into `out`, reusing its allocation (Image::reset). On error `out` is unspecified.
  void decode_rgb_into(std::span<const std::uint8_t> jpeg, Image& out,
                       std::string_view source_name = "JPEG buffer");

 private:
  struct Handle;
  std::unique_ptr<Handle> handle_;
};

/// Owns one TurboJPEG compressor. Used to make test and calibration inputs. Not thread-safe.
class JpegEncoder {
 public:
  JpegEncoder();
  ~JpegEncoder();
  JpegEncoder(JpegEncoder&&) noexcept;
  JpegEncoder& operator=(JpegEncoder&&) noexcept;
  JpegEncoder(const JpegEncoder&) = delete;
  JpegEncoder& operator=(const JpegEncoder&) = delete;

  /// Baseline JPEG of a 3-channel RGB or 1-channel gray image. `quality` is 1..100 (libjpeg's
  /// scale); `subsampling` is ignored for gray images. Throws std::invalid_argument for a bad
  /// quality or channel count, std::runtime_error if libjpeg-turbo fails.
  std::vector<std::uint8_t> encode(const Image& image, int quality,
                                   ChromaSubsampling subsampling = ChromaSubsampling::k420);

 private:
  struct Handle;
  std::unique_ptr<Handle> handle_;
};

/// One-shot helpers with a fresh handle each call (tests, tools; not hot loops).
JpegInfo read_jpeg_dimensions(std::span<const std::uint8_t> jpeg,
                              std::string_view source_name = "JPEG buffer");
Image decode_jpeg_rgb(std::span<const std::uint8_t> jpeg,
                      std::string_view source_name = "JPEG buffer");
std::vector<std::uint8_t> encode_jpeg(const Image& image, int quality,
                                      ChromaSubsampling subsampling = ChromaSubsampling::k420);

}  // namespace servesim::kernels
