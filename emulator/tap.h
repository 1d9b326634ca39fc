/*
 * tap — a tap device with a virtio-net header on every frame (IFF_VNET_HDR, header size 12,
 * the virtio 1.x struct virtio_net_hdr_v1), so the polling core can hand the guest's buffers
 * to the kernel as they are, like vhost-net. Non-blocking: a poller must never sleep in it.
 */
#ifndef VRIOEMU_TAP_H
#define VRIOEMU_TAP_H

/* Create tap @name in the calling thread's network namespace. fd, or negative errno. The tap
 * disappears when the fd is closed (not persistent): a killed run leaves none behind. */
int tap_open(const char *name);

#endif
