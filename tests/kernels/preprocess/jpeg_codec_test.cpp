// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/jpeg_codec.hpp"

#include "kernels/preprocess/synthetic_image.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <vector>

using namespace servesim::kernels;

namespace {
double mean_abs_error(const Image& a, const Image& b) {
  REQUIRE(a.size_bytes() == b.size_bytes());
  double sum = 0;
  for (std::size_t i = 0; i < a.size_bytes(); ++i) sum += std::abs(a.data()[i] - b.data()[i]);
  return sum / static_cast<double>(a.size_bytes());
}
}  // namespace

TEST_CASE("JPEG round trip at quality 95 keeps size and pixels", "[unit]") {
  const Image original = generate_synthetic_image(320, 240, 7);
  for (const ChromaSubsampling subsampling : {ChromaSubsampling::k444, ChromaSubsampling::k420}) {
    const std::vector<std::uint8_t> jpeg = encode_jpeg(original, 95, subsampling);
    REQUIRE(jpeg.size() > 4);
    CHECK(jpeg[0] == 0xFF);  // SOI marker
    CHECK(jpeg[1] == 0xD8);
    const JpegInfo info = read_jpeg_dimensions(jpeg);
    CHECK(info.width_px == 320);
    CHECK(info.height_px == 240);
    CHECK(info.subsampling == subsampling);
    const Image decoded = decode_jpeg_rgb(jpeg);
    REQUIRE(decoded.size() == ImageSize{320, 240});
    REQUIRE(decoded.channels() == 3);
    // Quality 95 on grainy, textured content: a few levels per byte. 4:2:0 also loses chroma
    // detail at shape edges, so it gets a wider bound. Measured: 2.35 (4:4:4), 4.39 (4:2:0);
    // a channel swap or a one-row shift would give tens of levels.
    const double bound = subsampling == ChromaSubsampling::k444 ? 3.5 : 6.0;
    CHECK(mean_abs_error(original, decoded) < bound);
  }
}

TEST_CASE("odd sizes keep their exact dimensions through a round trip", "[unit]") {
  // Partial MCUs at the right and bottom edges (8 px for 4:4:4, 16 px for 4:2:0).
  for (const ImageSize size : {ImageSize{37, 23}, ImageSize{1, 1}, ImageSize{17, 250}}) {
    for (const ChromaSubsampling subsampling : {ChromaSubsampling::k444, ChromaSubsampling::k420}) {
      const auto jpeg =
          encode_jpeg(generate_synthetic_image(size.width_px, size.height_px, 3), 95, subsampling);
      CHECK(decode_jpeg_rgb(jpeg).size() == size);
    }
  }
}

TEST_CASE("a flat colour survives quality 100 almost exactly", "[unit]") {
  Image flat(24, 16, 3);
  for (int y = 0; y < 16; ++y) {
    for (int x = 0; x < 24; ++x) {
      flat.at(y, x, 0) = 200;
      flat.at(y, x, 1) = 100;
      flat.at(y, x, 2) = 50;
    }
  }
  const Image decoded = decode_jpeg_rgb(encode_jpeg(flat, 100, ChromaSubsampling::k444));
  // YCbCr rounding can move a channel by one level, never more.
  CHECK(mean_abs_error(flat, decoded) <= 1.0);
  CHECK(std::abs(decoded.at(8, 12, 0) - 200) <= 1);
  CHECK(std::abs(decoded.at(8, 12, 1) - 100) <= 1);
  CHECK(std::abs(decoded.at(8, 12, 2) - 50) <= 1);
}

TEST_CASE("a gray JPEG decodes to R = G = B", "[unit]") {
  Image gray(8, 8, 1);
  for (int y = 0; y < 8; ++y) {
    for (int x = 0; x < 8; ++x) gray.at(y, x, 0) = static_cast<std::uint8_t>(16 * y + x);
  }
  const std::vector<std::uint8_t> jpeg = encode_jpeg(gray, 100);
  CHECK(read_jpeg_dimensions(jpeg).subsampling == ChromaSubsampling::kGray);
  const Image rgb = decode_jpeg_rgb(jpeg);
  REQUIRE(rgb.channels() == 3);
  for (int y = 0; y < 8; ++y) {
    for (int x = 0; x < 8; ++x) {
      CHECK(rgb.at(y, x, 0) == rgb.at(y, x, 1));
      CHECK(rgb.at(y, x, 1) == rgb.at(y, x, 2));
      CHECK(std::abs(rgb.at(y, x, 0) - gray.at(y, x, 0)) <= 2);
    }
  }
}

