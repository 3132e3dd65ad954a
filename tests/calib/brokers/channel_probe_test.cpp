// SPDX-License-Identifier: Apache-2.0
// The measurement logic over an in-process queue, where delays, losses and reordering can be
// made on purpose; the real brokers are measured in broker_probe_test.cpp.
#include "calib/brokers/channel_probe.hpp"

#include "calib/brokers/broker_calibration.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace servesim::calib;
using namespace std::chrono_literals;

namespace {

struct Queue {
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::vector<std::byte>> messages;
  std::chrono::milliseconds publish_delay{0};
  int drop_every = 0;   // drop message n when n % drop_every == drop_every - 1
  int hold_index = -1;  // message held back and delivered after the next one
  std::vector<std::byte> held;
  int published = 0;
};

class QueueProducer final : public ProbeProducer {
 public:
  explicit QueueProducer(std::shared_ptr<Queue> q) : q_(std::move(q)) {}
  void publish(std::span<const std::byte> message) override {
    if (q_->publish_delay.count() > 0) std::this_thread::sleep_for(q_->publish_delay);
    std::lock_guard lock(q_->mutex);
    const int n = q_->published++;
    if (q_->drop_every > 0 && n % q_->drop_every == q_->drop_every - 1) return;
    if (n == q_->hold_index) {
      q_->held.assign(message.begin(), message.end());
      return;
    }
    q_->messages.emplace_back(message.begin(), message.end());
    if (n == q_->hold_index + 1) q_->messages.push_back(std::move(q_->held));
    q_->ready.notify_all();
  }

 private:
  std::shared_ptr<Queue> q_;
};

class QueueConsumer final : public ProbeConsumer {
 public:
  explicit QueueConsumer(std::shared_ptr<Queue> q) : q_(std::move(q)) {}
  std::optional<ProbeHeader> receive(std::chrono::milliseconds timeout) override {
    std::unique_lock lock(q_->mutex);
    if (!q_->ready.wait_for(lock, timeout, [&] { return !q_->messages.empty(); })) {
      return std::nullopt;
    }
    const std::vector<std::byte> message = std::move(q_->messages.front());
    q_->messages.pop_front();
    return read_probe_header(message);
  }

 private:
  std::shared_ptr<Queue> q_;
};

ProbeChannel queue_channel(const std::shared_ptr<Queue>& q) {
  return {std::make_unique<QueueProducer>(q), std::make_unique<QueueConsumer>(q)};
}

BrokerProbeConfig small_config() {
  BrokerProbeConfig c;
  c.message_bytes = {1024};
  c.warmup_messages = 3;
  c.latency_messages = 20;
  c.throughput_messages = 40;
  c.min_messages = 2;
  c.window_bytes = 8 * 1024;  // 8 messages of 1 KiB in flight
  c.phase_time_limit = 5000ms;
  c.receive_timeout = 500ms;
  return c;
}

}  // namespace

TEST_CASE("counts, warm-up and the throughput bound of a slow publisher", "[unit]") {
  auto q = std::make_shared<Queue>();
  q->publish_delay = 2ms;  // so at most 500 messages/s can pass
  ProbeChannel channel = queue_channel(q);
  const ChannelMeasurement m = measure_channel(channel, 1024, small_config(), "queue");
  CHECK(m.latency.samples == 20);  // warm-up excluded
  CHECK(m.latency.min_ns > 0);
  CHECK(m.latency.p99_ns < 100e6);
  CHECK(m.throughput_messages == 40);
  CHECK(m.window_messages == 8);
  CHECK(m.throughput_per_s > 0);
  CHECK(m.throughput_per_s <= 500.0 * 1.05);
  CHECK_FALSE(m.hit_time_limit);
  CHECK(q->published == (3 + 20) + (3 + 40));
}

TEST_CASE("a phase stops at its time limit and reports what arrived", "[unit]") {
  auto q = std::make_shared<Queue>();
  q->publish_delay = 30ms;
  ProbeChannel channel = queue_channel(q);
  BrokerProbeConfig c = small_config();
  c.phase_time_limit = 450ms;  // about 15 messages per phase
  const auto start = std::chrono::steady_clock::now();
  const ChannelMeasurement m = measure_channel(channel, 1024, c, "slow queue");
  CHECK(std::chrono::steady_clock::now() - start < 3s);
  CHECK(m.hit_time_limit);
  CHECK(m.latency.samples >= 1);
  CHECK(m.latency.samples < 20);
  CHECK(m.throughput_per_s <= 1000.0 / 30 * 1.05);
}

TEST_CASE("lost, reordered and oversized messages are errors that name the probe", "[unit]") {
  SECTION("lost") {
    auto q = std::make_shared<Queue>();
    q->drop_every = 7;
    ProbeChannel channel = queue_channel(q);
    CHECK_THROWS_WITH(measure_channel(channel, 1024, small_config(), "lossy queue"),
                      Catch::StartsWith("lossy queue: ") && Catch::Contains("did not arrive"));
  }
  SECTION("reordered") {
    auto q = std::make_shared<Queue>();
    // Message 25 is in the throughput phase (23 latency messages come first), where the window
    // lets the producer send 26 before 25 has arrived.
    q->hold_index = 25;
    ProbeChannel channel = queue_channel(q);
    const BrokerProbeConfig c = small_config();
    CHECK_THROWS_WITH(measure_channel(channel, 1024, c, "shuffling queue"),
                      Catch::Contains("where #") && Catch::Contains("reordered"));
  }
}

TEST_CASE("a resumed calibration skips points already stored", "[unit]") {
  const std::filesystem::path dir = servesim::test::process_scratch_dir("channel-probe");
  const std::string path = (dir / "resume.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  BrokerProbeConfig c = small_config();
  c.message_bytes = {1024, 2048};
  int opened = 0;
  std::vector<BrokerProbeTarget> targets{{"queue", "fifo", [&](std::int64_t) {
                                            ++opened;
                                            return queue_channel(std::make_shared<Queue>());
                                          }}};
  CostTableInfo info{"brokers-test", "cpu", "measured", "test", "", ""};
  {
    CostTableWriter writer = CostTableWriter::open(path, info);
    c.message_bytes = {1024};
    CHECK(run_broker_probes(targets, c, &writer).size() == 1);
  }
  CostTableWriter writer = CostTableWriter::open(path, info, CostTableWriter::Mode::resume);
  c.message_bytes = {1024, 2048};
  std::vector<std::int64_t> seen;
  const auto results = run_broker_probes(
      targets, c, &writer, [&](const BrokerProbeResult& r) { seen.push_back(r.message_bytes); });
  CHECK(opened == 2);  // 1 KiB once, then only 2 KiB
  CHECK(seen == std::vector<std::int64_t>{2048});
  CHECK(writer.point_count() == 2);
  REQUIRE(results.size() == 1);
  const CostPoint point = to_cost_point(results[0]);
  CHECK(point.op == "broker");
  CHECK(point.model == "queue");
  CHECK(point.variant == "fifo");
  CHECK(point.batch == 1);
  CHECK(point.input_bytes == 2048);
  CHECK(point.output_bytes == 2048);
  CHECK(point.stats.samples == 20);
  std::filesystem::remove_all(dir);
}
