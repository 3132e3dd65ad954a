// SPDX-License-Identifier: Apache-2.0
// The testbed worker's memory: decoded images come from a per-worker pool and every request lets
// go of what no later stage reads, so a queue of waiting requests holds tensors, not frames.
#include "kernels/preprocess/synthetic_jpeg.hpp"
#include "sim/topology/topology_parser.hpp"

#include <catch2/catch.hpp>

#include "validate/testbed/image_buffer_pool.hpp"
#include "validate/testbed/testbed_plan.hpp"
#include "validate/testbed/worker_kernels.hpp"
#include <thread>

using namespace servesim;
using namespace servesim::validate;

TEST_CASE("the image buffer pool hands a buffer out again once nobody holds it", "[unit]") {
  ImageBufferPool pool;
  std::shared_ptr<kernels::Image> a = pool.acquire();
  kernels::Image* const first = a.get();
  std::shared_ptr<const kernels::Image> held = a;  // a request still reads it
  a.reset();
  std::shared_ptr<kernels::Image> b = pool.acquire();
  CHECK(b.get() != first);
  CHECK(pool.buffer_count() == 2);
  b.reset();
  // Released on another thread, as a fan-out's child does after cropping its box.
  std::thread([released = std::move(held)]() mutable { released.reset(); }).join();
  std::shared_ptr<kernels::Image> c = pool.acquire();
  std::shared_ptr<kernels::Image> d = pool.acquire();
  CHECK(pool.buffer_count() == 2);  // both reused, no third buffer
  CHECK(((c.get() == first) != (d.get() == first)));
}

namespace {
std::string topology_text(const std::string& after_infer) {
  return "digraph t {\n nic [kind=nic, gbits_per_s=40];\n cpu [kind=cpu, cores=1];\n"
         " recv [kind=stage, op=net_recv, on=nic];\n decode [kind=stage, op=jpeg_decode, on=cpu];\n"
         " resize [kind=stage, op=resize, on=cpu, out_px=\"64x64\"];\n"
         " normalize [kind=stage, op=normalize, on=cpu];\n"
         " infer [kind=stage, op=infer, on=cpu, model=mobilenetv2];\n" +
         after_infer + "}\n";
}

/// Runs stages 1 .. last of a request of a 320x240 JPEG on one worker; returns the request.
std::unique_ptr<ServerRequest> run_stages(
    const sim::Topology& t, std::size_t last, WorkerKernels& worker,
    const std::function<void(std::size_t, ServerRequest&)>& after) {
  auto r = std::make_unique<ServerRequest>();
  r->jpeg = kernels::generate_synthetic_jpeg(320, 240, 3);
  for (std::size_t i = 1; i <= last; ++i) {
    INFO("stage " << t.stages[i].name);
    worker.run_stage(i, *r);
    after(i, *r);
  }
  return r;
}
}  // namespace

TEST_CASE("a request lets go of its JPEG, decoded image and resized copy once they are read",
          "[unit]") {
  const sim::Topology t = sim::parse_topology(
      topology_text(" post [kind=stage, op=postprocess, on=cpu];\n"
                    " send [kind=stage, op=net_send, on=nic];\n"
                    " recv -> decode -> resize -> normalize -> infer -> post -> send;\n"),
      "plain.dot");
  WorkerKernels worker(t, plan_testbed(t), 1);
  const kernels::Image* first_buffer = nullptr;
  run_stages(t, 5, worker, [&](std::size_t i, ServerRequest& r) {
    switch (i) {
      case 1:  // decode: the JPEG is spent, the decoded image is the payload
        CHECK(r.jpeg.empty());
        CHECK(r.jpeg.capacity() == 0);
        REQUIRE(r.decoded);
        CHECK(r.decoded->width_px() == 320);
        first_buffer = r.decoded.get();
        break;
      case 2:  // resize: the decoded image went back to the pool
        CHECK_FALSE(r.decoded);
        CHECK(r.image.width_px() == 64);
        break;
      case 3:  // normalize: the tensor replaces the resized copy
        CHECK(r.image.empty());
        CHECK(r.tensor.element_count() == 3 * 64 * 64);
        break;
      case 4:  // infer: the tensor is spent
        CHECK(r.tensor.element_count() == 0);
        CHECK_FALSE(r.logits.empty());
        break;
      default:
        CHECK_FALSE(r.reply.empty());
    }
  });
  // The next request decodes into the same buffer.
  run_stages(t, 1, worker,
             [&](std::size_t, ServerRequest& r) { CHECK(r.decoded.get() == first_buffer); });
}

TEST_CASE("a request keeps its decoded image until its fan-out's children crop it", "[unit]") {
  const sim::Topology t = sim::parse_topology(
      topology_text(" faces [kind=stage, op=fanout, items_per_request=\"fixed:2\"];\n"
                    " crop [kind=stage, op=crop, on=cpu, out_px=\"32x32\"];\n"
                    " join [kind=stage, op=join];\n"
                    " send [kind=stage, op=net_send, on=nic];\n"
                    " recv -> decode -> resize -> normalize -> infer -> faces -> crop -> join "
                    "-> send;\n"),
      "fanout.dot");
  WorkerKernels worker(t, plan_testbed(t), 1);
  run_stages(t, 4, worker, [&](std::size_t i, ServerRequest& r) {
    CHECK(r.decoded);  // every stage before the fan-out keeps it
    if (i >= 3) CHECK(r.image.empty());
  });
}
