/*
 * dsort — sorting doubles in place with std::sort (engine/dsort.h).
 */
#include "dsort.h"

#include <algorithm>

extern "C" void dsort(double *v, size_t n) { std::sort(v, v + n); }
