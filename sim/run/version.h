/*
 * version — "vriosim <version> (<git rev>)": the first line of every file vriosim writes
 * (after "# " in CSVs), `vriosim --version`, and part of every sweep point's stamp.
 */
#ifndef VRIOSIM_VERSION_H
#define VRIOSIM_VERSION_H

const char *version_string(void);

#endif
