// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/frame_pool.hpp"

#include <coroutine>
#include <exception>

namespace servesim::sim {

/// A simulated activity written top to bottom as a C++20 coroutine:
///
///   Process customer(Engine& engine, Resource& server) {
///     co_await server.acquire();
///     co_await engine.delay(service_ns);
///     server.release();
///   }
///
/// Calling it starts it at once (eager) and it owns itself: its frame is freed when it returns.
/// Frames come from FramePool, so starting processes in steady state does not call malloc. An
/// exception escaping a process ends it (its frame is freed) and is rethrown by Engine::run()
/// right after the event that raised it.
/// The exception a process ended with, waiting for Engine::run to rethrow it (per thread, like
/// the frame pool; one engine runs on a thread at a time).
inline std::exception_ptr& pending_process_error() {
  thread_local std::exception_ptr error;
  return error;
}

class Process {
 public:
  struct promise_type {
    Process get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { pending_process_error() = std::current_exception(); }

    static void* operator new(std::size_t bytes) { return FramePool::allocate(bytes); }
    static void operator delete(void* frame, std::size_t bytes) noexcept {
      FramePool::deallocate(frame, bytes);
    }
  };
};

}  // namespace servesim::sim
