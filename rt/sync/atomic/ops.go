package atomic

import (
	"sync/atomic"
	"unsafe"
)

// SwapInt32 atomically stores new into *addr and returns the old value.
func SwapInt32(addr *int32, new int32) (old int32) {
	point("atomic.SwapInt32")
	return atomic.SwapInt32(addr, new)
}

// CompareAndSwapInt32 executes the compare-and-swap operation for a int32 value.
func CompareAndSwapInt32(addr *int32, old, new int32) (swapped bool) {
	point("atomic.CompareAndSwapInt32")
	return atomic.CompareAndSwapInt32(addr, old, new)
}

// AddInt32 atomically adds delta to *addr and returns the new value.
func AddInt32(addr *int32, delta int32) (new int32) {
	point("atomic.AddInt32")
	return atomic.AddInt32(addr, delta)
}

// AndInt32 atomically ands mask into *addr and returns the old value.
func AndInt32(addr *int32, mask int32) (old int32) {
	point("atomic.AndInt32")
	return atomic.AndInt32(addr, mask)
}

// OrInt32 atomically ors mask into *addr and returns the old value.
func OrInt32(addr *int32, mask int32) (old int32) {
	point("atomic.OrInt32")
	return atomic.OrInt32(addr, mask)
}

// LoadInt32 atomically loads *addr.
func LoadInt32(addr *int32) (val int32) { point("atomic.LoadInt32"); return atomic.LoadInt32(addr) }

// StoreInt32 atomically stores val into *addr.
func StoreInt32(addr *int32, val int32) { point("atomic.StoreInt32"); atomic.StoreInt32(addr, val) }

// Int32 is an atomic int32; the zero value is zero. Each method is one yield
// point under a World.
type Int32 struct {
	_ noCopy
	v atomic.Int32
}

// Load atomically loads and returns the value stored in x.
func (x *Int32) Load() int32 { point("atomic.Int32.Load"); return x.v.Load() }

// Store atomically stores val into x.
func (x *Int32) Store(val int32) { point("atomic.Int32.Store"); x.v.Store(val) }

// Swap atomically stores new into x and returns the previous value.
func (x *Int32) Swap(new int32) (old int32) { point("atomic.Int32.Swap"); return x.v.Swap(new) }

// CompareAndSwap executes the compare-and-swap operation for x.
func (x *Int32) CompareAndSwap(old, new int32) (swapped bool) {
	point("atomic.Int32.CompareAndSwap")
	return x.v.CompareAndSwap(old, new)
}

// Add atomically adds delta to x and returns the new value.
func (x *Int32) Add(delta int32) (new int32) { point("atomic.Int32.Add"); return x.v.Add(delta) }

// And atomically ands mask into x and returns the old value.
func (x *Int32) And(mask int32) (old int32) { point("atomic.Int32.And"); return x.v.And(mask) }

// Or atomically ors mask into x and returns the old value.
func (x *Int32) Or(mask int32) (old int32) { point("atomic.Int32.Or"); return x.v.Or(mask) }

// SwapInt64 atomically stores new into *addr and returns the old value.
func SwapInt64(addr *int64, new int64) (old int64) {
	point("atomic.SwapInt64")
	return atomic.SwapInt64(addr, new)
}

// CompareAndSwapInt64 executes the compare-and-swap operation for a int64 value.
func CompareAndSwapInt64(addr *int64, old, new int64) (swapped bool) {
	point("atomic.CompareAndSwapInt64")
	return atomic.CompareAndSwapInt64(addr, old, new)
}

// AddInt64 atomically adds delta to *addr and returns the new value.
func AddInt64(addr *int64, delta int64) (new int64) {
	point("atomic.AddInt64")
	return atomic.AddInt64(addr, delta)
}

// AndInt64 atomically ands mask into *addr and returns the old value.
func AndInt64(addr *int64, mask int64) (old int64) {
	point("atomic.AndInt64")
	return atomic.AndInt64(addr, mask)
}

