// tierlens — the projection (docs/plan.md#3-the-projection): while a month is running, each metric of the
// grade in progress carried to its window's end at the running month's daily rate, the tier it would
// earn and whether that reaches the next tier. Typed (tl::Projection, result.hpp); always labelled a
// projection by the clients.
//
//   tl::Result r = ws.evaluate(rules);
//   r.projection = tl::project(ws, r);        // none when no month of the data is running
//   for (const tl::Projection::Provider& pp : r.projection->providers) pp.projected.paid_orders, pp.on_track ...
#pragma once
#include "result.hpp"

namespace tl {

class Workspace;

// The projection of every provider of `r`, on the grade-in-progress window (in_progress_window, plan.hpp:
// r's own window when its last month runs, else evaluated once more on `ws`); none when no month runs.
std::optional<Projection> project(const Workspace& ws, const Result& r);
// The same from two Results: `in_progress` is r itself or r's rules on the grade-in-progress window.
std::optional<Projection> project_of(const Result& r, const Result& in_progress);

}  // namespace tl
