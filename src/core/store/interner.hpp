// tierlens — string interning and a u64 -> u32 index, both open-addressing, no per-lookup allocation.
// Millions of rows look up ids here, so lookups take string_view and hash once.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "store/memory.hpp"

namespace tl {

inline uint64_t hash_bytes(const void* p, size_t n) {
  // 8 bytes a turn (ids and statuses are 6-20 bytes: one or three multiplies, not one per byte),
  // then a murmur finaliser. Only slot positions depend on it: ids are dense in insertion order.
  const unsigned char* s = static_cast<const unsigned char*>(p);
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xff51afd7ed558ccdull);
  for (; n >= 8; s += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, s, 8);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
  }
  if (n) {
    uint64_t w = 0;
    for (size_t i = 0; i < n; ++i) w |= static_cast<uint64_t>(s[i]) << (8 * i);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
  }
  h ^= h >> 33; h *= 0xff51afd7ed558ccdull; h ^= h >> 33;
  return h;
}

inline uint64_t hash_u64(uint64_t x) {
  x ^= x >> 33; x *= 0xff51afd7ed558ccdull; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ull; x ^= x >> 33;
  return x;
}

// Slots of both tables hold (32-bit hash fingerprint << 32 | id): a probe compares fingerprints in
// the slot array itself and touches the stored key only on a fingerprint match. Most lookups of
// new order ids therefore cost one cache miss instead of one per probe. Top bit set = occupied.
inline uint64_t make_slot(uint64_t h, uint32_t id) { return ((h >> 32) | 0x80000000ull) << 32 | id; }
inline bool slot_matches(uint64_t slot, uint64_t h) { return (slot >> 32) == ((h >> 32) | 0x80000000ull); }

// Strings stored once in an arena; ids are dense 0..size()-1 in insertion order.
class Interner {
 public:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  uint32_t intern(std::string_view s) {
    if ((count() + 1) * 2 > slots_.size()) grow();
    uint64_t h = hash_bytes(s.data(), s.size());
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint64_t slot = slots_[i];
      if (slot == 0) {
        uint32_t id = static_cast<uint32_t>(offsets_.size());
        offsets_.push_back(arena_.size());
        arena_.append(s.data(), s.size());
        slots_[i] = make_slot(h, id);
        return id;
      }
      if (slot_matches(slot, h) && view(static_cast<uint32_t>(slot)) == s) return static_cast<uint32_t>(slot);
    }
  }
  uint32_t find(std::string_view s) const {
    if (slots_.empty()) return kNone;
    uint64_t h = hash_bytes(s.data(), s.size());
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint64_t slot = slots_[i];
      if (slot == 0) return kNone;
      if (slot_matches(slot, h) && view(static_cast<uint32_t>(slot)) == s) return static_cast<uint32_t>(slot);
    }
  }
  std::string_view view(uint32_t id) const {
    size_t b = offsets_[id], e = id + 1 < offsets_.size() ? offsets_[id + 1] : arena_.size();
    return std::string_view(arena_.data() + b, e - b);
  }
  std::string str(uint32_t id) const { return std::string(view(id)); }
  size_t count() const { return offsets_.size(); }
  size_t memory() const { return arena_.capacity() + slots_.capacity() * 8 + offsets_.capacity() * 8; }

 private:
  void grow() {
    size_t n = slots_.empty() ? 64 : slots_.size() * 2;
    slots_.assign(n, 0);
    for (uint32_t id = 0; id < offsets_.size(); ++id) {
      std::string_view s = view(id);
      uint64_t h = hash_bytes(s.data(), s.size());
      for (size_t i = h & (n - 1);; i = (i + 1) & (n - 1))
        if (slots_[i] == 0) { slots_[i] = make_slot(h, id); break; }
    }
  }
  std::string arena_;
  std::vector<size_t> offsets_;
  std::vector<uint64_t> slots_;
};

// u64 key -> u32 value. Keys are looked up through a caller-provided accessor (the record array
// already holds the key), so a slot is 8 bytes and the key is stored once. The table may have any
// size (a slot is picked by multiplying the hash, not by masking it): it grows by 1.5x at 3/4 full
// and can be sized once from an estimate, so a 10M-key table is ~110 MB rather than the next power of two.
class KeyIndex {
 public:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  template <class KeyOf>
  uint32_t find(uint64_t key, const KeyOf& key_of) const { return find(key, hash_u64(key), key_of); }
  template <class KeyOf>
  uint32_t find(uint64_t key, uint64_t h, const KeyOf& key_of) const {
    if (slots_.empty()) return kNone;
    for (size_t i = pos(h);; i = next(i)) {
      uint64_t slot = slots_[i];
      if (slot == 0) return kNone;
      if (slot_matches(slot, h) && key_of(static_cast<uint32_t>(slot)) == key) return static_cast<uint32_t>(slot);
    }
  }
  // Inserts value for key (which must not be present).
  template <class KeyOf>
  void insert(uint64_t key, uint32_t value, const KeyOf& key_of) { insert_hashed(hash_u64(key), value, key_of); }
  template <class KeyOf>
  void insert_hashed(uint64_t h, uint32_t value, const KeyOf& key_of) {
    if ((count_ + 1) * 4 > slots_.size() * 3) rehash(std::max<size_t>(1024, slots_.size() + slots_.size() / 2), key_of);
    place(h, value);
    ++count_;
  }
  // The slot key hash h starts at (0 for an empty table): ingest reads those of the rows it will look
  // up soon, a group at a time, so the lookups find them in the cache.
  uint64_t peek(uint64_t h) const { return slots_.empty() ? 0 : slots_[pos(h)]; }
  // Room for n keys in all without growing (a table that already holds keys is rebuilt once).
  template <class KeyOf>
  void reserve(size_t n, const KeyOf& key_of) {
    size_t want = std::max<size_t>(1024, n + n / 3 + 1);   // 3/4 full at n keys
    if (want > slots_.size()) rehash(want, key_of);
  }
  size_t size() const { return count_; }
  void clear() { slots_.clear(); slots_.shrink_to_fit(); count_ = 0; }
  size_t memory() const { return slots_.capacity() * 8; }

 private:
  size_t pos(uint64_t h) const { return static_cast<size_t>((h & 0xFFFFFFFFull) * slots_.size() >> 32); }
  size_t next(size_t i) const { return i + 1 == slots_.size() ? 0 : i + 1; }
  void place(uint64_t h, uint32_t value) {
    for (size_t i = pos(h);; i = next(i))
      if (slots_[i] == 0) { slots_[i] = make_slot(h, value); return; }
  }
  using Slots = std::vector<uint64_t, BigAllocator<uint64_t>>;   // ~110 MB on a 10M-row file
  template <class KeyOf>
  void rehash(size_t n, const KeyOf& key_of) {
    Slots old;
    old.swap(slots_);
    slots_.assign(n, 0);
    for (uint64_t v : old)
      if (v != 0) place(hash_u64(key_of(static_cast<uint32_t>(v))), static_cast<uint32_t>(v));
  }
  Slots slots_;
  size_t count_ = 0;
};

}  // namespace tl