// OrInt64 atomically ors mask into *addr and returns the old value.
func OrInt64(addr *int64, mask int64) (old int64) {
	point("atomic.OrInt64")
	return atomic.OrInt64(addr, mask)
}

// LoadInt64 atomically loads *addr.
func LoadInt64(addr *int64) (val int64) { point("atomic.LoadInt64"); return atomic.LoadInt64(addr) }

// StoreInt64 atomically stores val into *addr.
func StoreInt64(addr *int64, val int64) { point("atomic.StoreInt64"); atomic.StoreInt64(addr, val) }

// Int64 is an atomic int64; the zero value is zero. Each method is one yield
// point under a World.
type Int64 struct {
	_ noCopy
	v atomic.Int64
}

// Load atomically loads and returns the value stored in x.
func (x *Int64) Load() int64 { point("atomic.Int64.Load"); return x.v.Load() }

// Store atomically stores val into x.
func (x *Int64) Store(val int64) { point("atomic.Int64.Store"); x.v.Store(val) }

// Swap atomically stores new into x and returns the previous value.
func (x *Int64) Swap(new int64) (old int64) { point("atomic.Int64.Swap"); return x.v.Swap(new) }

// CompareAndSwap executes the compare-and-swap operation for x.
func (x *Int64) CompareAndSwap(old, new int64) (swapped bool) {
	point("atomic.Int64.CompareAndSwap")
	return x.v.CompareAndSwap(old, new)
}

// Add atomically adds delta to x and returns the new value.
func (x *Int64) Add(delta int64) (new int64) { point("atomic.Int64.Add"); return x.v.Add(delta) }

// And atomically ands mask into x and returns the old value.
func (x *Int64) And(mask int64) (old int64) { point("atomic.Int64.And"); return x.v.And(mask) }

// Or atomically ors mask into x and returns the old value.
func (x *Int64) Or(mask int64) (old int64) { point("atomic.Int64.Or"); return x.v.Or(mask) }

// SwapUint32 atomically stores new into *addr and returns the old value.
func SwapUint32(addr *uint32, new uint32) (old uint32) {
	point("atomic.SwapUint32")
	return atomic.SwapUint32(addr, new)
}

// CompareAndSwapUint32 executes the compare-and-swap operation for a uint32 value.
func CompareAndSwapUint32(addr *uint32, old, new uint32) (swapped bool) {
	point("atomic.CompareAndSwapUint32")
	return atomic.CompareAndSwapUint32(addr, old, new)
}

// AddUint32 atomically adds delta to *addr and returns the new value.
func AddUint32(addr *uint32, delta uint32) (new uint32) {
	point("atomic.AddUint32")
	return atomic.AddUint32(addr, delta)
}

// AndUint32 atomically ands mask into *addr and returns the old value.
func AndUint32(addr *uint32, mask uint32) (old uint32) {
	point("atomic.AndUint32")
	return atomic.AndUint32(addr, mask)
}

// OrUint32 atomically ors mask into *addr and returns the old value.
func OrUint32(addr *uint32, mask uint32) (old uint32) {
	point("atomic.OrUint32")
	return atomic.OrUint32(addr, mask)
}

// LoadUint32 atomically loads *addr.
func LoadUint32(addr *uint32) (val uint32) {
	point("atomic.LoadUint32")
	return atomic.LoadUint32(addr)
}

// StoreUint32 atomically stores val into *addr.
func StoreUint32(addr *uint32, val uint32) {
	point("atomic.StoreUint32")
	atomic.StoreUint32(addr, val)
}

// Uint32 is an atomic uint32; the zero value is zero. Each method is one yield
// point under a World.
type Uint32 struct {
	_ noCopy
	v atomic.Uint32
}

// Load atomically loads and returns the value stored in x.
func (x *Uint32) Load() uint32 { point("atomic.Uint32.Load"); return x.v.Load() }

// Store atomically stores val into x.
func (x *Uint32) Store(val uint32) { point("atomic.Uint32.Store"); x.v.Store(val) }

// Swap atomically stores new into x and returns the previous value.
func (x *Uint32) Swap(new uint32) (old uint32) { point("atomic.Uint32.Swap"); return x.v.Swap(new) }

