/* version — see version.h. Its own file: a new revision recompiles this one only. */
#include "version.h"

#ifndef VRIOEMU_VERSION
#define VRIOEMU_VERSION "0"
#endif
#include "git_rev.h" /* VRIOSIM_GIT_REV, written at every build */

const char *emu_version(void) { return "vrioemu " VRIOEMU_VERSION " (" VRIOSIM_GIT_REV ")"; }
