// tierlens — the prepared data: everything about the order records that does not depend on the rule
// set or the window, computed once per state of the data (internal header; eval/prepare.cpp).
//
// Which provider each record is attributed to (attribution.hpp) or why it cannot be, grouped into
// cells of (provider, merchant, month, status): an evaluation then walks cells (hundreds of thousands),
// not records (millions), so a change of rules or window only re-runs the walk. Records that share a
// main order id with a different record ("variants") are kept apart and deduplicated at evaluation
// time, because whether they count depends on the status list.
//
// How a cell counts depends only on its (status, month), its "class": unpaid status, outside the
// window, or counted in window month k. So what the reasons need (rows, orders, sample lines) is summed
// per class, and a cell keeps just its class, orders and amount, grouped by (provider, merchant): an
// evaluation decides each class once, and adds a group's counted cells into its merchant row directly.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <unordered_set>
#include <vector>

#include "eval/attribution.hpp"
#include "result.hpp"
#include "store/store.hpp"

namespace tl {

struct Store::Prepared {
  uint64_t generation = ~0ull;
  uint8_t tag_live[256] = {};       // files whose rows count (read completely)
  Attribution attribution;
  struct Class {
    int32_t month;
    uint16_t status;
    uint8_t nsamples = 0;
    uint8_t sample_file[5] = {};
    uint32_t sample_line[5] = {};   // the class's first sample lines in file order (of its cells' first rows)
    uint64_t orders = 0, rows = 0;
  };
  std::vector<Class> classes;
  struct Entry {               // one cell
    uint32_t cls;
    uint32_t orders;           // records: fewer than 2^32
    int64_t amount_cents;
  };
  struct Group {               // the cells of one (provider, merchant): entries [begin, next group's begin)
    uint32_t pair, begin;
  };
  std::vector<Group> groups;   // by merchant, then provider; one more at the end closes the last group
  // the (provider, merchant) pairs of the groups and live bindings: an evaluation's merchant rows, found
  // by index. By merchant: merchant m's are pairs[pair_begin[m] .. pair_begin[m + 1])
  struct Pair { uint32_t provider, merchant; };
  std::vector<Pair> pairs;
  std::vector<uint32_t> pair_begin;
  std::vector<Entry> entries;
  // merchant -> position of its id in byte order: the merchant tables' tie-break without string compares
  std::vector<uint32_t> merchant_rank;
  // merchant -> index into industries (names ids of the industries in use), or kNoIndustry
  static constexpr uint32_t kNoIndustry = 0xFFFFFFFFu;
  std::vector<uint32_t> industry_of;
  std::vector<uint32_t> industries;
  struct Loose {               // records that cannot be attributed or have no usable pay time
    uint64_t key;
    uint8_t reason;            // Reason
    uint16_t status;
    int32_t month;
    uint8_t file;
    uint32_t line[3];
    uint8_t nlines = 0;
    uint64_t rows = 0;
  };
  std::vector<Loose> loose;
  std::map<int, int64_t> month_last;                // data_months()
  std::vector<std::pair<uint32_t, uint32_t>> variants;   // (record, line), by main order id, then record order
  std::unordered_set<uint64_t> has_orders;          // (merchant << 32 | month) with order rows
  struct Folded {
    bool variant;
    uint32_t index;      // class of the cell, or position in `variants`
    uint8_t file;
    uint32_t line;
  };
  std::vector<Folded> folded;
  // the merchants' ids, names and industries, for every Result of this state of the data
  std::shared_ptr<const MerchantDirectory> directory;

};


// The prepared data of the store as it is now (built on first use after a change, then kept).
const Store::Prepared& prepare(const Store& s);

inline int month_of_store(uint32_t pay) {
  return norm::month_of_cst_seconds(static_cast<int64_t>(pay) + kStoreEpochCst);
}

}  // namespace tl
