// A harness header in the wrong namespace: the layering check must refuse it.
#pragma once
namespace servesim::validate {}
