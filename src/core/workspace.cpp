// tierlens — the façade (workspace.hpp, cutter.hpp): every call a client makes, and the boundary
// where whatever a file's bytes make the engine or a dependency throw (exhausted memory on an absurd
// size, a std:: conversion, a library error) becomes that file's coded message instead of reaching
// the client. The work itself is the store's (store/ingest.cpp) and the evaluation's (eval/).
#include <algorithm>
#include <new>
#include <stdexcept>

#include "eval/evaluate.hpp"
#include "store/store.hpp"

namespace tl {

namespace {

// Runs one file operation; a throw fails that file (what was read of it is removed), not the workspace.
template <class Fn>
void guarded(Store& s, FileSlot& f, Fn&& fn) {
  try {
    fn();
  } catch (const std::bad_alloc&) {
    s.stop_file(f, FileState::Failed, Message(Msg::FileOutOfMemory).set("file", f.info.name));
  } catch (const std::exception&) {
    s.stop_file(f, FileState::Failed, Message(Msg::FileInternal).set("file", f.info.name));
  }
}

}  // namespace

Workspace::Workspace() : store_(std::make_unique<Store>()) {}
Workspace::~Workspace() = default;

// ---- files --------------------------------------------------------------------------------------

int Workspace::open(const std::string& name, const FileOptions& options) { return store_->open_file(name, options); }

void Workspace::feed(int id, const uint8_t* data, size_t n) {
  FileSlot& f = store_->slot(id);
  if (f.info.state != FileState::Reading) return;
  guarded(*store_, f, [&] { store_->feed_file(f, data, n); });
}

void Workspace::close(int id) {
  FileSlot& f = store_->slot(id);
  if (f.info.state != FileState::Reading) {
    f.own_cutter.reset();   // a file that failed while read: nothing more to decode
    return;
  }
  guarded(*store_, f, [&] { store_->close_file(f); });
}

void Workspace::cancel(int id) {
  FileSlot& f = store_->slot(id);
  store_->stop_file(f, FileState::Cancelled, std::nullopt);
}

void Workspace::fail(int id, Message why) {
  FileSlot& f = store_->slot(id);
  store_->stop_file(f, FileState::Failed, std::move(why));
}

void Workspace::remove(int id) { store_->remove_file(id); }

const FileInfo& Workspace::info(int id) const { return store_->slot(id).info; }

std::vector<int> Workspace::files() const {
  std::vector<int> out;
  for (size_t i = 0; i < store_->files.size(); ++i)
    if (store_->files[i]) out.push_back(static_cast<int>(i));
  return out;
}

const std::string& Workspace::rules_text(int id) const { return store_->slot(id).rules_text; }

Workspace::Memory Workspace::memory() const {
  const Store& s = *store_;
  Memory m;
  m.orders = s.orders.memory() + s.wide.size() * (sizeof(OrderWide) + 32);
  m.order_index = s.order_index.memory();
  m.strings = s.strings.memory() + s.merchants.memory() + s.providers.memory() + s.names.memory() + s.statuses.memory();
  m.other = s.monthly.capacity() * sizeof(MonthlyRec) + s.bindings.capacity() * sizeof(Binding) +
            s.merchant_info.capacity() * sizeof(MerchantInfo);
  return m;
}

// ---- evaluation ---------------------------------------------------------------------------------

Result Workspace::evaluate(const RuleSet& rules, const EvalOptions& options) const {
  Result r = evaluate_store(*store_, rules, options);
  if (options.history) r.history = history(rules);
  return r;
}

// Every grade month M whose window M-N .. M-1 lies within the data's whole months (a running last month
// is not whole), oldest first: each one evaluation of the prepared data, no re-reading.
std::vector<Grade> Workspace::history(const RuleSet& rules) const {
  std::vector<Grade> out;
  const std::vector<int> months = data_months(*store_);
  if (months.empty()) return out;
  bool incomplete = false;
  std::optional<int> running;
  default_window_of(*store_, rules, &incomplete, &running);
  const int first = months.front();
  const int last = running ? *running - 1 : incomplete ? months.back() - 1 : months.back();
  const int n = std::max(1, rules.window_months);
  for (int end = first + n - 1; end <= last; ++end) {
    EvalOptions o;
    o.window = Window{end - n + 1, end};
    o.near_limit = 0;
    const Result h = evaluate_store(*store_, rules, o);
    Grade g;
    g.month = end + 1;
    g.window = *o.window;
    for (const ProviderResult& p : h.providers)
      g.providers.push_back({p.id, p.tier, p.metrics, p.eligibility ? std::optional(p.eligibility->status) : std::nullopt});
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<int> Workspace::months() const { return data_months(*store_); }

std::optional<Window> Workspace::default_window(const RuleSet& rules, bool* last_month_incomplete) const {
  return default_window_of(*store_, rules, last_month_incomplete);
}

// ---- the two-stage path (cutter.hpp) ------------------------------------------------------------

void take(Workspace& ws, int id, Cut& in) {
  Store& s = *ws.store_;
  FileSlot& f = s.slot(id);
  if (f.info.state != FileState::Reading) return;
  guarded(s, f, [&] { s.take_cut(f, in.data()); });
}

const ColumnMap* taken_columns(const Workspace& ws, int id) {
  const FileSlot& f = ws.store_->slot(id);
  return f.map_ready.load(std::memory_order_acquire) ? &f.map : nullptr;
}

void prepare_memory(const Workspace& ws, int id, uint64_t bytes_cut) {
  if (!kHugePages) return;
  const FileSlot& f = ws.store_->slot(id);
  const double records_per_byte = f.records_per_byte.load(std::memory_order_relaxed);
  const uint64_t size = f.info.options.size_hint;
  if (records_per_byte <= 0 || size <= bytes_cut) return;
  constexpr size_t kBlock = Paged<OrderRec>::kBlockBytes;
  if (records_per_byte * static_cast<double>(size - bytes_cut) * sizeof(OrderRec) < 2.0 * kBlock) return;
  try {
    big_prepare(kBlock);
  } catch (const std::bad_alloc&) {
    // only ahead of need: take() maps the block itself when it needs it, and reports if that fails
  }
}

}  // namespace tl
