/* shm — see shm.h. */
#define _GNU_SOURCE
#include "shm.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

int shm_create(struct shm_region *r, size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	*r = (struct shm_region){.fd = -1};
	r->size = (size + page - 1) & ~(page - 1);
	r->fd = memfd_create("vrioemu-guest", MFD_CLOEXEC);
	if (r->fd < 0)
		return -errno;
	int err = 0;
	if (ftruncate(r->fd, (off_t)r->size) < 0) {
		err = -errno;
		goto fail;
	}
	/* Two mappings of the same pages: the device never uses the guest's pointers. */
	r->drv = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, 0);
	if (r->drv == MAP_FAILED) {
		err = -errno;
		r->drv = NULL;
		goto fail;
	}
	r->dev = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, 0);
	if (r->dev == MAP_FAILED) {
		err = -errno;
		r->dev = NULL;
		goto fail;
	}
	return 0;
fail:
	shm_destroy(r);
	return err;
}

void shm_destroy(struct shm_region *r)
{
	if (r->drv)
		munmap(r->drv, r->size);
	if (r->dev)
		munmap(r->dev, r->size);
	if (r->fd >= 0)
		close(r->fd);
	*r = (struct shm_region){.fd = -1};
}

int64_t shm_alloc(struct shm_region *r, size_t size, size_t align)
{
	size_t off = (r->used + align - 1) & ~(align - 1);
	if (off > r->size || size > r->size - off)
		return -ENOMEM;
	r->used = off + size;
	return (int64_t)off;
}