// CompareAndSwap executes the compare-and-swap operation for x.
func (x *Uint32) CompareAndSwap(old, new uint32) (swapped bool) {
	point("atomic.Uint32.CompareAndSwap")
	return x.v.CompareAndSwap(old, new)
}

// Add atomically adds delta to x and returns the new value.
func (x *Uint32) Add(delta uint32) (new uint32) { point("atomic.Uint32.Add"); return x.v.Add(delta) }

// And atomically ands mask into x and returns the old value.
func (x *Uint32) And(mask uint32) (old uint32) { point("atomic.Uint32.And"); return x.v.And(mask) }

// Or atomically ors mask into x and returns the old value.
func (x *Uint32) Or(mask uint32) (old uint32) { point("atomic.Uint32.Or"); return x.v.Or(mask) }

// SwapUint64 atomically stores new into *addr and returns the old value.
func SwapUint64(addr *uint64, new uint64) (old uint64) {
	point("atomic.SwapUint64")
	return atomic.SwapUint64(addr, new)
}

// CompareAndSwapUint64 executes the compare-and-swap operation for a uint64 value.
func CompareAndSwapUint64(addr *uint64, old, new uint64) (swapped bool) {
	point("atomic.CompareAndSwapUint64")
	return atomic.CompareAndSwapUint64(addr, old, new)
}

// AddUint64 atomically adds delta to *addr and returns the new value.
func AddUint64(addr *uint64, delta uint64) (new uint64) {
	point("atomic.AddUint64")
	return atomic.AddUint64(addr, delta)
}

// AndUint64 atomically ands mask into *addr and returns the old value.
func AndUint64(addr *uint64, mask uint64) (old uint64) {
	point("atomic.AndUint64")
	return atomic.AndUint64(addr, mask)
}

// OrUint64 atomically ors mask into *addr and returns the old value.
func OrUint64(addr *uint64, mask uint64) (old uint64) {
	point("atomic.OrUint64")
	return atomic.OrUint64(addr, mask)
}

// LoadUint64 atomically loads *addr.
func LoadUint64(addr *uint64) (val uint64) {
	point("atomic.LoadUint64")
	return atomic.LoadUint64(addr)
}

// StoreUint64 atomically stores val into *addr.
func StoreUint64(addr *uint64, val uint64) {
	point("atomic.StoreUint64")
	atomic.StoreUint64(addr, val)
}

// Uint64 is an atomic uint64; the zero value is zero. Each method is one yield
// point under a World.
type Uint64 struct {
	_ noCopy
	v atomic.Uint64
}

// Load atomically loads and returns the value stored in x.
func (x *Uint64) Load() uint64 { point("atomic.Uint64.Load"); return x.v.Load() }

// Store atomically stores val into x.
func (x *Uint64) Store(val uint64) { point("atomic.Uint64.Store"); x.v.Store(val) }

// Swap atomically stores new into x and returns the previous value.
func (x *Uint64) Swap(new uint64) (old uint64) { point("atomic.Uint64.Swap"); return x.v.Swap(new) }

// CompareAndSwap executes the compare-and-swap operation for x.
func (x *Uint64) CompareAndSwap(old, new uint64) (swapped bool) {
	point("atomic.Uint64.CompareAndSwap")
	return x.v.CompareAndSwap(old, new)
}

// Add atomically adds delta to x and returns the new value.
func (x *Uint64) Add(delta uint64) (new uint64) { point("atomic.Uint64.Add"); return x.v.Add(delta) }

// And atomically ands mask into x and returns the old value.
func (x *Uint64) And(mask uint64) (old uint64) { point("atomic.Uint64.And"); return x.v.And(mask) }

// Or atomically ors mask into x and returns the old value.
func (x *Uint64) Or(mask uint64) (old uint64) { point("atomic.Uint64.Or"); return x.v.Or(mask) }

// SwapUintptr atomically stores new into *addr and returns the old value.
func SwapUintptr(addr *uintptr, new uintptr) (old uintptr) {
	point("atomic.SwapUintptr")
	return atomic.SwapUintptr(addr, new)
}

