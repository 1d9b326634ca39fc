/*
 * version — the version and the git revision read at build time (cmake/git_rev.cmake).
 */
#include "version.h"

#ifndef VRIOSIM_VERSION
#define VRIOSIM_VERSION "0"
#endif
#include "git_rev.h" /* VRIOSIM_GIT_REV, written at every build */

const char *version_string(void) { return "vriosim " VRIOSIM_VERSION " (" VRIOSIM_GIT_REV ")"; }
