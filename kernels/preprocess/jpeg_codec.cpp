// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/jpeg_codec.hpp"

#include <turbojpeg.h>

#include <limits>
#include <stdexcept>
#include <string>

namespace servesim::kernels {
namespace {
std::string describe(std::string_view source_name, std::size_t size_bytes) {
  return std::string(source_name) + " (" + std::to_string(size_bytes) + " bytes)";
}

// libjpeg-turbo keeps the last error text on the handle; the message says what to do about it.
[[noreturn]] void throw_turbojpeg_error(tjhandle handle, std::string_view what,
                                        std::string_view source_name, std::size_t size_bytes) {
  const bool warning = tjGetErrorCode(handle) == TJERR_WARNING;
  throw std::runtime_error(std::string(what) + " " + describe(source_name, size_bytes) +
                           " failed: libjpeg-turbo " + (warning ? "warning" : "error") + ": " +
                           tjGetErrorStr2(handle) +
                           " (the data is corrupt, truncated or not a JPEG; re-encode or "
                           "re-upload the file)");
}

unsigned long checked_length(std::span<const std::uint8_t> jpeg, std::string_view what,
                             std::string_view source_name) {
  if (jpeg.empty()) {
    throw std::runtime_error(std::string(what) + " " + describe(source_name, 0) +
                             " failed: the buffer is empty, expected JPEG data");
  }
  if (jpeg.size() > std::numeric_limits<unsigned long>::max()) {
    throw std::runtime_error(std::string(what) + " " + describe(source_name, jpeg.size()) +
                             " failed: too large for libjpeg-turbo");
  }
  return static_cast<unsigned long>(jpeg.size());
}

ChromaSubsampling from_tjsamp(int subsamp) {
  switch (subsamp) {
    case TJSAMP_444:
      return ChromaSubsampling::k444;
    case TJSAMP_422:
      return ChromaSubsampling::k422;
    case TJSAMP_420:
      return ChromaSubsampling::k420;
    case TJSAMP_GRAY:
      return ChromaSubsampling::kGray;
    default:
      return ChromaSubsampling::kOther;
  }
}

int to_tjsamp(ChromaSubsampling subsampling) {
  switch (subsampling) {
    case ChromaSubsampling::k444:
      return TJSAMP_444;
    case ChromaSubsampling::k422:
      return TJSAMP_422;
    case ChromaSubsampling::k420:
      return TJSAMP_420;
    case ChromaSubsampling::kGray:
      return TJSAMP_GRAY;
    case ChromaSubsampling::kOther:
      break;
  }
  throw std::invalid_argument(
      "encode_jpeg: subsampling must be 444, 422, 420 or gray, not 'other'");
}
}  // namespace

// RAII owner of a tjhandle; the handle type stays out of the public header.
struct JpegDecoder::Handle {
  tjhandle tj = nullptr;
  Handle() : tj(tjInitDecompress()) {
    if (tj == nullptr) {
      throw std::runtime_error(std::string("JpegDecoder: tjInitDecompress failed: ") +
                               tjGetErrorStr2(nullptr));
    }
  }
  ~Handle() { tjDestroy(tj); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
};

struct JpegEncoder::Handle {
  tjhandle tj = nullptr;
  Handle() : tj(tjInitCompress()) {
    if (tj == nullptr) {
      throw std::runtime_error(std::string("JpegEncoder: tjInitCompress failed: ") +
                               tjGetErrorStr2(nullptr));
    }
  }
  ~Handle() { tjDestroy(tj); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
};

JpegDecoder::JpegDecoder() : handle_(std::make_unique<Handle>()) {}
JpegDecoder::~JpegDecoder() = default;
JpegDecoder::JpegDecoder(JpegDecoder&&) noexcept = default;
JpegDecoder& JpegDecoder::operator=(JpegDecoder&&) noexcept = default;

JpegInfo JpegDecoder::read_header(std::span<const std::uint8_t> jpeg,
                                  std::string_view source_name) {
  const unsigned long length = checked_length(jpeg, "reading the JPEG header of", source_name);
  int width = 0;
  int height = 0;
  int subsamp = 0;
  int colorspace = 0;
  if (tjDecompressHeader3(handle_->tj, jpeg.data(), length, &width, &height, &subsamp,
                          &colorspace) != 0) {
    throw_turbojpeg_error(handle_->tj, "reading the JPEG header of", source_name, jpeg.size());
  }
  // A buffer cut inside the header can parse as "tables only": no frame, so no size.
  if (width < 1 || height < 1) {
    throw std::runtime_error("reading the JPEG header of " + describe(source_name, jpeg.size()) +
                             " failed: the header has no image size (truncated before the frame "
                             "header, or a tables-only JPEG); re-encode or re-upload the file");
  }
  return JpegInfo{width, height, from_tjsamp(subsamp)};
}

Image JpegDecoder::decode_rgb(std::span<const std::uint8_t> jpeg, std::string_view source_name) {
  Image rgb;
  decode_rgb_into(jpeg, rgb, source_name);
  return rgb;
}

void JpegDecoder::decode_rgb_into(std::span<const std::uint8_t> jpeg, Image& rgb,
                                  std::string_view source_name) {
  const JpegInfo info = read_header(jpeg, source_name);
  if (static_cast<std::int64_t>(info.width_px) * info.height_px > kMaxPixels) {
    throw std::runtime_error(
        "decoding " + describe(source_name, jpeg.size()) +
        " failed: " + std::to_string(info.width_px) + "x" + std::to_string(info.height_px) +
        " px is above the decoder's limit of " + std::to_string(kMaxPixels) + " pixels");
  }
  rgb.reset(info.width_px, info.height_px, 3);
  // pitch 0 = tightly packed rows; flags 0 = accurate integer IDCT and smooth upsampling.
  if (tjDecompress2(handle_->tj, jpeg.data(), static_cast<unsigned long>(jpeg.size()), rgb.data(),
                    info.width_px, 0, info.height_px, TJPF_RGB, 0) != 0) {
    throw_turbojpeg_error(handle_->tj, "decoding", source_name, jpeg.size());
  }
}

JpegEncoder::JpegEncoder() : handle_(std::make_unique<Handle>()) {}
JpegEncoder::~JpegEncoder() = default;
JpegEncoder::JpegEncoder(JpegEncoder&&) noexcept = default;
JpegEncoder& JpegEncoder::operator=(JpegEncoder&&) noexcept = default;

std::vector<std::uint8_t> JpegEncoder::encode(const Image& image, int quality,
                                              ChromaSubsampling subsampling) {
  if (quality < 1 || quality > 100) {
    throw std::invalid_argument("encode_jpeg: quality " + std::to_string(quality) +
                                " is outside 1..100");
  }
  if (image.empty()) throw std::invalid_argument("encode_jpeg: the image is empty");
  int pixel_format = TJPF_RGB;
  int subsamp = to_tjsamp(subsampling);
  if (image.channels() == 1) {
    pixel_format = TJPF_GRAY;
    subsamp = TJSAMP_GRAY;
  } else if (image.channels() != 3) {
    throw std::invalid_argument("encode_jpeg: " + std::to_string(image.channels()) +
                                " channels; expected 3 (RGB) or 1 (gray)");
  }
  unsigned char* out = nullptr;  // libjpeg-turbo allocates; freed below on every path
  unsigned long out_size = 0;
  const int status = tjCompress2(handle_->tj, image.data(), image.width_px(), 0, image.height_px(),
                                 pixel_format, &out, &out_size, subsamp, quality, 0);
  std::unique_ptr<unsigned char, decltype(&tjFree)> owned(out, &tjFree);
  if (status != 0) {
    throw std::runtime_error(std::string("encode_jpeg: libjpeg-turbo error: ") +
                             tjGetErrorStr2(handle_->tj));
  }
  return std::vector<std::uint8_t>(out, out + out_size);
}

JpegInfo read_jpeg_dimensions(std::span<const std::uint8_t> jpeg, std::string_view source_name) {
  JpegDecoder decoder;
  return decoder.read_header(jpeg, source_name);
}

Image decode_jpeg_rgb(std::span<const std::uint8_t> jpeg, std::string_view source_name) {
  JpegDecoder decoder;
  return decoder.decode_rgb(jpeg, source_name);
}

std::vector<std::uint8_t> encode_jpeg(const Image& image, int quality,
                                      ChromaSubsampling subsampling) {
  JpegEncoder encoder;
  return encoder.encode(image, quality, subsampling);
}

}  // namespace servesim::kernels