TEST_CASE("a reused decoder gives the same pixels as a fresh one", "[unit]") {
  const std::vector<std::uint8_t> a = encode_jpeg(generate_synthetic_image(64, 48, 1), 90);
  const std::vector<std::uint8_t> b = encode_jpeg(generate_synthetic_image(40, 30, 2), 90);
  JpegDecoder decoder;
  const Image first = decoder.decode_rgb(a);
  const Image second = decoder.decode_rgb(b);
  const Image third = decoder.decode_rgb(a);
  CHECK(second.size() == ImageSize{40, 30});
  CHECK(std::vector<std::uint8_t>(first.bytes().begin(), first.bytes().end()) ==
        std::vector<std::uint8_t>(third.bytes().begin(), third.bytes().end()));
  // Decoding into one buffer, large then small then large, matches fresh decodes.
  Image reused;
  decoder.decode_rgb_into(a, reused);
  decoder.decode_rgb_into(b, reused);
  CHECK(reused.size() == ImageSize{40, 30});
  CHECK(reused.size_bytes() == 40u * 30u * 3u);
  CHECK(std::vector<std::uint8_t>(reused.bytes().begin(), reused.bytes().end()) ==
        std::vector<std::uint8_t>(second.bytes().begin(), second.bytes().end()));
  decoder.decode_rgb_into(a, reused);
  CHECK(std::vector<std::uint8_t>(reused.bytes().begin(), reused.bytes().end()) ==
        std::vector<std::uint8_t>(first.bytes().begin(), first.bytes().end()));
}

TEST_CASE("corrupt and truncated JPEGs fail with libjpeg-turbo's message", "[unit]") {
  const std::vector<std::uint8_t> good = encode_jpeg(generate_synthetic_image(96, 64, 3), 90);
  JpegDecoder decoder;

  SECTION("not a JPEG at all") {
    const std::vector<std::uint8_t> garbage{'G', 'I', 'F', '8', '9', 'a', 0, 1, 2, 3, 4, 5};
    CHECK_THROWS_WITH(decoder.decode_rgb(garbage, "upload-17.jpg"),
                      Catch::Contains("upload-17.jpg (12 bytes)") &&
                          Catch::Contains("libjpeg-turbo error") &&
                          Catch::Contains("Not a JPEG file"));
    CHECK_THROWS_AS(read_jpeg_dimensions(garbage), std::runtime_error);
  }
  SECTION("truncated in the entropy-coded data") {
    const std::vector<std::uint8_t> half(good.begin(), good.begin() + good.size() / 2);
    CHECK_NOTHROW(decoder.read_header(half));  // the header is intact
    CHECK_THROWS_WITH(decoder.decode_rgb(half, "half.jpg"),
                      Catch::Contains("half.jpg") && Catch::Contains("Premature end of JPEG file"));
  }
  SECTION("truncated inside the header") {
    const std::vector<std::uint8_t> stub(good.begin(), good.begin() + 20);
    CHECK_THROWS_WITH(decoder.decode_rgb(stub, "stub.jpg"),
                      Catch::Contains("stub.jpg (20 bytes)") && Catch::Contains("no image size"));
  }
  SECTION("empty") {
    CHECK_THROWS_WITH(decoder.decode_rgb({}, "empty.jpg"),
                      Catch::Contains("empty.jpg (0 bytes)") && Catch::Contains("empty"));
  }
  // The decoder still works after errors.
  CHECK(decoder.decode_rgb(good).size() == ImageSize{96, 64});
}

TEST_CASE("the encoder rejects bad arguments", "[unit]") {
  const Image rgb(4, 4, 3);
  CHECK_THROWS_WITH(encode_jpeg(rgb, 0), Catch::Contains("quality 0"));
  CHECK_THROWS_AS(encode_jpeg(rgb, 101), std::invalid_argument);
  CHECK_THROWS_WITH(encode_jpeg(Image(4, 4, 2), 90), Catch::Contains("2 channels"));
  CHECK_THROWS_AS(encode_jpeg(Image{}, 90), std::invalid_argument);
}
