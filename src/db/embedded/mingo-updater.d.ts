/**
 * mingo's own declaration of this entry point is reachable only through package "exports", which
 * this project's node10 module resolution does not read; these are the parts this server uses.
 * Calling the updater directly (not through mingo's index) avoids copying every operator table of
 * the full context on each update, which cost ~150 µs per write.
 */
declare module 'mingo/updater' {
  export function update(
    obj: object,
    modifier: object,
    arrayFilters?: object[],
    condition?: object,
    options?: { cloneMode?: 'deep' | 'copy' | 'none'; queryOptions?: object },
  ): string[];
}
