/*
 * version — vrioemu's stamp on everything it writes: "vrioemu <project version> (<git rev>)",
 * the same mechanism as vriosim's ("vriosim <version> (<git rev>)"): the project version from
 * CMake, the revision from build/git_rev.h, rewritten at every build (cmake/git_rev.cmake).
 */
#ifndef VRIOEMU_VERSION_H
#define VRIOEMU_VERSION_H

const char *emu_version(void);

#endif
