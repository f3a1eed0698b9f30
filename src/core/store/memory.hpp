// tierlens — big blocks of memory (order record pages, the main order index) with their pages mapped
// up front.
//
// A first write to a fresh page costs a page fault. On bare metal that is cheap next to filling the
// page, but under virtualisation it was measured at ~12 µs a 4 KiB page on the benchmark machine:
// 1.25 s for the 400 MB a 10M-row file needs, against 60 ms when the kernel maps the same pages in
// one call (Linux MAP_POPULATE). Natively on Linux, blocks of 1 MiB and more are obtained that way;
// elsewhere (WebAssembly, where the heap is the wasm memory, and other systems) from the usual heap.
#pragma once
#include <cstddef>
#include <memory>
#include <new>

namespace tl {

void* big_alloc(size_t bytes);             // zero-filled when it comes from the kernel; throws std::bad_alloc
void big_free(void* p, size_t bytes) noexcept;

template <class T>
struct BigAllocator {
  using value_type = T;
  BigAllocator() = default;
  template <class U>
  BigAllocator(const BigAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(big_alloc(n * sizeof(T))); }
  void deallocate(T* p, size_t n) noexcept { big_free(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const BigAllocator<U>&) const { return true; }
  template <class U>
  bool operator!=(const BigAllocator<U>&) const { return false; }
};

}  // namespace tl
