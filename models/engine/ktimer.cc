/*
 * ktimer — blocking simcalls answered by SimGrid kernel timers (C++: SimGrid's kernel API).
 *
 * Order at one date: SimGrid's timer heap does not say which of two timers due at the same
 * date runs first. So every date has a bucket of the waits due then, in the order they were
 * armed, and at most one kernel timer, which answers them in that order (first armed, first
 * woken). Cancelling a wait unlinks it; a bucket left empty drops its timer.
 *
 * Which dates hold a kernel timer: the earliest date always does; a later one only if it was
 * the earliest when armed. A date armed behind the earliest waits in our own heap of dates and
 * gets its timer when it becomes the earliest (when the earlier ones fire or empty). So the
 * engine moves its clock to the same dates as with a timer per date, and a wait armed and
 * cancelled before it is the earliest (a halt's poll end, a visit's timeout) costs SimGrid
 * nothing: no timer made, put in its heap, taken out and freed.
 *
 * SimGrid 3.32 installs simcall_blocking (simgrid/simix.hpp) and the kernel timers
 * (simgrid/kernel/Timer.hpp), and exports ActorImpl::self and ActorImpl::simcall_answer from
 * libsimgrid, but installs no header for the kernel actor class. The two members are declared
 * here as SimGrid defines them (src/kernel/actor/ActorImpl.hpp: static ActorImpl* self();
 * void simcall_answer();): non-virtual members called by their exported names. The link fails
 * if a SimGrid release drops either.
 */
#include "ktimer.h"

#include <cmath>
#include <simgrid/kernel/Timer.hpp>
#include <simgrid/simix.hpp>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace simgrid {
namespace kernel {
namespace actor {
class ActorImpl {
public:
	static ActorImpl *self();
	void simcall_answer();
};
} // namespace actor
} // namespace kernel
} // namespace simgrid

using simgrid::kernel::actor::ActorImpl;
using simgrid::kernel::timer::Timer;

namespace {

/* The waits due at one date, first armed first. */
struct bucket {
	double date;
	Timer *timer; /* its kernel timer (nullptr: none yet, see above) */
	size_t at;    /* its place in the heap of dates */
	struct vs_block *head, *tail;
	bucket *free_next;
};

/* Buckets by date: an open-addressing table (linear probing, backward-shift deletion) over a
 * pool of buckets, so arming a wait allocates nothing once the pool has grown, and a binary
 * min-heap of the same buckets by date. The engine's (one simulation per process). */
class agenda {
	std::vector<bucket *> slot_; /* power-of-two size; nullptr: empty */
	size_t used_ = 0;
	bucket *free_ = nullptr;
	std::vector<std::unique_ptr<bucket[]>> chunks_;
	std::vector<bucket *> heap_; /* by date, earliest first (dates are distinct) */

	void put(size_t i, bucket *k)
	{
		heap_[i] = k;
		k->at = i;
	}
	void up(size_t i)
	{
		bucket *k = heap_[i];
		while (i > 0 && heap_[(i - 1) / 2]->date > k->date) {
			put(i, heap_[(i - 1) / 2]);
			i = (i - 1) / 2;
		}
		put(i, k);
	}
	void down(size_t i)
	{
		bucket *k = heap_[i];
		size_t n = heap_.size();
		for (;;) {
			size_t c = 2 * i + 1;
			if (c >= n)
				break;
			if (c + 1 < n && heap_[c + 1]->date < heap_[c]->date)
				c++;
			if (!(heap_[c]->date < k->date))
				break;
			put(i, heap_[c]);
			i = c;
		}
		put(i, k);
	}

