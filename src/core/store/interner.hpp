// tierlens — string interning and a u64 -> u32 index, both open-addressing, no per-lookup allocation.
// Millions of rows look up ids here, so lookups take string_view and hash once.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace tl {

inline uint64_t hash_bytes(const void* p, size_t n) {
  // FNV-1a, then a murmur finaliser: cheap and good enough for ids
  const unsigned char* s = static_cast<const unsigned char*>(p);
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; ++i) h = (h ^ s[i]) * 1099511628211ull;
  h ^= h >> 33; h *= 0xff51afd7ed558ccdull; h ^= h >> 33;
  return h;
}

inline uint64_t hash_u64(uint64_t x) {
  x ^= x >> 33; x *= 0xff51afd7ed558ccdull; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ull; x ^= x >> 33;
  return x;
}

// Strings stored once in an arena; ids are dense 0..size()-1 in insertion order.
class Interner {
 public:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  uint32_t intern(std::string_view s) {
    if ((count() + 1) * 2 > slots_.size()) grow();
    uint64_t h = hash_bytes(s.data(), s.size());
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint32_t id = slots_[i];
      if (id == kNone) {
        id = static_cast<uint32_t>(offsets_.size());
        offsets_.push_back(arena_.size());
        arena_.append(s.data(), s.size());
        ends_.push_back(arena_.size());
        slots_[i] = id;
        return id;
      }
      if (view(id) == s) return id;
    }
  }
  uint32_t find(std::string_view s) const {
    if (slots_.empty()) return kNone;
    uint64_t h = hash_bytes(s.data(), s.size());
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint32_t id = slots_[i];
      if (id == kNone) return kNone;
      if (view(id) == s) return id;
    }
  }
  std::string_view view(uint32_t id) const {
    return std::string_view(arena_.data() + offsets_[id], ends_[id] - offsets_[id]);
  }
  std::string str(uint32_t id) const { return std::string(view(id)); }
  size_t count() const { return offsets_.size(); }
  size_t memory() const { return arena_.capacity() + slots_.capacity() * 4 + offsets_.capacity() * 16; }

 private:
  void grow() {
    size_t n = slots_.empty() ? 64 : slots_.size() * 2;
    slots_.assign(n, kNone);
    for (uint32_t id = 0; id < offsets_.size(); ++id) {
      std::string_view s = view(id);
      for (size_t i = hash_bytes(s.data(), s.size()) & (n - 1);; i = (i + 1) & (n - 1))
        if (slots_[i] == kNone) { slots_[i] = id; break; }
    }
  }
  std::string arena_;
  std::vector<size_t> offsets_, ends_;
  std::vector<uint32_t> slots_;
};

// u64 key -> u32 value. Keys are looked up through a caller-provided accessor (the record array
// already holds the key), so a slot is only 4 bytes.
class KeyIndex {
 public:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  template <class KeyOf>
  uint32_t find(uint64_t key, const KeyOf& key_of) const {
    if (slots_.empty()) return kNone;
    size_t mask = slots_.size() - 1;
    for (size_t i = hash_u64(key) & mask;; i = (i + 1) & mask) {
      uint32_t v = slots_[i];
      if (v == kNone || key_of(v) == key) return v;
    }
  }
  // Inserts value for key (which must not be present).
  template <class KeyOf>
  void insert(uint64_t key, uint32_t value, const KeyOf& key_of) {
    if ((count_ + 1) * 10 > slots_.size() * 7) grow(key_of);
    size_t mask = slots_.size() - 1;
    for (size_t i = hash_u64(key) & mask;; i = (i + 1) & mask)
      if (slots_[i] == kNone) { slots_[i] = value; ++count_; return; }
  }
  void clear() { slots_.clear(); count_ = 0; }
  size_t memory() const { return slots_.capacity() * 4; }

 private:
  template <class KeyOf>
  void grow(const KeyOf& key_of) {
    std::vector<uint32_t> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, kNone);
    size_t mask = slots_.size() - 1;
    for (uint32_t v : old) {
      if (v == kNone) continue;
      for (size_t i = hash_u64(key_of(v)) & mask;; i = (i + 1) & mask)
        if (slots_[i] == kNone) { slots_[i] = v; break; }
    }
  }
  std::vector<uint32_t> slots_;
  size_t count_ = 0;
};

}  // namespace tl