// CompareAndSwapUintptr executes the compare-and-swap operation for a uintptr value.
func CompareAndSwapUintptr(addr *uintptr, old, new uintptr) (swapped bool) {
	point("atomic.CompareAndSwapUintptr")
	return atomic.CompareAndSwapUintptr(addr, old, new)
}

// AddUintptr atomically adds delta to *addr and returns the new value.
func AddUintptr(addr *uintptr, delta uintptr) (new uintptr) {
	point("atomic.AddUintptr")
	return atomic.AddUintptr(addr, delta)
}

// AndUintptr atomically ands mask into *addr and returns the old value.
func AndUintptr(addr *uintptr, mask uintptr) (old uintptr) {
	point("atomic.AndUintptr")
	return atomic.AndUintptr(addr, mask)
}

// OrUintptr atomically ors mask into *addr and returns the old value.
func OrUintptr(addr *uintptr, mask uintptr) (old uintptr) {
	point("atomic.OrUintptr")
	return atomic.OrUintptr(addr, mask)
}

// LoadUintptr atomically loads *addr.
func LoadUintptr(addr *uintptr) (val uintptr) {
	point("atomic.LoadUintptr")
	return atomic.LoadUintptr(addr)
}

// StoreUintptr atomically stores val into *addr.
func StoreUintptr(addr *uintptr, val uintptr) {
	point("atomic.StoreUintptr")
	atomic.StoreUintptr(addr, val)
}

// Uintptr is an atomic uintptr; the zero value is zero. Each method is one yield
// point under a World.
type Uintptr struct {
	_ noCopy
	v atomic.Uintptr
}

// Load atomically loads and returns the value stored in x.
func (x *Uintptr) Load() uintptr { point("atomic.Uintptr.Load"); return x.v.Load() }

// Store atomically stores val into x.
func (x *Uintptr) Store(val uintptr) { point("atomic.Uintptr.Store"); x.v.Store(val) }

// Swap atomically stores new into x and returns the previous value.
func (x *Uintptr) Swap(new uintptr) (old uintptr) { point("atomic.Uintptr.Swap"); return x.v.Swap(new) }

// CompareAndSwap executes the compare-and-swap operation for x.
func (x *Uintptr) CompareAndSwap(old, new uintptr) (swapped bool) {
	point("atomic.Uintptr.CompareAndSwap")
	return x.v.CompareAndSwap(old, new)
}

// Add atomically adds delta to x and returns the new value.
func (x *Uintptr) Add(delta uintptr) (new uintptr) {
	point("atomic.Uintptr.Add")
	return x.v.Add(delta)
}

// And atomically ands mask into x and returns the old value.
func (x *Uintptr) And(mask uintptr) (old uintptr) { point("atomic.Uintptr.And"); return x.v.And(mask) }

// Or atomically ors mask into x and returns the old value.
func (x *Uintptr) Or(mask uintptr) (old uintptr) { point("atomic.Uintptr.Or"); return x.v.Or(mask) }

// SwapPointer atomically stores new into *addr and returns the old value.
func SwapPointer(addr *unsafe.Pointer, new unsafe.Pointer) (old unsafe.Pointer) {
	point("atomic.SwapPointer")
	return atomic.SwapPointer(addr, new)
}

// CompareAndSwapPointer executes the compare-and-swap operation for an
// unsafe.Pointer value.
func CompareAndSwapPointer(addr *unsafe.Pointer, old, new unsafe.Pointer) (swapped bool) {
	point("atomic.CompareAndSwapPointer")
	return atomic.CompareAndSwapPointer(addr, old, new)
}

// LoadPointer atomically loads *addr.
func LoadPointer(addr *unsafe.Pointer) (val unsafe.Pointer) {
	point("atomic.LoadPointer")
	return atomic.LoadPointer(addr)
}

// StorePointer atomically stores val into *addr.
func StorePointer(addr *unsafe.Pointer, val unsafe.Pointer) {
	point("atomic.StorePointer")
	atomic.StorePointer(addr, val)
}
