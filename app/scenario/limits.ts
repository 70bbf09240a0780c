/**
 * The size limit every way of opening a scenario shares (loader, CLIs, app, embed), in a module of
 * its own so that the browser's main thread can check it without bundling the loader.
 */

/** Upper bound on a scenario's size in UTF-8 bytes (as stored in a file): larger input is refused before parsing. */
export const MAX_SCENARIO_BYTES = 2_000_000;
