/**
 * How a loader reads a file another file names (a cluster file's `objectsFrom:`): given the name as
 * written, its text or why it cannot be read. The CLIs read beside the naming file; the app has no
 * such reader, so those files are refused with a message saying so.
 */
export type ReadFile = (name: string) => { readonly text: string } | { readonly error: string };
