// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/launch_grid.hpp"
#include "kernels/cuda/preprocess_kernels.hpp"

namespace servesim::kernels::cuda {
namespace {

// Each kernel is a thin wrapper: find this thread's element, run the shared per-element body.
__device__ bool this_element(const ElementGrid& g, int& x, int& y, int& c) {
  return element_at(g, GridIndex{blockIdx.x, blockIdx.y, blockIdx.z},
                    GridIndex{blockDim.x, blockDim.y, blockDim.z},
                    GridIndex{threadIdx.x, threadIdx.y, threadIdx.z}, x, y, c);
}

__global__ void resize_bilinear_kernel(ResizeParams p) {
  int x, y, c;
  if (this_element(resize_grid(p), x, y, c)) resize_bilinear_element(p, x, y, c);
}

__global__ void resize_area_kernel(ResizeParams p) {
  int x, y, c;
  if (this_element(resize_grid(p), x, y, c)) resize_area_element(p, x, y, c);
}

__global__ void crop_kernel(CropParams p) {
  int x, y, c;
  if (this_element(crop_grid(p), x, y, c)) crop_element(p, x, y, c);
}

__global__ void normalize_chw_kernel(NormalizeChwParams p) {
  int x, y, c;
  if (this_element(normalize_grid(p), x, y, c)) normalize_chw_element(p, x, y, c);
}

dim3 to_dim3(GridIndex g) { return dim3(g.x, g.y, g.z); }

}  // namespace

void resize_bilinear_device(const ResizeParams& p, cudaStream_t stream) {
  const LaunchShape s = launch_shape(resize_grid(p));
  resize_bilinear_kernel<<<to_dim3(s.grid), to_dim3(s.block), 0, stream>>>(p);
  check_cuda(cudaGetLastError(), "resize_bilinear_device: kernel launch");
}

void resize_area_device(const ResizeParams& p, cudaStream_t stream) {
  const LaunchShape s = launch_shape(resize_grid(p));
  resize_area_kernel<<<to_dim3(s.grid), to_dim3(s.block), 0, stream>>>(p);
  check_cuda(cudaGetLastError(), "resize_area_device: kernel launch");
}

void crop_device(const CropParams& p, cudaStream_t stream) {
  const LaunchShape s = launch_shape(crop_grid(p));
  crop_kernel<<<to_dim3(s.grid), to_dim3(s.block), 0, stream>>>(p);
  check_cuda(cudaGetLastError(), "crop_device: kernel launch");
}

void normalize_chw_device(const NormalizeChwParams& p, cudaStream_t stream) {
  const LaunchShape s = launch_shape(normalize_grid(p));
  normalize_chw_kernel<<<to_dim3(s.grid), to_dim3(s.block), 0, stream>>>(p);
  check_cuda(cudaGetLastError(), "normalize_chw_device: kernel launch");
}

}  // namespace servesim::kernels::cuda
