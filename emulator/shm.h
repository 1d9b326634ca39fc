/*
 * shm — guest memory for the synthetic guests: one memfd mapped twice, once as the guest sees
 * it (driver view) and once as the device sees it (device view). Descriptor addresses are
 * offsets into the region; the device side resolves them only through shm_dev(), which
 * bounds-checks every (offset, length), so a guest's bad address is refused, never followed.
 */
#ifndef VRIOEMU_SHM_H
#define VRIOEMU_SHM_H

#include <stddef.h>
#include <stdint.h>

struct shm_region {
	int fd;         /* the memfd */
	size_t size;    /* bytes mapped in each view */
	size_t used;    /* bump allocator position */
	char *drv;      /* the guest's mapping */
	char *dev;      /* the device's mapping (same pages) */
};

/* Create and map @size bytes (rounded up to pages). 0 or negative errno. */
int shm_create(struct shm_region *r, size_t size);
void shm_destroy(struct shm_region *r);
/* Carve @size bytes aligned to @align (a power of 2). Offset, or -ENOMEM when full. */
int64_t shm_alloc(struct shm_region *r, size_t size, size_t align);
/* The guest's pointer for an offset it allocated itself. */
static inline void *shm_drv(const struct shm_region *r, uint64_t off) { return r->drv + off; }
/* The device's pointer for a guest-supplied (offset, length), or NULL if it leaves the region. */
static inline void *shm_dev(const struct shm_region *r, uint64_t off, uint64_t len)
{
	if (off > r->size || len > r->size - off)
		return NULL;
	return r->dev + off;
}

#endif
