// SPDX-License-Identifier: Apache-2.0
#include "kernels/zoo/model_zoo.hpp"

#include "kernels/zoo/models.hpp"

#include <stdexcept>

namespace servesim::kernels::zoo {
namespace {

using Builder = ModelSpec (*)(std::int64_t, std::int64_t);

struct Registered {
  ZooEntry entry;
  Builder build;
};

const std::vector<Registered>& registry() {
  static const std::vector<Registered> models = {
      {{"resnet18", "classification", 224, 224}, &resnet18},
      {{"resnet50", "classification", 224, 224}, &resnet50},
      {{"mobilenetv2", "classification", 224, 224}, &mobilenet_v2},
      {{"vit_b16", "classification", 224, 224}, &vit_b16},
      {{"yolov5s", "detection", 640, 640}, &yolov5s},
      {{"retinaface_mnet025", "face_detection", 640, 640}, &retinaface_mnet025},
      {{"mobilefacenet", "face_embedding", 112, 112}, &mobilefacenet},
  };
  return models;
}

const Registered& lookup(std::string_view name) {
  for (const Registered& r : registry()) {
    if (r.entry.name == name) return r;
  }
  throw std::invalid_argument("unknown model '" + std::string(name) +
                              "'; known models: " + known_model_names());
}

}  // namespace

const std::vector<ZooEntry>& zoo_entries() {
  static const std::vector<ZooEntry> entries = [] {
    std::vector<ZooEntry> out;
    for (const Registered& r : registry()) out.push_back(r.entry);
    return out;
  }();
  return entries;
}

std::string known_model_names() {
  std::string names;
  for (const Registered& r : registry()) {
    if (!names.empty()) names += ", ";
    names += r.entry.name;
  }
  return names;
}

ModelSpec build_model(std::string_view name) {
  const Registered& r = lookup(name);
  return r.build(r.entry.height_px, r.entry.width_px);
}

ModelSpec build_model(std::string_view name, std::int64_t height_px, std::int64_t width_px) {
  const Registered& r = lookup(name);
  if (height_px < 1 || width_px < 1) {
    throw std::invalid_argument("model '" + r.entry.name + "': input size " +
                                std::to_string(height_px) + "x" + std::to_string(width_px) +
                                " must be positive");
  }
  return r.build(height_px, width_px);
}

}  // namespace servesim::kernels::zoo
