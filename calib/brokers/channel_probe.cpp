// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/channel_probe.hpp"

#include "calib/brokers/sigpipe_guard.hpp"

#include <condition_variable>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace servesim::calib {
namespace {

using Clock = std::chrono::steady_clock;
// How often a waiting consumer looks at the shared state; also bounds the wait at a phase end.
constexpr std::chrono::milliseconds kReceivePoll{100};

struct PhaseTimes {
  std::vector<std::int64_t> sent_ns;
  std::vector<std::int64_t> received_ns;
  std::int64_t received = 0;
  bool hit_time_limit = false;
};

// Shared by the producer and consumer threads of one phase.
class PhaseState {
 public:
  explicit PhaseState(int window) : window_(window) {}

  // Producer: waits for room in the window; false when the phase must stop.
  bool wait_for_room(Clock::time_point deadline, bool& hit_time_limit) {
    std::unique_lock lock(mutex_);
    const bool room = changed_.wait_until(
        lock, deadline, [&] { return aborted_ || published_ - received_ < window_; });
    if (aborted_) return false;
    if (!room || Clock::now() >= deadline) {
      hit_time_limit = true;
      return false;
    }
    return true;
  }
  void published() {
    update([&] { ++published_; });
  }
  void producer_done() {
    update([&] { producer_done_ = true; });
  }
  void received() {
    update([&] { ++received_; });
  }
  void fail(std::exception_ptr error) {
    update([&] {
      if (!error_) error_ = error;
      aborted_ = true;
    });
  }
  // Consumer: true when everything published has arrived and nothing more will come.
  bool consumer_finished(std::int64_t& outstanding) {
    std::lock_guard lock(mutex_);
    outstanding = published_ - received_;
    return aborted_ || (producer_done_ && outstanding == 0);
  }
  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  template <typename Change>
  void update(Change change) {
    {
      std::lock_guard lock(mutex_);
      change();
    }
    changed_.notify_all();
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  const int window_;
  std::int64_t published_ = 0;
  std::int64_t received_ = 0;
  bool producer_done_ = false;
  bool aborted_ = false;
  std::exception_ptr error_;
};

std::runtime_error probe_error(const std::string& label, const std::string& what) {
  return std::runtime_error(label + ": " + what);
}

void produce(ProbeProducer& producer, PhaseState& state, PhaseTimes& times,
             std::int64_t message_bytes, std::uint64_t first_sequence, Clock::time_point deadline) {
  std::vector<std::byte> message(static_cast<std::size_t>(message_bytes));
  for (std::size_t i = 0; i < message.size(); ++i) message[i] = std::byte(i % 251);
  for (std::size_t i = 0; i < times.sent_ns.size(); ++i) {
    if (!state.wait_for_room(deadline, times.hit_time_limit)) break;
    ProbeHeader header;
    header.sequence = first_sequence + i;
    header.sent_ns = steady_now_ns();
    write_probe_header(message, header);
    times.sent_ns[i] = header.sent_ns;
    producer.publish(message);
    state.published();
  }
}

void consume(ProbeConsumer& consumer, PhaseState& state, PhaseTimes& times,
             std::int64_t message_bytes, std::uint64_t first_sequence,
             const BrokerProbeConfig& config, const std::string& label) {
  auto last_progress = Clock::now();
  std::int64_t outstanding = 0;
  while (!state.consumer_finished(outstanding)) {
    const std::optional<ProbeHeader> header = consumer.receive(kReceivePoll);
    const std::int64_t now_ns = steady_now_ns();
    if (!header) {
      if (outstanding > 0 && Clock::now() - last_progress > config.receive_timeout) {
        throw probe_error(label, std::to_string(outstanding) +
                                     " published message(s) did not arrive within " +
                                     std::to_string(config.receive_timeout.count()) + " ms");
      }
      continue;
    }
    const std::uint64_t expected = first_sequence + static_cast<std::uint64_t>(times.received);
    if (header->sequence != expected || times.received >= std::ssize(times.received_ns)) {
      throw probe_error(label, "received message #" + std::to_string(header->sequence) +
                                   " where #" + std::to_string(expected) +
                                   " was expected (lost, duplicated or reordered)");
    }
    if (static_cast<std::int64_t>(header->bytes) != message_bytes) {
      throw probe_error(label, "received a " + std::to_string(header->bytes) +
                                   "-byte message where " + std::to_string(message_bytes) +
                                   " bytes were sent");
    }
    times.received_ns[static_cast<std::size_t>(times.received)] = now_ns;
    ++times.received;
    state.received();
    last_progress = Clock::now();
  }
}

// One phase: `total` messages (warm-up included) with at most `window` in flight.
PhaseTimes run_phase(ProbeChannel& channel, std::int64_t message_bytes, int total, int window,
                     std::uint64_t first_sequence, const BrokerProbeConfig& config,
                     const std::string& label) {
  PhaseTimes times;
  times.sent_ns.assign(static_cast<std::size_t>(total), 0);
  times.received_ns.assign(static_cast<std::size_t>(total), 0);
  PhaseState state(window);
  const auto deadline = Clock::now() + config.phase_time_limit;
  std::thread consumer_thread([&] {
    try {
      consume(*channel.consumer, state, times, message_bytes, first_sequence, config, label);
    } catch (...) {
      state.fail(std::current_exception());
    }
  });
  std::thread producer_thread([&] {
    try {
      produce(*channel.producer, state, times, message_bytes, first_sequence, deadline);
    } catch (...) {
      state.fail(std::current_exception());
    }
    state.producer_done();
  });
  producer_thread.join();
  consumer_thread.join();
  state.rethrow();
  return times;
}

}  // namespace

ChannelMeasurement measure_channel(ProbeChannel& channel, std::int64_t message_bytes,
                                   const BrokerProbeConfig& config, const std::string& label) {
  config.validate();
  if (!channel.producer || !channel.consumer) {
    throw std::invalid_argument(label + ": the channel has no producer or no consumer");
  }
  if (message_bytes < static_cast<std::int64_t>(kProbeHeaderBytes)) {
    throw std::invalid_argument(label + ": messages must be at least " +
                                std::to_string(kProbeHeaderBytes) + " bytes");
  }
  const SigpipeGuard no_sigpipe;
  const auto warmup = static_cast<std::int64_t>(config.warmup_messages);
  ChannelMeasurement result;

  const int latency_total = config.warmup_messages + config.latency_count(message_bytes);
  const PhaseTimes latency = run_phase(channel, message_bytes, latency_total, 1, 0, config, label);
  std::vector<double> latencies_ns;
  for (std::int64_t i = warmup; i < latency.received; ++i) {
    const auto k = static_cast<std::size_t>(i);
    latencies_ns.push_back(static_cast<double>(latency.received_ns[k] - latency.sent_ns[k]));
  }
  if (latencies_ns.empty()) {
    throw probe_error(label, "no message arrived after the warm-up within the " +
                                 std::to_string(config.phase_time_limit.count()) +
                                 " ms latency phase");
  }
  result.latency = CostPointStats::from_samples(std::move(latencies_ns));

  result.window_messages = config.window_messages(message_bytes);
  const int throughput_total = config.warmup_messages + config.throughput_count(message_bytes);
  const PhaseTimes throughput =
      run_phase(channel, message_bytes, throughput_total, result.window_messages,
                static_cast<std::uint64_t>(latency.received), config, label);
  const std::int64_t spanned = throughput.received - warmup;
  if (spanned < 2) {
    throw probe_error(label, "only " + std::to_string(std::max<std::int64_t>(spanned, 0)) +
                                 " message(s) arrived after the warm-up within the " +
                                 std::to_string(config.phase_time_limit.count()) +
                                 " ms throughput phase; two or more are needed");
  }
  const std::int64_t first_ns = throughput.received_ns[static_cast<std::size_t>(warmup)];
  const std::int64_t last_ns =
      throughput.received_ns[static_cast<std::size_t>(throughput.received - 1)];
  result.throughput_messages = spanned;
  result.throughput_span_s =
      static_cast<double>(std::max<std::int64_t>(last_ns - first_ns, 1)) * 1e-9;
  // spanned receipts enclose spanned - 1 inter-arrival gaps.
  result.throughput_per_s = static_cast<double>(spanned - 1) / result.throughput_span_s;
  result.hit_time_limit = latency.hit_time_limit || throughput.hit_time_limit;
  return result;
}

}  // namespace servesim::calib