	size_t home(double d) const
	{
		uint64_t x;
		std::memcpy(&x, &d, sizeof(x));
		x ^= x >> 33;
		x *= 0xff51afd7ed558ccdULL;
		x ^= x >> 33;
		return (size_t)x & (slot_.size() - 1);
	}
	void grow()
	{
		std::vector<bucket *> old(slot_.size() ? slot_.size() * 2 : 256, nullptr);
		old.swap(slot_);
		used_ = 0;
		for (bucket *k : old)
			if (k)
				place(k);
	}
	void place(bucket *k)
	{
		size_t i = home(k->date);
		while (slot_[i])
			i = (i + 1) & (slot_.size() - 1);
		slot_[i] = k;
		used_++;
	}

public:
	bucket *find(double d) const
	{
		if (slot_.empty())
			return nullptr;
		for (size_t i = home(d); slot_[i]; i = (i + 1) & (slot_.size() - 1))
			if (slot_[i]->date == d)
				return slot_[i];
		return nullptr;
	}
	bucket *add(double d)
	{
		if (2 * (used_ + 1) > slot_.size())
			grow();
		if (!free_) {
			chunks_.emplace_back(new bucket[256]);
			for (int j = 0; j < 256; j++) {
				chunks_.back()[j].free_next = free_;
				free_ = &chunks_.back()[j];
			}
		}
		bucket *k = free_;
		free_ = k->free_next;
		*k = bucket{ d, nullptr, 0, nullptr, nullptr, nullptr };
		place(k);
		heap_.push_back(k);
		up(heap_.size() - 1);
		return k;
	}
	/* The earliest date's bucket (nullptr: none). */
	bucket *earliest() const { return heap_.empty() ? nullptr : heap_[0]; }
	void remove(bucket *k)
	{
		bucket *last = heap_.back();
		heap_.pop_back();
		if (last != k) {
			size_t at = k->at;
			put(at, last);
			up(at);
			down(last->at);
		}
		size_t mask = slot_.size() - 1, i = home(k->date);
		while (slot_[i] != k)
			i = (i + 1) & mask;
		/* backward shift: pull later entries of the probe run into the hole */
		for (size_t j = (i + 1) & mask; slot_[j]; j = (j + 1) & mask) {
			size_t h = home(slot_[j]->date);
			if (((j - h) & mask) >= ((j - i) & mask)) {
				slot_[i] = slot_[j];
				i = j;
			}
		}
		slot_[i] = nullptr;
		used_--;
		k->free_next = free_;
		free_ = k;
	}
};

agenda &buckets()
{
	static agenda a;
	return a;
}

ActorImpl *actor_of(const struct vs_block *b) { return static_cast<ActorImpl *>(b->actor); }

/* Kernel side (maestro): @b's date came, or a waker answered it. */
void answer(struct vs_block *b)
{
	b->blocked = false;
	b->parked = false;
	if (b->fn)
		b->fn(b->arg);
	actor_of(b)->simcall_answer();
}

void fire_date(bucket *k);

/* The earliest date holds a kernel timer (after it changed: an arm before it, a fire, an empty
 * bucket dropped). */
void time_earliest()
{
	bucket *k = buckets().earliest();
	if (k && !k->timer)
		k->timer = Timer::set(k->date, [k] { fire_date(k); });
}

/* Kernel side: @k's timer is due (SimGrid deletes the timer after this call). */
void fire_date(bucket *k)
{
	struct vs_block *b = k->head;
	k->timer = nullptr;
	buckets().remove(k);
	time_earliest();
	while (b) {
		struct vs_block *next = b->tnext;
		b->bucket = nullptr;
		b->tprev = b->tnext = nullptr;
		answer(b);
		b = next;
	}
}

void arm(struct vs_block *b, double date)
{
	bucket *k = buckets().find(date);
	if (!k) {
		k = buckets().add(date);
		time_earliest();
	}
	b->tprev = k->tail;
	b->tnext = nullptr;
	if (k->tail)
		k->tail->tnext = b;
	else
		k->head = b;
	k->tail = b;
	b->bucket = k;
}

void disarm(struct vs_block *b)
{
	auto *k = static_cast<bucket *>(b->bucket);
	if (!k)
		return;
	if (b->tprev)
		b->tprev->tnext = b->tnext;
	else
		k->head = b->tnext;
	if (b->tnext)
		b->tnext->tprev = b->tprev;
	else
		k->tail = b->tprev;
	b->tprev = b->tnext = nullptr;
	b->bucket = nullptr;
	if (!k->head) {
		if (k->timer)
			k->timer->remove();
		buckets().remove(k);
		time_earliest();
	}
}

/* A waker's answer to @b, not its date's: bench/ counts a run's wakes as the calls to this
 * function (callgrind), so it is never inlined. */
__attribute__((noinline)) void answer_woken(struct vs_block *b)
{
	disarm(b);
	b->woken = true;
	answer(b);
}

/* The calling actor blocks on @b until its date (or a waker). Until SimGrid handles its
 * simcall (after every actor of this sub-round ran), @b is blocked but not parked: a waker that
 * runs later in this sub-round only marks it woken, and the handling answers it instead of
 * arming its date. A waker that ran before it in this sub-round saw it not blocked. */
bool block(struct vs_block *b, double date)
{
	b->actor = ActorImpl::self();
	b->blocked = true;
	b->woken = false;
	simgrid::kernel::actor::simcall_blocking([b, date] {
		b->parked = true;
		if (b->woken)
			answer_woken(b);
		else if (std::isfinite(date))
			arm(b, date);
	});
	return b->woken;
}

} // namespace

extern "C" void vs_block_init(struct vs_block *b) { *b = vs_block{}; }

extern "C" bool vs_block_until(struct vs_block *b, double date) { return block(b, date); }

/* A wake does not yield the waker: an actor's simcall would suspend it until the next
 * sub-round, with the woken actor run first. The parked actor is answered here, from the
 * waker's context (sequential contexts only: SimGrid reads its list of actors to run as it
 * switches, so the woken actor runs later in this same sub-round, after those already in it). */
extern "C" void vs_block_wake(struct vs_block *b)
{
	if (!b->blocked)
		return;
	if (!b->parked) { /* its simcall is still to be handled in this sub-round */
		b->woken = true;
		return;
	}
	answer_woken(b);
}

extern "C" void vs_sleep_until(double date)
{
	struct vs_block b = {};
	block(&b, date);
}

extern "C" void vs_run_at(double date, void (*fn)(void *), void *arg)
{
	struct vs_block b = {};
	b.fn = fn;
	b.arg = arg;
	block(&b, date);
}

namespace {
struct chain {
	double first, step;
	long n, done;
};

void chain_next(chain *c)
{
	if (++c->done < c->n)
		Timer::set(c->first + (double)c->done * c->step, [c] { chain_next(c); });
	else
		delete c;
}
} // namespace

extern "C" void vs_timer_chain(double first, double step, long n)
{
	if (n < 1)
		return;
	auto *c = new chain{ first, step, n, 0 };
	Timer::set(first, [c] { chain_next(c); });
}
