// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/redis_hop.hpp"

#include <hiredis/hiredis.h>

#include "validate/testbed/monotonic_clock.hpp"
#include <cstring>
#include <memory>
#include <stdexcept>

namespace servesim::validate {
namespace {

constexpr std::size_t kHeaderBytes = 24;

struct ReplyFree {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;

redisContext* context(void* p) { return static_cast<redisContext*>(p); }

void put(std::vector<std::uint8_t>& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}
std::uint64_t get(const std::uint8_t* in, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= static_cast<std::uint64_t>(in[i]) << (8 * i);
  return value;
}

}  // namespace

RedisHop::RedisHop(const std::string& host, int port, std::string list_key, Deliver deliver,
                   std::function<void(const std::string&)> on_error)
    : host_(host),
      port_(port),
      key_(std::move(list_key)),
      deliver_(std::move(deliver)),
      on_error_(std::move(on_error)) {
  void* consumer = connect();
  consumer_ = std::thread([this, consumer] {
    struct Close {
      void* c;
      ~Close() { redisFree(context(c)); }
    } close{consumer};
    while (true) {
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
      }
      // BRPOP with a 1 s timeout, so stop() is seen within a second.
      Reply reply(static_cast<redisReply*>(
          redisCommand(context(consumer), "BRPOP %b 1", key_.data(), key_.size())));
      const std::int64_t popped_ns = monotonic_ns();
      if (!reply) {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
          on_error_("redis list '" + key_ + "': BRPOP failed: " + context(consumer)->errstr);
        }
        return;
      }
      if (reply->type == REDIS_REPLY_NIL) continue;  // timed out: nothing queued
      if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
          reply->element[1]->type != REDIS_REPLY_STRING) {
        on_error_("redis list '" + key_ + "': unexpected BRPOP reply");
        return;
      }
      try {
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(reply->element[1]->str);
        deliver_(decode({bytes, reply->element[1]->len}, key_), popped_ns);
      } catch (const std::exception& e) {
        on_error_(e.what());
      }
    }
  });
}

RedisHop::~RedisHop() { stop(); }

void* RedisHop::connect() const {
  redisContext* c = redisConnect(host_.c_str(), port_);
  if (c == nullptr || c->err != 0) {
    const std::string why = c ? c->errstr : "out of memory";
    if (c) redisFree(c);
    throw std::runtime_error("redis list '" + key_ + "': cannot connect to " + host_ + ":" +
                             std::to_string(port_) + ": " + why);
  }
  return c;
}

std::vector<std::uint8_t> RedisHop::encode(const Message& m) {
  std::vector<std::uint8_t> out;
  out.reserve(kHeaderBytes + m.rgb.size());
  put(out, m.child_id, 8);
  put(out, m.parent_id, 8);
  put(out, static_cast<std::uint64_t>(m.width_px), 4);
  put(out, static_cast<std::uint64_t>(m.height_px), 4);
  out.insert(out.end(), m.rgb.begin(), m.rgb.end());
  return out;
}

RedisHop::Message RedisHop::decode(std::span<const std::uint8_t> bytes,
                                   const std::string& list_key) {
  if (bytes.size() < kHeaderBytes) {
    throw std::runtime_error("redis list '" + list_key + "': message of " +
                             std::to_string(bytes.size()) + " bytes is shorter than its header");
  }
  Message m;
  m.child_id = get(bytes.data(), 8);
  m.parent_id = get(bytes.data() + 8, 8);
  m.width_px = static_cast<int>(get(bytes.data() + 16, 4));
  m.height_px = static_cast<int>(get(bytes.data() + 20, 4));
  const std::size_t expected = static_cast<std::size_t>(m.width_px) * m.height_px * 3;
  if (bytes.size() - kHeaderBytes != expected) {
    throw std::runtime_error("redis list '" + list_key + "': message of child " +
                             std::to_string(m.child_id) + " carries " +
                             std::to_string(bytes.size() - kHeaderBytes) + " bytes, a " +
                             std::to_string(m.width_px) + "x" + std::to_string(m.height_px) +
                             " RGB box has " + std::to_string(expected));
  }
  m.rgb.assign(bytes.begin() + kHeaderBytes, bytes.end());
  return m;
}

void RedisHop::publish(const Message& message) {
  void* producer = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (!idle_producers_.empty()) {
      producer = idle_producers_.back();
      idle_producers_.pop_back();
    }
  }
  if (producer == nullptr) {
    producer = connect();
    std::lock_guard lock(mutex_);
    all_producers_.push_back(producer);
  }
  const std::vector<std::uint8_t> bytes = encode(message);
  Reply reply(static_cast<redisReply*>(redisCommand(context(producer), "LPUSH %b %b", key_.data(),
                                                    key_.size(), bytes.data(), bytes.size())));
  std::string error;
  if (!reply) {
    error = context(producer)->errstr;
  } else if (reply->type == REDIS_REPLY_ERROR) {
    error = reply->str;
  }
  if (!error.empty()) {
    // A broken connection is not handed out again.
    throw std::runtime_error("redis list '" + key_ + "': LPUSH failed: " + error);
  }
  std::lock_guard lock(mutex_);
  idle_producers_.push_back(producer);
}

void RedisHop::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  if (consumer_.joinable()) consumer_.join();
  std::lock_guard lock(mutex_);
  for (void* p : all_producers_) redisFree(context(p));
  all_producers_.clear();
  idle_producers_.clear();
}

}  // namespace servesim::validate
