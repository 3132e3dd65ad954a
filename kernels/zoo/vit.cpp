// SPDX-License-Identifier: Apache-2.0
// ViT-B/16 as in timm vit_base_patch16_224 / torchvision vit_b_16 (Dosovitskiy et al. 2021):
// pre-norm transformer blocks, class-token head.
#include "kernels/zoo/model_builder.hpp"
#include "kernels/zoo/models.hpp"

#include <string>

namespace servesim::kernels::zoo {

ModelSpec vit_b16(std::int64_t height_px, std::int64_t width_px) {
  constexpr int kPatch = 16;
  constexpr int kLayers = 12;
  constexpr int kHeads = 12;
  constexpr std::int64_t kDim = 768;
  constexpr std::int64_t kMlpDim = 3072;
  ModelBuilder b("vit_b16",
                 "ViT-B/16 (timm vit_base_patch16_224): 12 layers, 12 heads, dim 768, MLP 3072, "
                 "ImageNet 1000 classes",
                 {3, height_px, width_px});
  using Ref = ModelBuilder::Ref;
  Ref x = b.patch_embed(b.input(), "patch_embed", kPatch, kDim);
  for (int i = 0; i < kLayers; ++i) {
    const std::string p = "blocks." + std::to_string(i) + ".";
    Ref y = b.attention(b.layernorm(x, p + "norm1"), p + "attn", kHeads);
    x = b.add(x, y, p + "add1");
    y = b.linear(b.layernorm(x, p + "norm2"), p + "mlp.fc1", kMlpDim);
    y = b.linear(b.gelu(y, p + "mlp.act"), p + "mlp.fc2", kDim);
    x = b.add(x, y, p + "add2");
  }
  x = b.take_token(b.layernorm(x, "norm"), "cls_token");
  b.linear(x, "head", 1000);
  return b.finish();
}

}  // namespace servesim::kernels::zoo
