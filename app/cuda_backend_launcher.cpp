// SPDX-License-Identifier: Apache-2.0
#include "app/cuda_backend_launcher.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

namespace servesim::app {

std::string servesim_cuda_path() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "";
  const std::filesystem::path cuda = self.parent_path() / "servesim-cuda";
  return std::filesystem::exists(cuda, error) ? cuda.string() : "";
}

void exec_servesim_cuda(const std::vector<std::string>& calibrate_args) {
  const std::string path = servesim_cuda_path();
  if (path.empty()) {
    throw std::runtime_error(
        "--backend cuda needs a CUDA GPU; none found (this build has no CUDA backend: "
        "servesim-cuda is built next to servesim only where nvcc and cuDNN are present and "
        "-DSERVESIM_CUDA=ON; build it so on a GPU machine)");
  }
  std::vector<char*> argv;
  std::string name = "servesim-cuda";
  argv.push_back(name.data());
  std::vector<std::string> copies = calibrate_args;
  for (std::string& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  ::execv(path.c_str(), argv.data());
  throw std::runtime_error("--backend cuda: could not start " + path + ": " + std::strerror(errno));
}

}  // namespace servesim::app
