/*
 * scenario/dump — every key's resolved value as "section.key=value" lines, in table order:
 * `vriosim run --params`, and the stamp that tells a sweep point's results apart.
 */
#include <inttypes.h>
#include <stdio.h>

#include "internal.h"

void scenario_dump(const struct scenario *s, FILE *out)
{
	const char *base = (const char *)&s->p;
	for (int i = 0; i < scn_n_keys; i++) {
		const struct scn_key *k = &scn_keys[i];
		fprintf(out, "%s.%s=", k->section, k->name);
		switch (k->type) {
		case K_DOUBLE: fprintf(out, "%.17g", *(const double *)(base + k->off)); break;
		case K_INT: fprintf(out, "%d", *(const int *)(base + k->off)); break;
		case K_U32: fprintf(out, "%u", *(const uint32_t *)(base + k->off)); break;
		case K_U64: fprintf(out, "%llu", (unsigned long long)*(const uint64_t *)(base + k->off)); break;
		case K_BOOL: fprintf(out, "%s", *(const bool *)(base + k->off) ? "on" : "off"); break;
		case K_ENUM: fprintf(out, "%s", k->names[*(const int *)(base + k->off)]); break;
		case K_MODELS:
			for (int m = 0; m < s->n_models; m++)
				fprintf(out, "%s%s", m ? "," : "", vs_model_name(s->models[m]));
			break;
		case K_WEIGHTS:
			for (int w = 0; w < s->p.n_vm_load; w++)
				fprintf(out, "%s%.17g", w ? "," : "", s->p.vm_load[w]);
			break;
		case K_PATH: fprintf(out, "%s", (const char *)s + k->off); break;
		}
		fputc('\n', out);
	}
}
