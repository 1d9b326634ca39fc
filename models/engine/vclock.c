/*
 * vclock — the kept clock (vclock.h).
 */
#include "vclock.h"

double vclock_now_;
bool vclock_valid_;
