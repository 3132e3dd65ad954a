// SPDX-License-Identifier: Apache-2.0
// The CUDA preprocessing kernels on the device against the CPU kernels: same bytes, same floats.
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/device_memory.hpp"
#include "kernels/cuda/preprocess_kernels.hpp"
#include "kernels/cuda/preprocess_params.hpp"
#include "kernels/preprocess/crop.hpp"
#include "kernels/preprocess/normalize.hpp"
#include "kernels/preprocess/resize.hpp"

#include <catch2/catch.hpp>

#include "test_images.hpp"
#include <cstring>
#include <vector>

using namespace servesim::kernels;
using namespace servesim::kernels::cuda;
using servesim::tests::bytes_of;
using servesim::tests::test_image;

namespace {

DeviceBuffer upload(const Image& image) {
  DeviceBuffer buffer(image.size_bytes());
  check_cuda(cudaMemcpy(buffer.data(), image.data(), image.size_bytes(), cudaMemcpyHostToDevice),
             "test upload");
  return buffer;
}

template <typename T>
std::vector<T> download(const DeviceBuffer& buffer, std::size_t count, const CudaStream& stream) {
  stream.synchronize();
  std::vector<T> values(count);
  check_cuda(cudaMemcpy(values.data(), buffer.data(), count * sizeof(T), cudaMemcpyDeviceToHost),
             "test download");
  return values;
}

struct ResizeCase {
  int src_w, src_h, channels, dst_w, dst_h;
};

}  // namespace

TEST_CASE("GPU resize kernels equal the CPU kernels byte for byte", "[gpu]") {
  const CudaStream stream;
  std::uint64_t seed = 1;
  for (const ResizeCase& k :
       {ResizeCase{7, 5, 3, 23, 19}, ResizeCase{64, 48, 3, 17, 13}, ResizeCase{1, 1, 3, 5, 4},
        ResizeCase{500, 375, 3, 224, 224}, ResizeCase{1920, 1080, 3, 224, 224},
        ResizeCase{101, 57, 4, 67, 89}, ResizeCase{31, 29, 1, 1, 1}}) {
    INFO(k.src_w << "x" << k.src_h << "x" << k.channels << " -> " << k.dst_w << "x" << k.dst_h);
    const Image src = test_image(k.src_w, k.src_h, k.channels, seed++);
    const DeviceBuffer in = upload(src);
    const std::size_t out_bytes = static_cast<std::size_t>(k.dst_w) * k.dst_h * k.channels;
    const DeviceBuffer out(out_bytes);
    const ResizeParams p = make_resize_params(in.as<std::uint8_t>(), src.size(), k.channels,
                                              out.as<std::uint8_t>(), {k.dst_w, k.dst_h});
    resize_bilinear_device(p, stream.get());
    CHECK(download<std::uint8_t>(out, out_bytes, stream) ==
          bytes_of(resize_bilinear(src, k.dst_w, k.dst_h)));
    resize_area_device(p, stream.get());
    CHECK(download<std::uint8_t>(out, out_bytes, stream) ==
          bytes_of(resize_area(src, k.dst_w, k.dst_h)));
  }
}

TEST_CASE("GPU crop and normalise kernels equal the CPU kernels", "[gpu]") {
  const CudaStream stream;
  const Image src = test_image(341, 256, 3, 9);
  const DeviceBuffer in = upload(src);
  const CropRect rect = centre_crop_rect(src.size(), {224, 224});
  const DeviceBuffer cropped(224 * 224 * 3);
  crop_device(
      make_crop_params(in.as<std::uint8_t>(), src.size(), 3, rect, cropped.as<std::uint8_t>()),
      stream.get());
  CHECK(download<std::uint8_t>(cropped, 224 * 224 * 3, stream) == bytes_of(crop(src, rect)));

  const DeviceBuffer planes(src.size_bytes() * sizeof(float));
  normalize_chw_device(make_normalize_params(in.as<std::uint8_t>(), src.size(), 3,
                                             NormalizeParams::imagenet(), planes.as<float>()),
                       stream.get());
  const std::vector<float> got = download<float>(planes, src.size_bytes(), stream);
  const TensorChw want = normalize_to_chw(src, NormalizeParams::imagenet());
  REQUIRE(got.size() == want.element_count());
  CHECK(std::memcmp(got.data(), want.data(), want.size_bytes()) == 0);
}
