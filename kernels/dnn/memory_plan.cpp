// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/memory_plan.hpp"

#include <algorithm>
#include <limits>

namespace servesim::kernels::dnn {

std::int64_t MemoryPlan::total_elements() const {
  std::int64_t total = 0;
  for (const std::int64_t e : buffer_elements) total += e;
  return total;
}

MemoryPlan plan_memory(const zoo::ModelSpec& model, std::int64_t batch, bool reuse) {
  const auto layers = static_cast<int>(model.layers.size());
  // The last layer that reads each output; network outputs live to the end.
  std::vector<int> last_use(layers);
  for (int i = 0; i < layers; ++i) last_use[i] = i;
  for (int i = 0; i < layers; ++i) {
    for (const int from : model.layers[i].inputs) {
      if (from >= 0) last_use[from] = std::max(last_use[from], i);
    }
  }
  for (const int out : model.outputs) last_use[out] = std::numeric_limits<int>::max();

  MemoryPlan plan;
  plan.buffer_of_layer.assign(layers, -1);
  std::vector<bool> buffer_free;
  std::vector<int> live;  // layers whose buffer is still needed
  for (int i = 0; i < layers; ++i) {
    if (reuse) {
      for (auto it = live.begin(); it != live.end();) {
        if (last_use[*it] < i) {
          buffer_free[plan.buffer_of_layer[*it]] = true;
          it = live.erase(it);
        } else {
          ++it;
        }
      }
    }
    const std::int64_t need = model.layers[i].out.elements() * batch;
    int best = -1;
    int largest = -1;
    for (int b = 0; b < static_cast<int>(buffer_free.size()); ++b) {
      if (!buffer_free[b]) continue;
      const std::int64_t size = plan.buffer_elements[b];
      if (size >= need && (best < 0 || size < plan.buffer_elements[best])) best = b;
      if (largest < 0 || size > plan.buffer_elements[largest]) largest = b;
    }
    if (best < 0 && largest >= 0) {
      best = largest;
      plan.buffer_elements[best] = need;
    }
    if (best < 0) {
      best = static_cast<int>(plan.buffer_elements.size());
      plan.buffer_elements.push_back(need);
      buffer_free.push_back(false);
    }
    buffer_free[best] = false;
    plan.buffer_of_layer[i] = best;
    live.push_back(i);
  }
  return plan;
}

}  // namespace servesim::kernels::dnn
