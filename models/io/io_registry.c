/*
 * io_registry — the models by name (models.def).
 */
#include "io_model.h"

#define IO_MODEL(n) extern const struct io_model io_##n;
#include "models.def"
#undef IO_MODEL

static const struct io_model *const registry[] = {
#define IO_MODEL(n) &io_##n,
#include "models.def"
#undef IO_MODEL
};

static const char *const names[] = {
#define IO_MODEL(n) #n,
#include "models.def"
#undef IO_MODEL
	NULL
};

#define N_MODELS (int)(sizeof(registry) / sizeof(registry[0]))
_Static_assert(N_MODELS <= VS_MAX_MODELS, "more I/O models than VS_MAX_MODELS");

const struct io_model *io_model_get(int index)
{
	return index >= 0 && index < N_MODELS ? registry[index] : NULL;
}

int io_model_count(void) { return N_MODELS; }
const char *const *io_model_names(void) { return names; }

int io_all_cores(const struct vs_params *p) { return p->cores_per_vmhost; }
