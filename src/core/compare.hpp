// tierlens — the same data under two rule sets: each provider's tier under both and the conditions
// that make a difference (tl::Comparison, result.hpp; docs/plan.md).
//
//   tl::Result a = ws.evaluate(rules), b = ws.evaluate(other_rules);
//   a.comparison = tl::compare(a, b);         // report::json writes "comparison", report::text a section
#pragma once
#include "result.hpp"

namespace tl {

Comparison compare(const Result& main, const Result& other);

}  // namespace tl
