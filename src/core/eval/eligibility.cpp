// tierlens — eligibility (docs/rule.md): a provider takes part in month M's grade only if it was a certified
// industrial-belt provider by the last day of M-1, inclusive. A lookup per provider after the evaluation:
// the metrics and tiers are computed as always, the status says whether the grade counts the provider.
#include <map>

#include "eval/evaluate.hpp"
#include "store/store.hpp"

namespace tl {

const char* eligibility_name(Eligibility::Status s) {
  switch (s) {
    case Eligibility::Status::Eligible: return "eligible";
    case Eligibility::Status::NotEligible: return "not_eligible";
    case Eligibility::Status::Unknown: break;
  }
  return "unknown";
}

void check_eligibility(Result& r, const std::vector<const FileSlot*>& live) {
  struct Listed {
    FileSlot::Certified cert;
    const FileSlot* file;
  };
  std::map<std::string, Listed> listed;   // provider -> earliest certification over the files, in opening order
  bool any = false;
  for (const FileSlot* f : live) {
    if (f->info.kind != FileKind::Providers) continue;
    any = true;
    uint64_t conflicts = 0;
    Message said(Msg::FileProviderDatesDiffer);
    for (const auto& [id, c] : f->certified) {
      auto [it, fresh] = listed.emplace(id, Listed{c, f});
      if (fresh) continue;
      Listed& l = it->second;
      if (l.cert.name.empty()) l.cert.name = c.name;
      if (c.since == l.cert.since) continue;
      if (conflicts++ == 0)
        said.set("file", f->info.name).set("provider", id).set("first", norm::format_day(std::min(c.since, l.cert.since)))
            .set("second", norm::format_day(std::max(c.since, l.cert.since))).set("other_file", l.file->info.name);
      l.cert.since = std::min(c.since, l.cert.since);
    }
    if (!conflicts) continue;   // (said on this file's entry of the report: the earlier file is right as it is)
    said.set("count", conflicts);
    for (FileInfo& q : r.quality.files)
      if (q.id == f->info.id) q.warnings.push_back(said);
  }
  if (!any) return;
  r.eligibility_checked = true;
  if (r.window.window.months() <= 0) return;   // no data, no window: no grade to take part in
  const int grade = r.window.grade_month();
  const int64_t deadline = norm::month_start_cst_seconds(grade);   // the first second of M: before it is in time
  for (ProviderResult& p : r.providers) {
    Eligibility e;
    e.grade_month = grade;
    if (auto it = listed.find(p.id); it != listed.end()) {
      e.certified_since = it->second.cert.since;
      e.status = it->second.cert.since < deadline ? Eligibility::Status::Eligible : Eligibility::Status::NotEligible;
      if (p.name.empty()) p.name = it->second.cert.name;
    }
    p.eligibility = e;
  }
}

}  // namespace tl
