// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/synthetic_jpeg.hpp"

#include "kernels/preprocess/jpeg_codec.hpp"

namespace servesim::kernels {

std::vector<std::uint8_t> generate_synthetic_jpeg(int width_px, int height_px, std::uint64_t seed,
                                                  int quality) {
  const Image image = generate_synthetic_image(width_px, height_px, seed);
  return encode_jpeg(image, quality, ChromaSubsampling::k420);
}

std::vector<std::uint8_t> generate_synthetic_jpeg(const ImageClass& image_class, std::uint64_t seed,
                                                  int quality) {
  return generate_synthetic_jpeg(image_class.width_px, image_class.height_px, seed, quality);
}

}  // namespace servesim::kernels
