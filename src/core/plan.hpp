// tierlens — the gap planner: for each provider, what its next configured tier still needs, in plain
// numbers (docs/plan.md). The plan is typed (tl::Plan, result.hpp); every client shows it as it is.
//
//   tl::Result r = ws.evaluate(rules);
//   r.plan = tl::plan(ws, r);                 // report::json then writes "plan", report::plan_text reads it
//   for (const tl::ProviderPlan& pp : r.plan->providers) pp.orders_missing, pp.not_sold, pp.candidates ...
#pragma once
#include "result.hpp"

namespace tl {

class Workspace;

// The plan of every provider of `r`. When a month of the data is still running, the grade in progress
// (r's own window when its last month runs, else the window of the same length ending with the running
// month, evaluated once more on `ws`) gives the paid orders still needed per remaining day.
Plan plan(const Workspace& ws, const Result& r);
// The same from two Results: `in_progress` is r itself, or r's rules on the grade-in-progress window,
// or null when no month is running.
Plan plan_of(const Result& r, const Result* in_progress);
// The grade-in-progress window of r, when there is one (what plan() evaluates).
std::optional<Window> in_progress_window(const Result& r);

}  // namespace tl
