// SPDX-License-Identifier: Apache-2.0
// The testbed server's multi-DNN part: fan-out to child items, the Redis hop, the join.
#include "validate/testbed/testbed_server.hpp"
#include <algorithm>
#include <stdexcept>

namespace servesim::validate {

bool TestbedServer::fan_out(ServerRequest* r, std::size_t stage, std::int64_t now_ns) {
  const sim::StageSpec& spec = topology_.stages[stage];
  const std::size_t join = topology_.join_of(stage);
  // The box each child crops: the first crop's size between the fan-out and its join, or the
  // fan-out's item size. Random weights make the detector's real output meaningless, so the
  // boxes are drawn from a seeded stream instead of read from it.
  kernels::ImageSize box{spec.out_width_px, spec.out_height_px};
  for (std::size_t j = stage + 1; j < join && box.width_px == 0; ++j) {
    if (topology_.stages[j].op == sim::StageOp::kCrop) {
      box = {topology_.stages[j].out_width_px, topology_.stages[j].out_height_px};
    }
  }
  std::vector<ServerRequest*> children;
  {
    std::lock_guard lock(mutex_);
    const int k = item_counts_.at(stage).sample(fanout_rng_);
    for (int c = 0; c < k; ++c) {
      auto child = std::make_unique<ServerRequest>();
      child->id = kChildIdBase + next_child_++;
      child->connection = r->connection;
      child->cursor = stage + 1;
      child->decoded = r->decoded;
      child->is_child = true;
      child->parent = spec.fire_and_forget ? nullptr : r;
      child->parent_id = r->id;
      if (box.width_px > 0 && r->decoded) {
        const kernels::Image& full = *r->decoded;
        const int w = std::min(box.width_px, full.width_px());
        const int h = std::min(box.height_px, full.height_px());
        const auto pick = [this](int room) {
          return std::min(room, static_cast<int>(box_rng_.uniform01() * (room + 1)));
        };
        child->box = {pick(full.width_px() - w), pick(full.height_px() - h), w, h};
        if (spec.out_width_px > 0) child->image = kernels::crop(full, child->box);
      }
      children.push_back(child.get());
      live_[child.get()] = std::move(child);
    }
    r->decoded.reset();  // the children hold it until they have cropped their boxes
    r->pending_children = spec.fire_and_forget ? 0 : k;
    r->cursor = join + 1;  // where the parent resumes
  }
  const bool go_on = spec.fire_and_forget || children.empty();
  for (ServerRequest* c : children) advance(c, -1, now_ns);
  return go_on;
}

void TestbedServer::child_done(ServerRequest* child, std::int64_t now_ns) {
  ServerRequest* parent = child->parent;
  {
    std::lock_guard lock(mutex_);
    child_items_.push_back({child->id, child->parent_id, now_ns});
    finished_records_.insert(finished_records_.end(), child->stages.begin(), child->stages.end());
    live_.erase(child);
  }
  if (parent != nullptr && --parent->pending_children == 0) advance(parent, -1, now_ns);
}

void TestbedServer::publish(ServerRequest* child, std::size_t stage, std::int64_t enter_ns) {
  const kernels::Image& image = child->current();
  RedisHop::Message m;
  m.child_id = child->id;
  m.parent_id = child->parent_id;
  m.width_px = image.width_px();
  m.height_px = image.height_px();
  m.rgb.assign(image.data(), image.data() + image.size_bytes());
  child->enter_ns = enter_ns;
  {
    std::lock_guard lock(mutex_);
    in_broker_[child->id] = child;
  }
  // The payload now travels through Redis: what the consumer pops replaces it.
  child->image = kernels::Image();
  hops_.at(stage)->publish(m);
}

void TestbedServer::delivered(std::size_t stage, RedisHop::Message m, std::int64_t popped_ns) {
  ServerRequest* child = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = in_broker_.find(m.child_id);
    if (it == in_broker_.end()) {
      throw std::runtime_error("redis hop " + topology_.stages[stage].name +
                               ": popped a message for unknown child " +
                               std::to_string(m.child_id));
    }
    child = it->second;
    in_broker_.erase(it);
  }
  child->image = kernels::Image(m.width_px, m.height_px, 3, std::move(m.rgb));
  record(*child, stage, child->enter_ns, child->enter_ns, popped_ns, 1);
  ++child->cursor;
  advance(child, -1, popped_ns);
}

}  // namespace servesim::validate
