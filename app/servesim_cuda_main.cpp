// SPDX-License-Identifier: Apache-2.0
// servesim-cuda: `servesim calibrate` with the CUDA backend. The only executable that links
// cudart, cuDNN and cuBLAS; `servesim calibrate --backend cuda` replaces itself with it.
#include "app/cuda_backend_launcher.hpp"
#include "app/process_setup.hpp"

#include <string>
#include <vector>

namespace {
int calibrate_with_cuda(const std::vector<std::string>& args) {
  return servesim::app::calibrate_command_with_cuda(args, &servesim::calib::run_cuda_backend);
}
}  // namespace

int main(int argc, char** argv) {
  servesim::app::prepare_process();
  return servesim::app::run_guarded("calibrate", &calibrate_with_cuda,
                                    std::vector<std::string>(argv + 1, argv + argc));
}
